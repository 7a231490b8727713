import { AuditError } from "../errors.ts";
import { assertCount, assertHash, EMPTY_ROOT, hashChildren } from "./hash.ts";

/** How many perfect subtrees cover [0, size): one per set bit of size. */
export function compactRangeLength(size: number): number {
  let bits = 0;
  for (let s = size; s > 0; s = Math.floor(s / 2)) bits += s % 2;
  return bits;
}

/**
 * The compact range of a tree of `size` leaves: the roots of the perfect subtrees that cover
 * [0, size), largest (leftmost) first. It is all that is needed to keep appending leaves and
 * to compute the root, which is how an export recomputes a checkpoint's root from the hashes
 * before its first entry.
 */
export class CompactRange {
  private readonly nodes: Uint8Array[];
  private count: number;

  constructor(size = 0, hashes: readonly Uint8Array[] = []) {
    assertCount(size, "size");
    if (hashes.length !== compactRangeLength(size)) {
      throw new AuditError("MALFORMED", `a compact range of size ${size} has ${compactRangeLength(size)} hashes`);
    }
    for (const h of hashes) assertHash(h, "compact range hash");
    this.nodes = hashes.map((h) => Uint8Array.from(h));
    this.count = size;
  }

  get size(): number {
    return this.count;
  }

  append(leafHash: Uint8Array): void {
    assertHash(leafHash, "leaf hash");
    // Each trailing 1-bit of the old size is a perfect subtree the new leaf completes.
    let node: Uint8Array = Uint8Array.from(leafHash);
    for (let s = this.count; s % 2 === 1; s = Math.floor(s / 2)) {
      const left = this.nodes.pop();
      if (left === undefined) throw new Error("compact range invariant: missing subtree");
      node = hashChildren(left, node);
    }
    this.nodes.push(node);
    this.count += 1;
  }

  /** MTH of the whole range: the subtrees folded from the right, as RFC 6962 §2.1 splits. */
  root(): Uint8Array {
    let root: Uint8Array | undefined;
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const node = this.nodes[i] as Uint8Array;
      root = root === undefined ? node : hashChildren(node, root);
    }
    return root === undefined ? Uint8Array.from(EMPTY_ROOT) : Uint8Array.from(root);
  }

  hashes(): Uint8Array[] {
    return this.nodes.map((h) => Uint8Array.from(h));
  }
}
