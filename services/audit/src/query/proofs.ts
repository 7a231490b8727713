import { signCheckpoint } from "@ariadne/audit";
import {
  CheckpointReply,
  ConsistencyProofReply,
  type ConsistencyQuery,
  InclusionProofReply,
  type InclusionQuery,
} from "@ariadne/contracts";
import { QueryError } from "../errors.ts";
import type { QueryContext } from "./context.ts";

/** The audit service's signed checkpoint of an earlier or the current size: what a proof is checked against. */
function checkpointOf(ctx: QueryContext, size: number): Uint8Array {
  const tree = ctx.writer.state.tree;
  const input = { logId: ctx.logId, issuedAt: ctx.clock(), size };
  return signCheckpoint(tree, input, (type, payload) => ctx.signer.sign(type, payload)).envelopeBytes;
}

/** ariadne.audit.query.inclusion: the audit path of entry `index` in the tree of `tree_size`. */
export async function inclusion(ctx: QueryContext, q: InclusionQuery): Promise<Uint8Array> {
  await ctx.writer.sync().catch(() => undefined);
  const tree = ctx.writer.state.tree;
  const size = q.treeSize === 0 ? tree.size : q.treeSize;
  if (size > tree.size || q.index >= size) {
    throw new QueryError("OUT_OF_RANGE", `entry ${q.index} is not in a tree of ${size} (log size ${tree.size})`);
  }
  return InclusionProofReply.encode({
    index: q.index,
    treeSize: size,
    leafHash: tree.leafHash(q.index),
    proof: tree.inclusionProof(q.index, size),
    checkpoint: checkpointOf(ctx, size),
  }).finish();
}

/** ariadne.audit.query.consistency: the proof that the tree of `second` extends the tree of `first`. */
export async function consistency(ctx: QueryContext, q: ConsistencyQuery): Promise<Uint8Array> {
  await ctx.writer.sync().catch(() => undefined);
  const tree = ctx.writer.state.tree;
  const second = q.second === 0 ? tree.size : q.second;
  if (second > tree.size || q.first > second) {
    throw new QueryError("OUT_OF_RANGE", `sizes ${q.first} and ${second} do not fit a log of ${tree.size}`);
  }
  return ConsistencyProofReply.encode({
    first: q.first,
    second,
    proof: tree.consistencyProof(q.first, second),
    firstCheckpoint: checkpointOf(ctx, q.first),
    secondCheckpoint: checkpointOf(ctx, second),
  }).finish();
}

/** ariadne.audit.query.checkpoint: the newest checkpoint on ariadne.audit.checkpoint, as published. */
export async function latestCheckpoint(ctx: QueryContext): Promise<Uint8Array> {
  const bytes = (await ctx.stream.latestCheckpoint().catch(() => undefined)) ?? ctx.checkpoints.latest?.envelopeBytes;
  if (bytes === undefined) throw new QueryError("NOT_FOUND", "no checkpoint has been published yet");
  return CheckpointReply.encode({ checkpoint: bytes }).finish();
}
