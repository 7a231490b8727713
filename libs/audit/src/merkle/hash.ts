import { sha256 } from "../bytes.ts";
import { AuditError } from "../errors.ts";

/** RFC 6962 §2.1 over SHA-256: every hash in the tree is 32 bytes. */
export const HASH_SIZE = 32;

/** MTH({}) = SHA-256 of the empty string: the root of the empty tree. */
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/** MTH({d}) = SHA-256(0x00 || d). The prefix keeps a leaf from ever hashing like an inner node. */
export function hashLeaf(leaf: Uint8Array): Uint8Array {
  const input = Buffer.allocUnsafe(1 + leaf.length);
  input[0] = LEAF_PREFIX;
  input.set(leaf, 1);
  return sha256(input);
}

/** SHA-256(0x01 || left || right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input);
}

/** The k of RFC 6962 §2.1: the largest power of two smaller than n (n >= 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Sizes and indexes are JS numbers: integers up to 2^53 are exact, far beyond any audit log. */
export function assertCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new AuditError("OUT_OF_RANGE", `${what} must be a non-negative safe integer`);
  }
}

export function assertHash(value: Uint8Array, what: string): void {
  if (value.length !== HASH_SIZE) throw new AuditError("MALFORMED", `${what} must be ${HASH_SIZE} bytes`);
}
