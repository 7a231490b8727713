import { AuditError, exportPrologue, hashLeaf, type MerkleTreeView, renderLine, signCheckpoint } from "@ariadne/audit";
import { ExportChunk, type ExportQuery } from "@ariadne/contracts";
import { AuditServiceError, QueryError } from "../errors.ts";
import { readOwnCheckpoint } from "../log/rebuild.ts";
import { logConsultation } from "./consultation.ts";
import { type AuthedQuery, type QueryContext, signAt } from "./context.ts";
import { eventSignerKeys } from "./signer-keys.ts";

/** One entry record of the export file, checked against the tree (docs/audit-log.md §5). */
function entryLine(tree: MerkleTreeView, leaf: Uint8Array, index: number): string {
  if (!Buffer.from(hashLeaf(leaf)).equals(Buffer.from(tree.leafHash(index)))) {
    throw new QueryError("INTERNAL", `the stored leaf ${index} is not the log's`);
  }
  return `${renderLine({ type: "entry", leaf: Buffer.from(leaf).toString("base64url") })}\n`;
}

/** The earlier checkpoint to prove consistency with: the caller's (checked), else the latest published one that fits. */
async function earlierCheckpoint(ctx: QueryContext, given: Uint8Array, to: number): Promise<Uint8Array | undefined> {
  if (given.length > 0) {
    try {
      readOwnCheckpoint(given, ctx.verifier, ctx.logId);
    } catch (err) {
      const code = err instanceof AuditServiceError ? err.code : "CHECKPOINT_INVALID";
      throw new QueryError("BAD_REQUEST", `earlier_checkpoint is not a checkpoint of this log (${code})`, {
        cause: err,
      });
    }
    return given;
  }
  const latest = (await ctx.stream.latestCheckpoint().catch(() => undefined)) ?? ctx.checkpoints.latest?.envelopeBytes;
  if (latest === undefined) return undefined;
  try {
    return readOwnCheckpoint(latest, ctx.verifier, ctx.logId).treeSize <= to ? latest : undefined;
  } catch {
    return undefined;
  }
}

/** Header, a checkpoint of size `to` signed now, the signed manifest and the consistency record. */
async function prologue(ctx: QueryContext, e: ExportQuery, to: number): Promise<string[]> {
  const tree = ctx.writer.state.tree;
  const now = ctx.clock();
  const sign = signAt(ctx.signer, now);
  const checkpoint = signCheckpoint(tree, { logId: ctx.logId, issuedAt: now, size: to }, sign).envelopeBytes;
  const earlier = await earlierCheckpoint(ctx, e.earlierCheckpoint, to);
  try {
    return exportPrologue({
      tree,
      from: e.from,
      to,
      checkpoint,
      signerKeys: eventSignerKeys(ctx.verifier.trust),
      exportedAt: now,
      sign,
      ...(earlier === undefined ? {} : { earlierCheckpoint: earlier }),
    });
  } catch (err) {
    const code = err instanceof AuditError ? err.code : "EXPORT_MISMATCH";
    throw new QueryError("BAD_REQUEST", `the export cannot be made as asked (${code})`, { cause: err });
  }
}

/**
 * ariadne.audit.query.export: the export file of [from, to) in chunks of whole lines, each at
 * most the asked (and allowed) size but never empty. The first chunk carries the prologue; the
 * entries stream from the AUDIT stream; the last chunk ends with the end record. Concatenated,
 * the chunks are exactly what @ariadne/audit's writer makes. Every chunk is a logged consultation.
 */
export async function exportChunk(ctx: QueryContext, q: AuthedQuery, e: ExportQuery): Promise<Uint8Array> {
  await ctx.writer.sync().catch(() => undefined);
  const tree = ctx.writer.state.tree;
  const continuing = e.continueAt !== undefined;
  if (continuing && e.to === 0 && e.from > 0) throw new QueryError("BAD_REQUEST", "a continuation names its range end");
  const to = continuing || e.to > 0 ? e.to : tree.size;
  const start = e.continueAt ?? e.from;
  if (e.from > to || to > tree.size || start < e.from || start > to) {
    throw new QueryError("OUT_OF_RANGE", `[${e.from}, ${to}) from ${start} is not inside a log of ${tree.size}`);
  }
  const budget = Math.min(e.maxBytes === 0 ? ctx.limits.maxReplyBytes : e.maxBytes, ctx.limits.maxReplyBytes);
  const lines = continuing ? [] : await prologue(ctx, e, to);
  const params = { from: e.from, to, ...(continuing ? { index: start } : {}) };
  const consultationIndex = await logConsultation(ctx, q, { kind: "export", params });

  let bytes = lines.reduce((n, l) => n + Buffer.byteLength(l), 0);
  let next = start;
  if (start < to) {
    for await (const { seq, leaf } of ctx.stream.read(start + 1, to)) {
      if (seq !== next + 1) throw new QueryError("INTERNAL", `sequence ${seq} where ${next + 1} belongs`);
      const line = entryLine(tree, leaf, next);
      if (lines.length > 0 && bytes + line.length > budget) break;
      lines.push(line);
      bytes += line.length;
      next += 1;
      if (next === to) break;
    }
  }
  let done = false;
  if (next === to) {
    const end = `${renderLine({ type: "end", entries: to - e.from })}\n`;
    if (lines.length === 0 || bytes + end.length <= budget) {
      lines.push(end);
      done = true;
    }
  }
  return ExportChunk.encode({
    from: e.from,
    to,
    data: Buffer.from(lines.join(""), "utf8"),
    nextIndex: next,
    done,
    consultationIndex,
  }).finish();
}
