import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import { AdapterError } from "../errors.ts";

/**
 * One KV bucket per agency holds what the adapter replicas share: the copy index (copy id ->
 * alert, originator, manifest digest, state, channel reference) and the channel events cursor.
 * Ids, digests and references only: never personal data. No TTL: a reply may come months
 * after a delivery, and an expired cursor would replay every event.
 */
export function adapterStateBucket(agency: string): string {
  return `ariadne-adapter-${agency}`;
}

export interface StateBucketOptions {
  /** Replicas when the bucket is created here (the local stack); provisioning decides otherwise. */
  readonly replicas?: number;
}

/**
 * Opens the agency's state bucket. Like the replay guard, it is created when missing (local
 * stack, tests); in a deployment provisioning creates it and the adapter may only open it.
 */
export async function openStateBucket(nc: NatsConnection, agency: string, opts: StateBucketOptions = {}): Promise<KV> {
  const bucket = adapterStateBucket(agency);
  try {
    return await new Kvm(nc).create(bucket, { history: 1, replicas: opts.replicas ?? 1 });
  } catch (cause) {
    throw new AdapterError("STATE_UNAVAILABLE", `state bucket ${bucket} cannot be opened`, { cause });
  }
}
