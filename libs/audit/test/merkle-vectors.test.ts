import { describe, expect, it } from "vitest";
import { EMPTY_ROOT, hashLeaf, MerkleTree, verifyConsistency, verifyInclusion } from "../src/mod.ts";

// The classic RFC 6962 test vectors (8 leaves), first published with the C++ certificate-transparency
// merkle_tree_test.cc and kept in transparency-dev/merkle proof/verify_test.go
// (github.com/transparency-dev/merkle, commit 02194e9afb6c1d95b5381350007963aa70fff472) and in
// google/trillian testonly/compact_merkle_tree.go.
const hex = (s: string) => Uint8Array.from(Buffer.from(s, "hex"));

const LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(
  hex,
);

/** ROOTS[i] is the root of the tree of the first i + 1 leaves. */
const ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
].map(hex);

/** Inclusion proofs; the source numbers leaves from 1, here they are 0-based indexes. */
const INCLUSION = [
  {
    index: 0,
    size: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
  { index: 2, size: 3, proof: ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
  {
    index: 1,
    size: 5,
    proof: [
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  },
].map((v) => ({ ...v, proof: v.proof.map(hex) }));

const CONSISTENCY = [
  {
    size1: 1,
    size2: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    size1: 6,
    size2: 8,
    proof: [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
  {
    size1: 2,
    size2: 5,
    proof: [
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  },
  {
    size1: 6,
    size2: 7,
    proof: [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
].map((v) => ({ ...v, proof: v.proof.map(hex) }));

function treeOf(n: number): MerkleTree {
  const tree = new MerkleTree();
  for (const leaf of LEAVES.slice(0, n)) tree.append(leaf);
  return tree;
}

describe("RFC 6962 test vectors", () => {
  it("the empty tree's root is SHA-256 of nothing", () => {
    expect(Buffer.from(new MerkleTree().root()).toString("hex")).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    expect(new MerkleTree().root()).toEqual(EMPTY_ROOT);
  });

  it("computes the root after every append, and every earlier root from the full tree", () => {
    const growing = new MerkleTree();
    LEAVES.forEach((leaf, i) => {
      growing.append(leaf);
      expect(growing.root()).toEqual(ROOTS[i]);
    });
    const full = treeOf(8);
    ROOTS.forEach((root, i) => {
      expect(full.root(i + 1)).toEqual(root);
    });
  });

  it.each(INCLUSION)("generates and verifies the inclusion proof of leaf $index in size $size", (v) => {
    const tree = treeOf(8);
    expect(tree.inclusionProof(v.index, v.size)).toEqual(v.proof);
    expect(treeOf(v.size).inclusionProof(v.index)).toEqual(v.proof);
    const leafHash = hashLeaf(LEAVES[v.index] as Uint8Array);
    expect(() => verifyInclusion(leafHash, v.index, v.size, v.proof, ROOTS[v.size - 1] as Uint8Array)).not.toThrow();
  });

  it.each(CONSISTENCY)("generates and verifies the consistency proof from $size1 to $size2", (v) => {
    const tree = treeOf(8);
    expect(tree.consistencyProof(v.size1, v.size2)).toEqual(v.proof);
    const root1 = ROOTS[v.size1 - 1] as Uint8Array;
    const root2 = ROOTS[v.size2 - 1] as Uint8Array;
    expect(() => verifyConsistency(v.size1, v.size2, root1, root2, v.proof)).not.toThrow();
  });

  it("a one-leaf tree's root is its leaf hash and its proofs are empty", () => {
    const tree = treeOf(1);
    expect(tree.root()).toEqual(hashLeaf(LEAVES[0] as Uint8Array));
    expect(tree.inclusionProof(0)).toEqual([]);
    expect(tree.consistencyProof(1, 1)).toEqual([]);
  });
});
