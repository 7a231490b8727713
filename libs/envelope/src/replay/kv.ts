import type { KV } from "@nats-io/kv";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import { decodeUtf8, toHex } from "../bytes.ts";
import { type ClaimResult, judge, type ReplayGuard, type ReplayRecord, replayKey } from "./guard.ts";

export const REPLAY_BUCKET = "ariadne-replay";

export interface KvReplayGuardOptions {
  readonly bucket?: string;
  /** Bucket TTL: how long a claim is remembered (default 24 h). */
  readonly ttlMs?: number;
  readonly replicas?: number;
}

function encodeRecord(digest: Uint8Array, sequence: number, policyVersion: string | undefined): string {
  return JSON.stringify({ digest: toHex(digest), sequence, ...(policyVersion === undefined ? {} : { policyVersion }) });
}

function decodeRecord(bytes: Uint8Array): ReplayRecord | undefined {
  try {
    const v = JSON.parse(decodeUtf8(bytes) ?? "") as { digest?: unknown; sequence?: unknown; policyVersion?: unknown };
    if (typeof v.digest !== "string" || typeof v.sequence !== "number") return undefined;
    // Records written before policy versions were recorded simply have none.
    const policy = typeof v.policyVersion === "string" ? { policyVersion: v.policyVersion } : {};
    return { digest: Buffer.from(v.digest, "hex"), sequence: v.sequence, ...policy };
  } catch {
    return undefined;
  }
}

/**
 * Replay guard shared by every router process: the first `create` of a key wins atomically in
 * JetStream, every other process reads what the winner stored and judges against it.
 */
export class NatsKvReplayGuard implements ReplayGuard {
  private constructor(readonly kv: KV) {}

  static async open(nc: NatsConnection, opts: KvReplayGuardOptions = {}): Promise<NatsKvReplayGuard> {
    const kv = await new Kvm(nc).create(opts.bucket ?? REPLAY_BUCKET, {
      history: 1,
      ttl: opts.ttlMs ?? 24 * 3_600_000,
      replicas: opts.replicas ?? 1,
    });
    return new NatsKvReplayGuard(kv);
  }

  async claim(
    alertId: string,
    version: number,
    digest: Uint8Array,
    intakeSequence: number,
    policyVersion?: string,
  ): Promise<ClaimResult> {
    const key = replayKey(alertId, version);
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.kv.create(key, encodeRecord(digest, intakeSequence, policyVersion));
        return "fresh";
      } catch (err) {
        lastError = err;
        const entry = await this.kv.get(key);
        // Gone between our create and get (TTL, purge): try to claim it again.
        if (entry === null || entry.operation !== "PUT") continue;
        const seen = decodeRecord(entry.value);
        if (seen === undefined) throw err;
        return judge(seen, digest, intakeSequence);
      }
    }
    throw lastError;
  }

  async recorded(alertId: string, version: number): Promise<ReplayRecord | undefined> {
    const entry = await this.kv.get(replayKey(alertId, version));
    if (entry === null || entry.operation !== "PUT") return undefined;
    return decodeRecord(entry.value);
  }
}
