import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AuditError, CompactRange, hashLeaf, MerkleTree, verifyConsistency, verifyInclusion } from "../src/mod.ts";
import { refMth, refPath, refProof } from "./support/reference-merkle.ts";

// Leaves start with their index so that no two are equal: a proof for one leaf must fail for another.
const leavesArb = fc
  .array(fc.uint8Array({ maxLength: 40 }), { minLength: 1, maxLength: 160 })
  .map((leaves) => leaves.map((bytes, i) => Uint8Array.of(i, ...bytes)));

/** A tree of random leaves plus a size m <= n and an index below m. */
const caseArb = leavesArb.chain((leaves) =>
  fc.integer({ min: 1, max: leaves.length }).chain((n) =>
    fc.record({
      leaves: fc.constant(leaves),
      n: fc.constant(n),
      m: fc.integer({ min: 0, max: n }),
      index: fc.integer({ min: 0, max: n - 1 }),
    }),
  ),
);

function build(leaves: readonly Uint8Array[]): MerkleTree {
  const tree = new MerkleTree();
  for (const leaf of leaves) tree.append(leaf);
  return tree;
}

function expectProofInvalid(f: () => void): void {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(AuditError);
    expect((err as AuditError).code).toBe("PROOF_INVALID");
    return;
  }
  throw new Error("proof accepted");
}

describe("Merkle tree against a naive recursive RFC 6962 recomputation", () => {
  it("roots, inclusion and consistency proofs for any earlier size equal the reference", () => {
    fc.assert(
      fc.property(caseArb, ({ leaves, n, m, index }) => {
        const tree = build(leaves);
        const prefix = leaves.slice(0, n);
        expect(tree.root(n)).toEqual(refMth(prefix));
        expect(tree.root(m)).toEqual(refMth(leaves.slice(0, m)));
        expect(tree.inclusionProof(index, n)).toEqual(refPath(index, prefix));
        expect(tree.consistencyProof(m, n)).toEqual(refProof(m, prefix));
      }),
      { numRuns: 300 },
    );
  });

  it("the reference's proofs verify, and any altered proof is refused", () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), fc.integer({ min: 0, max: 255 }), ({ leaves, n, m, index }, pick, bit) => {
        const prefix = leaves.slice(0, n);
        const root = refMth(prefix);
        const leafHash = hashLeaf(leaves[index] as Uint8Array);
        const path = refPath(index, prefix);
        verifyInclusion(leafHash, index, n, path, root);
        const proof = refProof(m, prefix);
        const root1 = refMth(leaves.slice(0, m));
        verifyConsistency(m, n, root1, root, proof);

        // One flipped bit in one proof hash.
        if (path.length > 0) {
          const altered = path.map((h) => Uint8Array.from(h));
          const target = altered[pick % altered.length] as Uint8Array;
          target[bit % 32] = (target[bit % 32] as number) ^ (1 << (bit % 8));
          expectProofInvalid(() => verifyInclusion(leafHash, index, n, altered, root));
        }
        if (proof.length > 0) {
          const altered = proof.map((h) => Uint8Array.from(h));
          const target = altered[pick % altered.length] as Uint8Array;
          target[bit % 32] = (target[bit % 32] as number) ^ (1 << (bit % 8));
          expectProofInvalid(() => verifyConsistency(m, n, root1, root, altered));
          // A hash removed or added.
          expectProofInvalid(() => verifyConsistency(m, n, root1, root, proof.slice(1)));
          expectProofInvalid(() => verifyConsistency(m, n, root1, root, [...proof, root]));
        }
        // Extra or missing hashes, the wrong index or size.
        expectProofInvalid(() => verifyInclusion(leafHash, index, n, [...path, root], root));
        if (path.length > 0) expectProofInvalid(() => verifyInclusion(leafHash, index, n, path.slice(0, -1), root));
        if (n > 1) expectProofInvalid(() => verifyInclusion(leafHash, (index + 1) % n, n, path, root));
        expectProofInvalid(() => verifyInclusion(leafHash, index, n * 2, path, root));
      }),
      { numRuns: 300 },
    );
  });

  it("a compact range continues a tree: appending the rest gives the same root", () => {
    fc.assert(
      fc.property(caseArb, ({ leaves, n, m }) => {
        const tree = build(leaves.slice(0, n));
        const range = new CompactRange(m, tree.compactRange(m));
        for (let i = m; i < n; i++) range.append(tree.leafHash(i));
        expect(range.size).toBe(n);
        expect(range.root()).toEqual(refMth(leaves.slice(0, n)));
      }),
      { numRuns: 200 },
    );
  });

  it("matches the reference at earlier sizes of a 5,000-leaf tree", () => {
    const leaves = Array.from({ length: 5000 }, (_, i) => Buffer.from(`leaf ${i}`));
    const tree = build(leaves);
    for (const [m, n, index] of [
      [1, 5000, 0],
      [1234, 4097, 4096],
      [4096, 4999, 17],
      [2047, 2049, 2048],
    ] as const) {
      expect(tree.root(n)).toEqual(refMth(leaves.slice(0, n)));
      expect(tree.inclusionProof(index, n)).toEqual(refPath(index, leaves.slice(0, n)));
      expect(tree.consistencyProof(m, n)).toEqual(refProof(m, leaves.slice(0, n)));
    }
  });
});
