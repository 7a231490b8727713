import { decodeCheckpoint } from "@ariadne/audit";
import type { Checkpoint } from "@ariadne/contracts";
import { MESSAGE_TYPES, type Verifier } from "@ariadne/envelope";
import type { Logger } from "@ariadne/runtime";
import type { PublishedCheckpoint } from "../checkpoint/checkpointer.ts";
import { AuditServiceError } from "../errors.ts";
import type { LogState } from "./log-state.ts";
import type { LogStream } from "./log-stream.ts";

/** Verifies a checkpoint envelope as the auditor's, of this log; CHECKPOINT_INVALID otherwise. */
export function readOwnCheckpoint(bytes: Uint8Array, verifier: Verifier, logId: string): Checkpoint {
  let checkpoint: Checkpoint;
  try {
    const verified = verifier.verify(bytes, { type: MESSAGE_TYPES.Checkpoint, maxAgeMs: Number.POSITIVE_INFINITY });
    checkpoint = decodeCheckpoint(verified.payload);
  } catch (cause) {
    throw new AuditServiceError("CHECKPOINT_INVALID", "the checkpoint does not verify as the auditor's", { cause });
  }
  if (checkpoint.logId !== logId) {
    throw new AuditServiceError("CHECKPOINT_INVALID", `the checkpoint is of log ${checkpoint.logId}, not ${logId}`);
  }
  return checkpoint;
}

/**
 * Rebuilds tree, hash chain and indexes from the AUDIT stream, from sequence 1, and checks the
 * result against the latest published checkpoint: its size must be within the log and its root
 * the rebuilt tree's root of that size. Any difference means the stream is not the log that was
 * signed, and the service refuses to start (LOG_CORRUPT, LOG_TRUNCATED, CHECKPOINT_INVALID,
 * CHECKPOINT_MISMATCH) rather than extend it.
 */
export async function rebuildLog(
  stream: LogStream,
  state: LogState,
  opts: { readonly verifier: Verifier; readonly logId: string; readonly logger: Logger },
): Promise<PublishedCheckpoint | undefined> {
  const started = performance.now();
  let bytes: Uint8Array | undefined;
  try {
    // The streams are the operators' (ariadne-deploy provision): a missing one is not created here.
    const last = await stream.lastSequence();
    for await (const { seq, leaf } of stream.read(state.size + 1, last)) {
      if (seq !== state.size + 1) {
        throw new AuditServiceError("LOG_CORRUPT", `sequence ${seq} where ${state.size + 1} belongs`);
      }
      state.replay(leaf);
    }
    if (state.size < last) throw new AuditServiceError("LOG_TRUNCATED", `read ${state.size} of ${last} leaves`);
    bytes = await stream.latestCheckpoint();
  } catch (err) {
    if (err instanceof AuditServiceError) throw err;
    throw new AuditServiceError("LOG_UNAVAILABLE", "the AUDIT or AUDIT_CHECKPOINTS stream cannot be read", {
      cause: err,
    });
  }
  const ms = Math.round(performance.now() - started);
  if (bytes === undefined) {
    opts.logger.info({ treeSize: state.size, ms }, "audit log rebuilt; no checkpoint yet");
    return undefined;
  }
  const checkpoint = readOwnCheckpoint(bytes, opts.verifier, opts.logId);
  if (checkpoint.treeSize > state.size) {
    throw new AuditServiceError(
      "LOG_TRUNCATED",
      `the latest checkpoint has ${checkpoint.treeSize} entries, the stream ${state.size}`,
    );
  }
  if (!Buffer.from(state.tree.root(checkpoint.treeSize)).equals(Buffer.from(checkpoint.rootHash))) {
    throw new AuditServiceError(
      "CHECKPOINT_MISMATCH",
      `the rebuilt root of size ${checkpoint.treeSize} is not the checkpoint's`,
    );
  }
  opts.logger.info({ treeSize: state.size, checkpointSize: checkpoint.treeSize, ms }, "audit log rebuilt and verified");
  return { treeSize: checkpoint.treeSize, envelopeBytes: bytes, at: checkpoint.issuedAt as Date };
}
