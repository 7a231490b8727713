import { Checkpoint, Envelope } from "@ariadne/contracts";
import { AuditError } from "../errors.ts";
import { HASH_SIZE } from "../merkle/hash.ts";
import type { MerkleTreeView } from "../merkle/view.ts";
import { PAYLOAD_TYPES, type SignFn } from "../types.ts";

/** A log id names one log for good, e.g. "ariadne-audit/eu-prod"; checkpoints of other logs never mix. */
export const LOG_ID = /^[a-z0-9][a-z0-9._/-]{0,127}$/;

export interface CheckpointInput {
  readonly logId: string;
  readonly issuedAt: Date;
  /** Defaults to the tree's current size; an earlier size is allowed (e.g. for an export's end). */
  readonly size?: number;
}

/** The tree head to be signed by the audit service. */
export function buildCheckpoint(tree: MerkleTreeView, input: CheckpointInput): Checkpoint {
  if (!LOG_ID.test(input.logId)) throw new AuditError("MALFORMED", "log id is not a log id");
  const size = input.size ?? tree.size;
  return Checkpoint.create({ logId: input.logId, treeSize: size, rootHash: tree.root(size), issuedAt: input.issuedAt });
}

export interface SignedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** The exact payload bytes that were signed. */
  readonly payload: Uint8Array;
  readonly envelope: Envelope;
  /** The exact Envelope bytes, as published on ariadne.audit.checkpoint and carried in exports. */
  readonly envelopeBytes: Uint8Array;
}

export function signCheckpoint(tree: MerkleTreeView, input: CheckpointInput, sign: SignFn): SignedCheckpoint {
  const checkpoint = buildCheckpoint(tree, input);
  const payload = Checkpoint.encode(checkpoint).finish();
  const envelope = sign(PAYLOAD_TYPES.Checkpoint, payload);
  return { checkpoint, payload, envelope, envelopeBytes: Envelope.encode(envelope).finish() };
}

/** Reads verified checkpoint payload bytes; MALFORMED when a field a checkpoint needs is missing. */
export function decodeCheckpoint(payload: Uint8Array): Checkpoint {
  let checkpoint: Checkpoint;
  try {
    checkpoint = Checkpoint.decode(payload);
  } catch (cause) {
    throw new AuditError("MALFORMED", "payload is not a Checkpoint", { cause });
  }
  if (!LOG_ID.test(checkpoint.logId)) throw new AuditError("MALFORMED", "checkpoint log id is not a log id");
  if (!Number.isSafeInteger(checkpoint.treeSize) || checkpoint.treeSize < 0) {
    throw new AuditError("MALFORMED", "checkpoint tree size is out of range");
  }
  if (checkpoint.rootHash.length !== HASH_SIZE) throw new AuditError("MALFORMED", "checkpoint root is not 32 bytes");
  if (checkpoint.issuedAt === undefined) throw new AuditError("MALFORMED", "checkpoint has no issued_at");
  return checkpoint;
}
