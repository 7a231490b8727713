import { isEnvelopeError, publishRegistry, REGISTRY_BUCKET, REGISTRY_KEY } from "@ariadne/envelope";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { StackError } from "./errors.ts";

/**
 * Publishes the signed registry unless NATS holds exactly this one already (a restart on a
 * kept store, or a deployment the operator published to). Anything else at the same or a
 * higher version is another registry: services pinned to this keys folder's operator key
 * would not know it, so the stack stops rather than overwrite or ignore it.
 */
export async function publishRegistryOnce(nc: NatsConnection, jws: string, keysDir: string): Promise<boolean> {
  try {
    await publishRegistry(nc, jws);
    return true;
  } catch (err) {
    if (!isEnvelopeError(err) || err.code !== "REGISTRY_STALE") throw err;
    const jsm = await jetstreamManager(nc);
    const current = await jsm.streams.getMessage(`KV_${REGISTRY_BUCKET}`, {
      last_by_subj: `$KV.${REGISTRY_BUCKET}.${REGISTRY_KEY}`,
    });
    if (current?.string() === jws) return false;
    throw new StackError(
      "REGISTRY_CONFLICT",
      `NATS holds another trust registry than ${keysDir} (${err.message}): use the keys folder that published it`,
      { cause: err },
    );
  }
}
