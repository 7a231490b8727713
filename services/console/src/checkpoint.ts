import type { AuditQueryClient } from "@ariadne/audit-service";
import { MESSAGE_TYPES, type Verifier } from "@ariadne/envelope";

export interface CheckpointStatus {
  readonly available: boolean;
  readonly treeSize?: number;
  readonly rootHash?: string;
  readonly issuedAt?: string;
  readonly ageMs?: number;
  /** The signature verified against the trust registry, by a party allowed to sign checkpoints. */
  readonly verified: boolean;
  readonly signer?: string;
  /** Why it is unavailable or did not verify (a stable code). */
  readonly code?: string;
}

const ANY_AGE = { maxAgeMs: Number.POSITIVE_INFINITY } as const;

/**
 * The newest signed checkpoint. The client decodes it without checking (so that a bad one is still
 * shown), then the console verifies the exact bytes itself and says whether they verified.
 */
export async function checkpointStatus(
  client: Pick<AuditQueryClient, "latestCheckpoint">,
  verifier: Pick<Verifier, "verify">,
  now: Date,
): Promise<CheckpointStatus> {
  let view: Awaited<ReturnType<AuditQueryClient["latestCheckpoint"]>>;
  try {
    view = await client.latestCheckpoint();
  } catch (err) {
    return { available: false, verified: false, code: (err as { code?: string }).code ?? (err as Error).name };
  }
  const c = view.checkpoint;
  const base = {
    available: true,
    treeSize: c.treeSize,
    rootHash: Buffer.from(c.rootHash).toString("hex"),
    ...(c.issuedAt ? { issuedAt: c.issuedAt.toISOString(), ageMs: now.getTime() - c.issuedAt.getTime() } : {}),
  };
  try {
    const { party } = verifier.verify(view.envelope, { type: MESSAGE_TYPES.Checkpoint, ...ANY_AGE });
    return { ...base, verified: true, signer: party };
  } catch (err) {
    return { ...base, verified: false, code: (err as { code?: string }).code ?? (err as Error).name };
  }
}
