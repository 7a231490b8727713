import { STREAMS, streamConfigs } from "@ariadne/bus";
import { type JetStreamManager, jetstreamManager, type StreamConfig } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deployment } from "./deployment.ts";
import { DeployError } from "./errors.ts";
import { kvStream } from "./jsapi.ts";
import { MAIN_API_PREFIX_IN_AUDIT, REGISTRY_MIRROR_DELIVER } from "./nats-config.ts";
import { adapterBucket, BUCKETS } from "./permissions.ts";

const HOUR_MS = 3_600_000;

/** The budget key of all adapter state buckets together (one per agency). */
export const ADAPTER_STATE_SHARE_KEY = "KV_ariadne-adapter-*";

/**
 * Share of each node's file store (jetstream.maxFileStore) reserved per stream and bucket.
 * JetStream reserves max_bytes on every node holding a replica, so these must sum below 1;
 * docs/streams.md explains each share. The audit log's reservation is what keeps a flood of
 * intake from filling the disk and stopping every delivery (the router fails closed).
 */
export const STORE_SHARES: Readonly<Record<string, number>> = {
  [STREAMS.INTAKE]: 0.15,
  [STREAMS.DELIVERY]: 0.33,
  [STREAMS.RETURN]: 0.1,
  [STREAMS.DEADLETTER]: 0.05,
  [STREAMS.AUDIT]: 0.25,
  [STREAMS.AUDIT_CHECKPOINTS]: 0.01,
  [kvStream(BUCKETS.replay)]: 0.04,
  [kvStream(BUCKETS.registry)]: 0.005,
  // Shared by every agency's adapter state bucket (KV_ariadne-adapter-<agency>).
  [ADAPTER_STATE_SHARE_KEY]: 0.02,
};

const UNITS: Readonly<Record<string, number>> = { KB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40 };

/** nats-server sizes (20GB) in bytes, with its binary units. */
export function sizeBytes(size: string): number {
  const m = /^(\d+)(KB|MB|GB|TB)$/.exec(size);
  if (!m) throw new DeployError("DEPLOYMENT_INVALID", `not a size: ${size}`);
  return Number(m[1]) * (UNITS[m[2] ?? ""] ?? 1);
}

/** Byte budget of every stream and bucket for a deployment. */
export function storeBudget(d: Deployment): Record<string, number> {
  const store = sizeBytes(d.jetstream.maxFileStore);
  return Object.fromEntries(Object.entries(STORE_SHARES).map(([name, share]) => [name, Math.floor(store * share)]));
}

/** Streams of the AUDIT account; every other stream of libs/bus lives in ARIADNE. */
export const AUDIT_STREAMS: readonly string[] = [STREAMS.AUDIT, STREAMS.AUDIT_CHECKPOINTS];

/** Operator connections to both accounts (parties/operator/nats.nk and audit.nk). */
export interface ProvisionConnections {
  readonly main: NatsConnection;
  readonly audit: NatsConnection;
}

export interface ProvisionReport {
  /** "ARIADNE/INTAKE", "AUDIT/KV_ariadne-registry"... */
  readonly created: string[];
  readonly updated: string[];
}

async function ensureStream(
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
  where: string,
  report: ProvisionReport,
): Promise<void> {
  const exists = await jsm.streams.info(config.name).then(
    () => true,
    (err: unknown) => {
      if (/not found/i.test((err as Error).message)) return false;
      throw err;
    },
  );
  if (exists) {
    await jsm.streams.update(config.name, config);
    report.updated.push(`${where}/${config.name}`);
  } else {
    await jsm.streams.add(config);
    report.created.push(`${where}/${config.name}`);
  }
}

/**
 * Creates (or brings up to date) every stream and bucket of the deployment, as the operator:
 * services only open what exists, they never create or change streams. Idempotent.
 */
export async function provisionBus(conns: ProvisionConnections, d: Deployment): Promise<ProvisionReport> {
  const report: ProvisionReport = { created: [], updated: [] };
  const replicas = d.jetstream.replicas;
  const budget = storeBudget(d);
  try {
    const main = await jetstreamManager(conns.main);
    const audit = await jetstreamManager(conns.audit);
    for (const config of streamConfigs({ replicas, maxBytes: budget })) {
      const inAudit = AUDIT_STREAMS.includes(config.name);
      await ensureStream(inAudit ? audit : main, config, inAudit ? "AUDIT" : "ARIADNE", report);
    }
    // Kvm.create opens a bucket that exists (keeping its configuration) and creates it otherwise.
    const registryBytes = budget[kvStream(BUCKETS.registry)] ?? -1;
    await new Kvm(conns.main).create(BUCKETS.registry, { history: 16, replicas, max_bytes: registryBytes });
    await new Kvm(conns.main).create(BUCKETS.replay, {
      history: 1,
      ttl: 24 * HOUR_MS,
      replicas,
      max_bytes: budget[kvStream(BUCKETS.replay)] ?? -1,
    });
    report.created.push(`ARIADNE/${kvStream(BUCKETS.registry)}`, `ARIADNE/${kvStream(BUCKETS.replay)}`);
    // Each agency's adapter state: ids and cursors only, no TTL (a reply may come months later).
    const adapterBytes = Math.floor((budget[ADAPTER_STATE_SHARE_KEY] ?? 0) / Math.max(1, d.agencies.length));
    for (const agency of d.agencies) {
      await new Kvm(conns.main).create(adapterBucket(agency), {
        history: 1,
        replicas,
        max_bytes: adapterBytes > 0 ? adapterBytes : -1,
      });
      report.created.push(`ARIADNE/${kvStream(adapterBucket(agency))}`);
    }
    // The audit service's read-only copy of the registry: a mirror across accounts.
    await ensureStream(
      audit,
      {
        name: kvStream(BUCKETS.registry),
        max_msgs_per_subject: 16,
        max_bytes: registryBytes,
        num_replicas: replicas,
        allow_direct: true,
        mirror: {
          name: kvStream(BUCKETS.registry),
          external: { api: MAIN_API_PREFIX_IN_AUDIT, deliver: REGISTRY_MIRROR_DELIVER },
        },
      } as Partial<StreamConfig> & { name: string },
      "AUDIT",
      report,
    );
  } catch (err) {
    throw new DeployError("PROVISION_FAILED", `provisioning failed: ${(err as Error).message}`, [], { cause: err });
  }
  return report;
}
