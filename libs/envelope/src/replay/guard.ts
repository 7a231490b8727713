import { equalBytes } from "../bytes.ts";
import { EnvelopeError } from "../errors.ts";

/**
 * "fresh": first time this alert id + version is seen. "redelivery": the same intake stream
 * message again (same sequence), e.g. after a router crashed before acking: process it again,
 * idempotently. The same id + version under another sequence is a replay: REPLAY is thrown.
 */
export type ClaimResult = "fresh" | "redelivery";

export interface ReplayGuard {
  /**
   * `policyVersion`: the mandates version the claimant is about to decide under; the first
   * claim records it, so that a redelivery can decide under the same one (docs/router.md).
   */
  claim(
    alertId: string,
    version: number,
    digest: Uint8Array,
    intakeSequence: number,
    policyVersion?: string,
  ): Promise<ClaimResult>;
  /** What the guard remembers of an alert version, while it remembers it (ids and digests only). */
  recorded(alertId: string, version: number): Promise<ReplayRecord | undefined>;
}

/** What a guard remembers per alert id + version. */
export interface ReplayRecord {
  readonly digest: Uint8Array;
  readonly sequence: number;
  /** The policy version the first claim decided under, when it said. */
  readonly policyVersion?: string;
}

/** Alert ids are UUIDs: a strict token keeps them safe as KV keys and map keys alike. */
const ALERT_ID = /^[A-Za-z0-9-]{1,64}$/;

export function replayKey(alertId: string, version: number): string {
  if (!ALERT_ID.test(alertId) || !Number.isSafeInteger(version) || version < 1) {
    throw new EnvelopeError("MALFORMED", "alert id or version unfit for the replay guard");
  }
  return `${alertId}.${version}`;
}

/** The decision shared by every guard implementation. */
export function judge(seen: ReplayRecord, digest: Uint8Array, intakeSequence: number): ClaimResult {
  if (seen.sequence === intakeSequence && equalBytes(seen.digest, digest)) return "redelivery";
  throw new EnvelopeError("REPLAY", "alert id and version already seen in another intake message");
}

export interface MemoryReplayGuardOptions {
  /** How long a claim is remembered; beyond the signature replay window nothing old passes anyway. */
  readonly ttlMs?: number;
  readonly clock?: () => number;
}

/** For one process and for tests; several routers share NatsKvReplayGuard. */
export class MemoryReplayGuard implements ReplayGuard {
  readonly #seen = new Map<string, ReplayRecord & { readonly expires: number }>();
  readonly #ttlMs: number;
  readonly #clock: () => number;

  constructor(opts: MemoryReplayGuardOptions = {}) {
    this.#ttlMs = opts.ttlMs ?? 24 * 3_600_000;
    this.#clock = opts.clock ?? Date.now;
  }

  async claim(
    alertId: string,
    version: number,
    digest: Uint8Array,
    intakeSequence: number,
    policyVersion?: string,
  ): Promise<ClaimResult> {
    const key = replayKey(alertId, version);
    const now = this.#clock();
    const seen = this.#seen.get(key);
    if (seen && seen.expires > now) return judge(seen, digest, intakeSequence);
    this.#evict(now);
    this.#seen.set(key, {
      digest: Uint8Array.from(digest),
      sequence: intakeSequence,
      ...(policyVersion === undefined ? {} : { policyVersion }),
      expires: now + this.#ttlMs,
    });
    return "fresh";
  }

  async recorded(alertId: string, version: number): Promise<ReplayRecord | undefined> {
    const seen = this.#seen.get(replayKey(alertId, version));
    if (seen === undefined || seen.expires <= this.#clock()) return undefined;
    const { expires: _, ...record } = seen;
    return record;
  }

  #evict(now: number): void {
    // Insertion order is expiry order (one TTL for all), so stop at the first live entry.
    for (const [key, record] of this.#seen) {
      if (record.expires > now) break;
      this.#seen.delete(key);
    }
  }
}
