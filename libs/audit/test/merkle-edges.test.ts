import { describe, expect, it } from "vitest";
import {
  AuditError,
  CompactRange,
  EMPTY_ROOT,
  hashLeaf,
  MerkleTree,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from "../src/mod.ts";

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return err instanceof AuditError ? err.code : "NOT_AN_AUDIT_ERROR";
  }
  return undefined;
}

const a = hashLeaf(Uint8Array.of(1));
const b = hashLeaf(Uint8Array.of(2));

describe("Merkle edge cases (after transparency-dev/merkle proof/verify_test.go)", () => {
  it("degenerate consistency proofs: empty trees and equal sizes", () => {
    expect(codeOf(() => verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, []))).toBeUndefined();
    expect(codeOf(() => verifyConsistency(0, 1, EMPTY_ROOT, a, []))).toBeUndefined();
    expect(codeOf(() => verifyConsistency(1, 1, a, a, []))).toBeUndefined();
    expect(codeOf(() => verifyConsistency(1, 1, a, b, []))).toBe("PROOF_INVALID");
    expect(codeOf(() => verifyConsistency(0, 1, a, b, []))).toBe("PROOF_INVALID");
    expect(codeOf(() => verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]))).toBe("PROOF_INVALID");
    expect(codeOf(() => verifyConsistency(1, 1, a, a, [EMPTY_ROOT]))).toBe("PROOF_INVALID");
    // Time travel and an empty proof between different sizes.
    expect(codeOf(() => verifyConsistency(2, 1, a, b, []))).toBe("PROOF_INVALID");
    expect(codeOf(() => verifyConsistency(1, 2, a, b, []))).toBe("PROOF_INVALID");
  });

  it("inclusion in an empty tree or beyond the size is refused", () => {
    expect(codeOf(() => verifyInclusion(a, 0, 0, [], EMPTY_ROOT))).toBe("PROOF_INVALID");
    expect(codeOf(() => verifyInclusion(a, 1, 1, [], a))).toBe("PROOF_INVALID");
    expect(codeOf(() => verifyInclusion(a, 0, 1, [], a))).toBeUndefined();
    expect(codeOf(() => verifyInclusion(a, 0, 1, [], b))).toBe("PROOF_INVALID");
  });

  it("hashes that are not 32 bytes are refused, even as trailing garbage", () => {
    const tree = new MerkleTree();
    tree.append(Uint8Array.of(1));
    tree.append(Uint8Array.of(2));
    const proof = tree.inclusionProof(0);
    expect(codeOf(() => verifyInclusion(a, 0, 2, [...proof, new Uint8Array(0)], tree.root()))).toBe("PROOF_INVALID");
    expect(codeOf(() => rootFromInclusionProof(0, 2, new Uint8Array(31), proof))).toBe("PROOF_INVALID");
    expect(codeOf(() => verifyConsistency(1, 2, a, tree.root(), [new Uint8Array(33)]))).toBe("PROOF_INVALID");
  });

  it("asks for sizes and indexes inside the tree", () => {
    const tree = new MerkleTree();
    tree.append(Uint8Array.of(1));
    expect(codeOf(() => tree.root(2))).toBe("OUT_OF_RANGE");
    expect(codeOf(() => tree.inclusionProof(1))).toBe("OUT_OF_RANGE");
    expect(codeOf(() => tree.consistencyProof(2, 1))).toBe("OUT_OF_RANGE");
    expect(codeOf(() => tree.leafHash(-1))).toBe("OUT_OF_RANGE");
    expect(codeOf(() => tree.root(0.5))).toBe("OUT_OF_RANGE");
    expect(codeOf(() => tree.appendLeafHash(new Uint8Array(3)))).toBe("MALFORMED");
  });

  it("a compact range must have one hash per set bit of its size", () => {
    expect(codeOf(() => new CompactRange(3, [a]))).toBe("MALFORMED");
    expect(codeOf(() => new CompactRange(3, [a, b]))).toBeUndefined();
    expect(new CompactRange().root()).toEqual(EMPTY_ROOT);
  });

  it("hands out copies: changing a returned hash does not change the tree", () => {
    const tree = new MerkleTree();
    tree.append(Uint8Array.of(1));
    tree.append(Uint8Array.of(2));
    const root = tree.root();
    const leaf = tree.leafHash(0);
    leaf.fill(0);
    tree.inclusionProof(0)[0]?.fill(0);
    expect(tree.root()).toEqual(root);
  });
});
