import { AuditError } from "../errors.ts";
import { assertCount, assertHash, EMPTY_ROOT, hashChildren, hashLeaf, splitPoint } from "./hash.ts";
import { HashColumn } from "./hash-column.ts";

/**
 * An append-only RFC 6962 Merkle tree that can answer for any earlier size too.
 *
 * It keeps the hash of every perfect, aligned subtree (level k holds the nodes covering
 * 2^k leaves): about 2n hashes, 64 MiB for a million leaves. Any node of the tree of an earlier
 * size m is either one of those (O(1)) or lies on that tree's right border, which is folded from
 * O(log m) stored subtrees. So roots cost O(log n) and proofs O(log² n) hashes, never a
 * recomputation over the leaves.
 */
export class MerkleTree {
  private readonly levels: HashColumn[] = [new HashColumn()];

  get size(): number {
    return this.column(0).length;
  }

  /** Appends one leaf (its exact bytes) and returns its index. */
  append(leaf: Uint8Array): number {
    return this.appendLeafHash(hashLeaf(leaf));
  }

  /** Appends a leaf by its RFC 6962 leaf hash (e.g. when rebuilding from stored hashes). */
  appendLeafHash(leafHash: Uint8Array): number {
    assertHash(leafHash, "leaf hash");
    const index = this.size;
    this.column(0).push(leafHash);
    // Each odd index completes the pair it ends, one level up.
    let node = leafHash;
    let level = 0;
    for (let i = index; i % 2 === 1; i = Math.floor(i / 2)) {
      node = hashChildren(this.column(level).at(i - 1), node);
      level += 1;
      if (this.levels.length === level) this.levels.push(new HashColumn());
      this.column(level).push(node);
    }
    return index;
  }

  leafHash(index: number): Uint8Array {
    this.assertIndex(index, this.size);
    return Uint8Array.from(this.column(0).at(index));
  }

  /** MTH(D[0:size]) for the current or any earlier size. */
  root(size: number = this.size): Uint8Array {
    this.assertSize(size);
    return size === 0 ? Uint8Array.from(EMPTY_ROOT) : Uint8Array.from(this.subtree(0, size));
  }

  /** The perfect subtrees covering [0, size), largest first (see CompactRange). */
  compactRange(size: number): Uint8Array[] {
    this.assertSize(size);
    const hashes: Uint8Array[] = [];
    let lo = 0;
    for (let width = highestPowerOfTwoAtMost(size); width >= 1; width /= 2) {
      if (size - lo >= width) {
        hashes.push(Uint8Array.from(this.subtree(lo, lo + width)));
        lo += width;
      }
    }
    return hashes;
  }

  /** RFC 6962 §2.1.1 PATH(index, D[0:size]), leaf to root. */
  inclusionProof(index: number, size: number = this.size): Uint8Array[] {
    this.assertSize(size);
    this.assertIndex(index, size);
    const path: Uint8Array[] = [];
    let lo = 0;
    let hi = size;
    while (hi - lo > 1) {
      const k = splitPoint(hi - lo);
      if (index < lo + k) {
        path.push(this.subtree(lo + k, hi));
        hi = lo + k;
      } else {
        path.push(this.subtree(lo, lo + k));
        lo += k;
      }
    }
    return path.reverse().map((h) => Uint8Array.from(h));
  }

  /** RFC 6962 §2.1.2 PROOF(first, D[0:second]); empty when first is 0 or equals second. */
  consistencyProof(first: number, second: number = this.size): Uint8Array[] {
    this.assertSize(second);
    assertCount(first, "first size");
    if (first > second) throw new AuditError("OUT_OF_RANGE", `first size ${first} exceeds second size ${second}`);
    if (first === 0 || first === second) return [];
    const proof: Uint8Array[] = [];
    let lo = 0;
    let hi = second;
    // SUBPROOF's flag b: true while the old tree is still a left prefix of the current subtree.
    let whole = true;
    for (;;) {
      const m = first - lo;
      const n = hi - lo;
      if (m === n) {
        if (!whole) proof.push(this.subtree(lo, hi));
        break;
      }
      const k = splitPoint(n);
      if (m <= k) {
        proof.push(this.subtree(lo + k, hi));
        hi = lo + k;
      } else {
        proof.push(this.subtree(lo, lo + k));
        lo += k;
        whole = false;
      }
    }
    return proof.reverse().map((h) => Uint8Array.from(h));
  }

  /** MTH(D[lo:hi]) for a range that is a node of some tree of size <= this.size. */
  private subtree(lo: number, hi: number): Uint8Array {
    const width = hi - lo;
    const level = exactLog2(width);
    if (level !== undefined && lo % width === 0) return this.column(level).at(lo / width);
    const k = splitPoint(width);
    return hashChildren(this.subtree(lo, lo + k), this.subtree(lo + k, hi));
  }

  private column(level: number): HashColumn {
    const column = this.levels[level];
    if (column === undefined) throw new Error(`merkle tree invariant: no level ${level}`);
    return column;
  }

  private assertSize(size: number): void {
    assertCount(size, "tree size");
    if (size > this.size) throw new AuditError("OUT_OF_RANGE", `tree size ${size} exceeds ${this.size}`);
  }

  private assertIndex(index: number, size: number): void {
    assertCount(index, "leaf index");
    if (index >= size) throw new AuditError("OUT_OF_RANGE", `leaf index ${index} is not below ${size}`);
  }
}

/** k when n = 2^k; computed by doubling because bit operators stop at 32 bits. */
function exactLog2(n: number): number | undefined {
  let k = 0;
  let p = 1;
  while (p < n) {
    p *= 2;
    k += 1;
  }
  return p === n ? k : undefined;
}

function highestPowerOfTwoAtMost(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return n === 0 ? 0 : p;
}
