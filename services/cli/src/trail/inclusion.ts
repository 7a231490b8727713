import { verifyConsistency, verifyInclusion } from "@ariadne/audit";
import { type AuditQueryClient, AuditQueryError, type LoggedAuditEvent } from "@ariadne/audit-service";
import type { Checkpoint } from "@ariadne/contracts";

export interface InclusionReport {
  /** The signed tree head the events were proven against. */
  readonly treeSize: number;
  readonly rootHash: string;
  readonly issuedAt: string | undefined;
  /** "published": the latest checkpoint on ariadne.audit.checkpoint; "on-demand": signed for this check. */
  readonly anchor: "published" | "on-demand";
  /** With an on-demand head: the published checkpoint it was proven to extend (consistency proof). */
  readonly extendsPublished?: number;
  readonly proven: number;
  readonly total: number;
  /** The first problem, if any (index, what). */
  readonly failure?: { readonly index: number; readonly problem: string };
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Proves every event of a trail is in the log that the audit service signed: against the latest
 * published checkpoint when it covers them all, else against a head signed on demand that is
 * itself proven (consistency) to extend the published one. Signatures of the checkpoints are
 * checked by the client's verifier; the Merkle proofs here, with RFC 9162's algorithms.
 */
export async function proveInclusion(
  client: AuditQueryClient,
  events: readonly LoggedAuditEvent[],
): Promise<InclusionReport | undefined> {
  if (events.length === 0) return undefined;
  const published = await client.latestCheckpoint().catch((err: unknown) => {
    if (err instanceof AuditQueryError && err.code === "NOT_FOUND") return undefined;
    throw err;
  });
  const last = Math.max(...events.map((e) => e.index));
  let head: Checkpoint;
  let anchor: InclusionReport["anchor"];
  let extendsPublished: number | undefined;
  if (published && published.checkpoint.treeSize > last) {
    head = published.checkpoint;
    anchor = "published";
  } else {
    head = (await client.inclusionProof(last)).checkpoint.checkpoint;
    anchor = "on-demand";
    if (published && published.checkpoint.treeSize > 0) {
      const c = await client.consistencyProof(published.checkpoint.treeSize, head.treeSize);
      verifyConsistency(
        published.checkpoint.treeSize,
        head.treeSize,
        published.checkpoint.rootHash,
        head.rootHash,
        c.proof,
      );
      extendsPublished = published.checkpoint.treeSize;
    }
  }
  let proven = 0;
  let failure: InclusionReport["failure"];
  const results = await Promise.all(
    events.map(async (e) => {
      try {
        const p = await client.inclusionProof(e.index, head.treeSize);
        if (!equalBytes(p.leafHash, e.leafHash)) throw new Error("the service's leaf hash differs from the event's");
        if (!equalBytes(p.checkpoint.checkpoint.rootHash, head.rootHash)) {
          throw new Error(`a second signed head of size ${head.treeSize} has another root`);
        }
        verifyInclusion(e.leafHash, e.index, head.treeSize, p.proof, head.rootHash);
        return undefined;
      } catch (err) {
        // No answer is not a failed proof: that ends the command as the service's failure.
        if (err instanceof AuditQueryError && err.code !== "INVALID_REPLY") throw err;
        return { index: e.index, problem: (err as Error).message };
      }
    }),
  );
  for (const r of results) {
    if (r === undefined) proven += 1;
    else failure ??= r;
  }
  return {
    treeSize: head.treeSize,
    rootHash: Buffer.from(head.rootHash).toString("hex"),
    issuedAt: head.issuedAt?.toISOString(),
    anchor,
    ...(extendsPublished === undefined ? {} : { extendsPublished }),
    proven,
    total: events.length,
    ...(failure === undefined ? {} : { failure }),
  };
}
