import type { JetStreamManager, StreamConfig } from "@nats-io/jetstream";
import { DiscardPolicy, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { assertPartyId } from "./parties.ts";
import { subjects } from "./subjects.ts";

const SECOND_NS = 1_000_000_000;
const HOUR_NS = 3600 * SECOND_NS;
const DAY_NS = 24 * HOUR_NS;

/** Largest message a stream accepts: an alert with many entities is far smaller. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export const STREAMS = {
  INTAKE: "INTAKE",
  DELIVERY: "DELIVERY",
  RETURN: "RETURN",
  DEADLETTER: "DEADLETTER",
  AUDIT: "AUDIT",
  AUDIT_CHECKPOINTS: "AUDIT_CHECKPOINTS",
} as const;

/** One subject token (consumer names may not hold dots); throws PartyIdError otherwise. */
function token(agency: string): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(agency)) assertPartyId(`${agency}.`);
  return agency;
}

/**
 * Durable consumer names. Every replica of a stage shares its stage's durable; deploy/ lets
 * each party create and read exactly these names with exactly these filters, so that no party
 * can read through another's consumer.
 */

export const durables = {
  /** INTAKE, every publisher: all router replicas. */
  router: "router",
  /** DELIVERY filtered to ariadne.deliver.<agency>: the agency's adapter replicas. */
  adapter: (agency: string) => `adapter-${token(agency)}`,
  /** DELIVERY filtered to ariadne.deliver.<agency>: the agency's liaison-officer feed service. */
  feed: (agency: string) => `feed-${token(agency)}`,
  /** RETURN filtered to ariadne.return.ncp.<cc>, and DELIVERY to ariadne.deliver.ncp.<cc>: ncp.de -> ncp-de. */
  ncp: (party: string) => assertPartyId(party).replaceAll(".", "-"),
  /** DEADLETTER, every stage: the operator console. */
  console: "console",
} as const;

export interface StreamOptions {
  /** 1 on a single node, 3 on a cluster (docs/streams.md explains each choice). */
  readonly replicas: number;
  /**
   * Byte budget per stream name (max_bytes). JetStream reserves it on every replica's node,
   * so a flood on one stream cannot starve another (above all AUDIT, which fails closed).
   * Unset: no per-stream limit (tests, the local stack). deploy/ derives it from the node store.
   */
  readonly maxBytes?: Readonly<Partial<Record<string, number>>>;
}

/**
 * Stream definitions as data. Why each limit is what it is: docs/streams.md.
 * Dedup windows cover a publisher's retries and a router's redelivery after a crash.
 */
export function streamConfigs({ replicas, maxBytes }: StreamOptions): (Partial<StreamConfig> & { name: string })[] {
  const common = {
    storage: StorageType.File,
    num_replicas: replicas,
    max_msg_size: MAX_MESSAGE_BYTES,
    discard: DiscardPolicy.Old,
  };
  const configs: (Partial<StreamConfig> & { name: string })[] = [
    {
      ...common,
      name: STREAMS.INTAKE,
      description: "Signed case alerts published by NCPs, one subject per publisher",
      subjects: [subjects.intakeAll],
      retention: RetentionPolicy.Limits,
      max_age: 30 * DAY_NS,
      duplicate_window: 2 * HOUR_NS,
      discard: DiscardPolicy.New,
    },
    {
      ...common,
      name: STREAMS.DELIVERY,
      description: "Minimised, router-attested copies, one subject per recipient",
      subjects: [subjects.deliverAll],
      retention: RetentionPolicy.Limits,
      max_age: 30 * DAY_NS,
      duplicate_window: 2 * HOUR_NS,
      discard: DiscardPolicy.New,
    },
    {
      ...common,
      name: STREAMS.RETURN,
      description: "Receipts, rejection notices and agency replies, one subject per party",
      subjects: [subjects.returnAll],
      retention: RetentionPolicy.Limits,
      max_age: 90 * DAY_NS,
      duplicate_window: 2 * HOUR_NS,
    },
    {
      ...common,
      name: STREAMS.DEADLETTER,
      description: "Messages a stage gave up on after bounded attempts; kept for operators",
      subjects: [subjects.deadLetterAll],
      retention: RetentionPolicy.Limits,
      max_age: 365 * DAY_NS,
      duplicate_window: 2 * HOUR_NS,
    },
    {
      ...common,
      name: STREAMS.AUDIT,
      description: "Append-only audit log (RFC 6962 leaves); no delete, no purge, no expiry",
      subjects: [subjects.auditLog],
      retention: RetentionPolicy.Limits,
      max_age: 0,
      deny_delete: true,
      deny_purge: true,
      allow_rollup_hdrs: false,
      duplicate_window: 2 * HOUR_NS,
      discard: DiscardPolicy.New,
    },
    {
      ...common,
      name: STREAMS.AUDIT_CHECKPOINTS,
      description: "Signed tree heads of the audit log",
      subjects: [subjects.auditCheckpoint],
      retention: RetentionPolicy.Limits,
      max_age: 0,
      deny_delete: true,
      deny_purge: true,
      discard: DiscardPolicy.New,
    },
  ];
  return configs.map((c) => {
    const budget = maxBytes?.[c.name];
    return budget === undefined ? c : { ...c, max_bytes: budget };
  });
}

/** Creates the streams, or updates them to these definitions. Idempotent. */
export async function ensureStreams(jsm: JetStreamManager, opts: StreamOptions): Promise<void> {
  for (const config of streamConfigs(opts)) {
    const name = config.name;
    try {
      await jsm.streams.info(name);
      await jsm.streams.update(name, config);
    } catch (err) {
      if ((err as { code?: string }).code !== "404" && !/not found/i.test((err as Error).message)) throw err;
      await jsm.streams.add(config);
    }
  }
}
