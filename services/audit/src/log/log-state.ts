import { AuditLog, decodeLeaf, type LeafRecord, type MerkleTreeView } from "@ariadne/audit";
import { AuditEvent } from "@ariadne/contracts";
import { decodeEnvelope } from "@ariadne/envelope";
import { AuditServiceError } from "../errors.ts";
import { EventIndex, type EventMeta } from "./event-index.ts";

/** The index metadata of an event the writer verified and decoded. */
export function metaOf(event: AuditEvent, loggedAt: Date): EventMeta {
  return {
    eventId: event.eventId,
    actor: event.actor,
    officer: event.officer,
    action: event.action,
    alertIds: [event.alertId, ...event.linkedAlertIds],
    loggedAtMs: loggedAt.getTime(),
  };
}

/**
 * The metadata of a stored entry, read back from its bytes. Signatures are not checked again:
 * each was verified when appended, and the hash chain plus the checkpoint vouch for the bytes
 * since (keys rotated or revoked later must not make the log unreadable).
 */
export function storedMeta(record: LeafRecord): EventMeta {
  try {
    const event = AuditEvent.decode(decodeEnvelope(record.entry.event).payload);
    return metaOf(event, record.entry.loggedAt as Date);
  } catch (cause) {
    throw new AuditServiceError("LOG_CORRUPT", `entry ${record.entry.index}: the event does not decode`, { cause });
  }
}

/**
 * The audit log as this process knows it: the Merkle tree and hash chain (AuditLog) and the
 * query indexes, always the same size. Only the writer changes it, one entry at a time, in
 * log order, and only for entries the stream has stored.
 */
export class LogState {
  readonly #log = new AuditLog();
  readonly index = new EventIndex();

  get size(): number {
    return this.#log.size;
  }

  get tree(): MerkleTreeView {
    return this.#log.tree;
  }

  get lastLeafHash(): Uint8Array {
    return this.#log.lastLeafHash;
  }

  /** logged_at for a new entry: now, but never before the newest entry (time ranges stay index ranges). */
  nextLoggedAt(now: Date): Date {
    return new Date(Math.max(now.getTime(), this.index.lastLoggedAtMs));
  }

  /** Commits an entry the stream confirmed storing. */
  commit(record: LeafRecord, meta: EventMeta): void {
    this.#log.commit(record);
    this.index.add(meta);
  }

  /** Applies a leaf read from the stream (rebuild, catch-up); LOG_CORRUPT if it does not continue the log. */
  replay(leaf: Uint8Array): LeafRecord {
    let record: LeafRecord;
    try {
      record = decodeLeaf(leaf);
    } catch (cause) {
      throw new AuditServiceError("LOG_CORRUPT", `the stored leaf at index ${this.size} does not decode`, { cause });
    }
    const meta = storedMeta(record);
    try {
      this.#log.commit(record);
    } catch (cause) {
      throw new AuditServiceError("LOG_CORRUPT", `the stored leaf at index ${this.size} does not continue the log`, {
        cause,
      });
    }
    this.index.add(meta);
    return record;
  }
}
