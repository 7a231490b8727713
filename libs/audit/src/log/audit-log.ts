import { equalBytes } from "../bytes.ts";
import { AuditError } from "../errors.ts";
import { MerkleTree } from "../merkle/tree.ts";
import type { MerkleTreeView } from "../merkle/view.ts";
import { buildLogEntry, decodeLeaf, type LeafRecord } from "./entry.ts";

/**
 * The audit log's in-memory state: the Merkle tree and the end of the hash chain.
 *
 * Appending is two-phase so that the tree never gets ahead of storage: `prepare` builds the next
 * entry, the service stores its leaf bytes (JetStream, expecting the previous sequence), and only
 * then `commit`s it. After a restart, `replay` rebuilds the state from the stored leaves, checking
 * every index and link on the way.
 */
export class AuditLog {
  private readonly merkle = new MerkleTree();
  private last: Uint8Array = new Uint8Array(0);

  get size(): number {
    return this.merkle.size;
  }

  /** Leaf hash of the newest entry; empty while the log is empty. */
  get lastLeafHash(): Uint8Array {
    return Uint8Array.from(this.last);
  }

  get tree(): MerkleTreeView {
    return this.merkle;
  }

  /** Builds the entry that would come next. Nothing changes until it is committed. */
  prepare(event: Uint8Array, loggedAt: Date): LeafRecord {
    return buildLogEntry({ index: this.size, previousLeafHash: this.last, loggedAt, event });
  }

  /** Appends a prepared entry once it is stored; CHAIN_BROKEN if another entry came first. */
  commit(record: LeafRecord): number {
    this.assertContinues(record);
    this.merkle.appendLeafHash(record.leafHash);
    this.last = Uint8Array.from(record.leafHash);
    return record.entry.index;
  }

  /** Appends a stored leaf (exact bytes) when rebuilding; MALFORMED or CHAIN_BROKEN if it does not fit. */
  replay(leaf: Uint8Array): LeafRecord {
    const record = decodeLeaf(leaf);
    this.commit(record);
    return record;
  }

  private assertContinues(record: LeafRecord): void {
    const { index, previousLeafHash } = record.entry;
    if (index !== this.size) {
      throw new AuditError("CHAIN_BROKEN", `entry ${index} does not follow entry ${this.size - 1}`);
    }
    if (!equalBytes(previousLeafHash, this.last)) {
      throw new AuditError("CHAIN_BROKEN", `entry ${index} does not link to the previous entry's leaf hash`);
    }
  }
}
