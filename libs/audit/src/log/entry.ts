import { LogEntry } from "@ariadne/contracts";
import { AuditError } from "../errors.ts";
import { HASH_SIZE, hashLeaf } from "../merkle/hash.ts";

/** One leaf of the audit log: the entry, its exact bytes (the Merkle leaf) and its leaf hash. */
export interface LeafRecord {
  readonly entry: LogEntry;
  /** The exact encoded LogEntry: what is stored, exported and hashed. */
  readonly leaf: Uint8Array;
  /** RFC 6962 SHA-256(0x00 || leaf). */
  readonly leafHash: Uint8Array;
}

export interface NewLogEntry {
  readonly index: number;
  /** Leaf hash of entry index - 1; empty for index 0. */
  readonly previousLeafHash: Uint8Array;
  readonly loggedAt: Date;
  /** Exact bytes of the event's signed Envelope. */
  readonly event: Uint8Array;
}

/** Encodes a log entry once; from then on only its bytes count (Protobuf is not canonical). */
export function buildLogEntry(input: NewLogEntry): LeafRecord {
  const entry = LogEntry.create({
    index: input.index,
    previousLeafHash: Uint8Array.from(input.previousLeafHash),
    loggedAt: input.loggedAt,
    event: Uint8Array.from(input.event),
  });
  checkEntry(entry);
  const leaf = LogEntry.encode(entry).finish();
  return { entry, leaf, leafHash: hashLeaf(leaf) };
}

/** Reads a stored or exported leaf. Throws MALFORMED when the bytes are not a usable LogEntry. */
export function decodeLeaf(leaf: Uint8Array): LeafRecord {
  let entry: LogEntry;
  try {
    entry = LogEntry.decode(leaf);
  } catch (cause) {
    throw new AuditError("MALFORMED", "leaf bytes are not a LogEntry", { cause });
  }
  checkEntry(entry);
  return { entry, leaf: Uint8Array.from(leaf), leafHash: hashLeaf(leaf) };
}

function checkEntry(entry: LogEntry): void {
  if (!Number.isSafeInteger(entry.index) || entry.index < 0) {
    throw new AuditError("MALFORMED", "entry index is not a non-negative safe integer");
  }
  const expected = entry.index === 0 ? 0 : HASH_SIZE;
  if (entry.previousLeafHash.length !== expected) {
    throw new AuditError("MALFORMED", `entry ${entry.index}: previous leaf hash must be ${expected} bytes`);
  }
  if (entry.loggedAt === undefined || Number.isNaN(entry.loggedAt.getTime())) {
    throw new AuditError("MALFORMED", `entry ${entry.index}: no logged_at`);
  }
  if (entry.event.length === 0) throw new AuditError("MALFORMED", `entry ${entry.index}: no event`);
}
