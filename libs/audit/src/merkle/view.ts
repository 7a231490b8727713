import type { MerkleTree } from "./tree.ts";

/** What readers of a log (checkpoints, proofs, exports) may use: no append. */
export type MerkleTreeView = Pick<
  MerkleTree,
  "size" | "root" | "leafHash" | "compactRange" | "inclusionProof" | "consistencyProof"
>;
