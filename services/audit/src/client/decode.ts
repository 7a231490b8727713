import { decodeCheckpoint, decodeLeaf } from "@ariadne/audit";
import { AuditEvent, type Checkpoint, type LogEntry, type LoggedEvent } from "@ariadne/contracts";
import { decodeEnvelope, MESSAGE_TYPES, type Verifier } from "@ariadne/envelope";
import { AuditQueryError } from "./errors.ts";

/** One logged event as a client sees it: position, exact leaf and envelope bytes, decoded event. */
export interface LoggedAuditEvent {
  readonly index: number;
  /** The exact LogEntry bytes (the Merkle leaf). */
  readonly leaf: Uint8Array;
  /** RFC 6962 SHA-256(0x00 || leaf): what an inclusion proof starts from. */
  readonly leafHash: Uint8Array;
  readonly entry: LogEntry;
  /** The emitter's signed Envelope, exact bytes as logged. */
  readonly envelope: Uint8Array;
  readonly event: AuditEvent;
  /** The party whose signature verified (only when the client has a verifier). */
  readonly signer?: string;
}

/** A signed checkpoint: its exact Envelope bytes and what it says. */
export interface SignedCheckpointView {
  readonly envelope: Uint8Array;
  readonly checkpoint: Checkpoint;
}

const ANY_AGE = { maxAgeMs: Number.POSITIVE_INFINITY } as const;

function invalid(what: string, cause: unknown): AuditQueryError {
  return new AuditQueryError("INVALID_REPLY", what, { cause });
}

export function loggedEvent(e: LoggedEvent, verifier: Verifier | undefined): LoggedAuditEvent {
  try {
    const record = decodeLeaf(e.leaf);
    if (record.entry.index !== e.index) throw new Error(`leaf of entry ${record.entry.index} given as ${e.index}`);
    const envelope = record.entry.event;
    const verified = verifier?.verify(envelope, { type: MESSAGE_TYPES.AuditEvent, ...ANY_AGE });
    const event = AuditEvent.decode(verified?.payload ?? decodeEnvelope(envelope).payload);
    if (verified !== undefined && verified.party !== event.actor) throw new Error("signer is not the event's actor");
    return {
      index: e.index,
      leaf: e.leaf,
      leafHash: record.leafHash,
      entry: record.entry,
      envelope,
      event,
      ...(verified === undefined ? {} : { signer: verified.party }),
    };
  } catch (cause) {
    throw invalid(`logged event ${e.index} does not check out`, cause);
  }
}

export function signedCheckpoint(bytes: Uint8Array, verifier: Verifier | undefined): SignedCheckpointView {
  try {
    const payload =
      verifier === undefined
        ? decodeEnvelope(bytes).payload
        : verifier.verify(bytes, { type: MESSAGE_TYPES.Checkpoint, ...ANY_AGE }).payload;
    return { envelope: bytes, checkpoint: decodeCheckpoint(payload) };
  } catch (cause) {
    throw invalid("the checkpoint does not check out", cause);
  }
}
