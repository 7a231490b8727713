import { equalBytes } from "../bytes.ts";
import { AuditError } from "../errors.ts";
import { assertCount, EMPTY_ROOT, HASH_SIZE, hashChildren } from "./hash.ts";

function invalid(message: string): AuditError {
  return new AuditError("PROOF_INVALID", message);
}

function checkHashes(hashes: readonly Uint8Array[], what: string): void {
  for (const h of hashes) if (h.length !== HASH_SIZE) throw invalid(`${what} holds a hash that is not 32 bytes`);
}

/**
 * The root an inclusion proof leads to, by RFC 9162 §2.1.3.2. Throws PROOF_INVALID when the
 * proof has the wrong length for (index, size); comparing with a trusted root is the caller's.
 */
export function rootFromInclusionProof(
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array {
  assertCount(index, "leaf index");
  assertCount(size, "tree size");
  if (index >= size) throw invalid(`leaf index ${index} is not below tree size ${size}`);
  if (leafHash.length !== HASH_SIZE) throw invalid("leaf hash is not 32 bytes");
  checkHashes(proof, "inclusion proof");
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) throw invalid("inclusion proof is too long");
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      // A right border node with no sibling: climb until we are a right child again.
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw invalid("inclusion proof is too short");
  return r;
}

/** Throws PROOF_INVALID unless `proof` shows the leaf at `index` is in the tree of `size` with `root`. */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  if (!equalBytes(rootFromInclusionProof(index, size, leafHash, proof), root)) {
    throw invalid("inclusion proof leads to a different root");
  }
}

/**
 * Throws PROOF_INVALID unless `proof` shows the tree (size1, root1) is a prefix of the tree
 * (size2, root2), by RFC 9162 §2.1.4.2. The degenerate cases it leaves out: equal sizes need an
 * empty proof and equal roots; an empty first tree needs an empty proof and the empty root.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): void {
  assertCount(size1, "first size");
  assertCount(size2, "second size");
  if (root1.length !== HASH_SIZE || root2.length !== HASH_SIZE) throw invalid("roots must be 32 bytes");
  checkHashes(proof, "consistency proof");
  if (size1 > size2) throw invalid(`first size ${size1} exceeds second size ${size2}`);
  if (size1 === size2) {
    if (proof.length !== 0) throw invalid("equal sizes take an empty proof");
    if (!equalBytes(root1, root2)) throw invalid("equal sizes with different roots");
    return;
  }
  if (size1 === 0) {
    if (proof.length !== 0) throw invalid("an empty first tree takes an empty proof");
    if (!equalBytes(root1, EMPTY_ROOT)) throw invalid("an empty tree has the empty root");
    return;
  }
  if (proof.length === 0) throw invalid("consistency proof is empty");
  // A first tree of 2^k leaves is itself a node of the second tree: its root starts the path.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  const [first, ...rest] = path as [Uint8Array, ...Uint8Array[]];
  let fr = first;
  let sr = first;
  for (const c of rest) {
    if (sn === 0) throw invalid("consistency proof is too long");
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw invalid("consistency proof is too short");
  if (!equalBytes(fr, root1)) throw invalid("consistency proof does not lead to the first root");
  if (!equalBytes(sr, root2)) throw invalid("consistency proof does not lead to the second root");
}

function isPowerOfTwo(n: number): boolean {
  let p = 1;
  while (p < n) p *= 2;
  return p === n;
}
