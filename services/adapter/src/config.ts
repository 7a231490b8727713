import { AGENCIES, type Agency } from "@ariadne/agencies";
import { adapterOf } from "@ariadne/bus";
import { NatsConfig, natsConfigFromEnv, parseConfig } from "@ariadne/runtime";
import { z } from "zod";

const DAY_MS = 24 * 3_600_000;

const int = (min: number, max: number, def: number) => z.coerce.number().int().min(min).max(max).default(def);
const flag = (def: boolean) =>
  z
    .enum(["true", "false", "1", "0"])
    .default(def ? "true" : "false")
    .transform((v) => v === "true" || v === "1");

/**
 * The adapter's environment (docs/adapters-and-feeds.md lists every variable): the common
 * service variables of docs/architecture.md, the agency and its channel, and the delivery,
 * events and feed settings.
 */
export const AdapterEnv = z
  .object({
    ARIADNE_AGENCY: z.enum(AGENCIES),
    ARIADNE_CHANNEL_URL: z.url({ protocol: /^https?$/ }),
    ARIADNE_PARTY: z.string().optional(),
    ARIADNE_KEY_FILE: z.string().min(1),
    ARIADNE_OPERATOR_KEY_FILE: z.string().min(1),
    ARIADNE_HTTP_HOST: z.string().min(1).default("127.0.0.1"),
    ARIADNE_HTTP_PORT: int(0, 65535, 8470),
    ARIADNE_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** A channel request that takes longer is abandoned and retried. */
    ARIADNE_CHANNEL_TIMEOUT_MS: int(100, 600_000, 10_000),
    /** Deliveries of one copy (JetStream deliveries, crashes included) before it is dead-lettered. */
    ARIADNE_ADAPTER_MAX_ATTEMPTS: int(1, 1000, 10),
    ARIADNE_ADAPTER_BACKOFF_BASE_MS: int(10, 3_600_000, 1000),
    ARIADNE_ADAPTER_BACKOFF_MAX_MS: int(10, 24 * 3_600_000, 60_000),
    ARIADNE_ADAPTER_CONCURRENCY: int(1, 256, 4),
    ARIADNE_ADAPTER_ACK_WAIT_MS: int(1000, 3_600_000, 30_000),
    /** On SIGTERM, how long in-flight deliveries may finish before they are abandoned (they come back). */
    ARIADNE_ADAPTER_STOP_GRACE_MS: int(0, 600_000, 10_000),
    /** How old the router's signature on a copy may be: copies wait in DELIVERY while a channel is down. */
    ARIADNE_ADAPTER_COPY_MAX_AGE_MS: int(60_000, 365 * DAY_MS, 30 * DAY_MS),
    ARIADNE_ADAPTER_STATE_REPLICAS: int(1, 5, 1),
    ARIADNE_AUDIT_TIMEOUT_MS: int(100, 120_000, 5000),
    ARIADNE_EVENTS_POLL_MS: int(50, 600_000, 1000),
    ARIADNE_EVENTS_PAGE: int(1, 1000, 100),
    ARIADNE_FEED_ENABLED: flag(true),
    ARIADNE_FEED_WINDOW: int(1, 10_000, 100),
    ARIADNE_FEED_LEASE_MS: int(1000, 3_600_000, 30_000),
    ARIADNE_FEED_MAX: int(1, 10_000, 50),
    ARIADNE_FEED_BATCH: int(1, 1000, 50),
  })
  .superRefine((e, ctx) => {
    // The party signs receipts and audit events for this agency: a mismatch is a wiring mistake.
    if (e.ARIADNE_PARTY !== undefined && e.ARIADNE_PARTY !== adapterOf(e.ARIADNE_AGENCY)) {
      ctx.addIssue({ code: "custom", path: ["ARIADNE_PARTY"], message: `must be ${adapterOf(e.ARIADNE_AGENCY)}` });
    }
    if (e.ARIADNE_ADAPTER_BACKOFF_MAX_MS < e.ARIADNE_ADAPTER_BACKOFF_BASE_MS) {
      ctx.addIssue({ code: "custom", path: ["ARIADNE_ADAPTER_BACKOFF_MAX_MS"], message: "below the base backoff" });
    }
  });
export type AdapterEnv = z.infer<typeof AdapterEnv>;

export interface DeliverySettings {
  readonly maxAttempts: number;
  readonly backoff: { readonly baseMs: number; readonly maxMs: number };
  readonly concurrency: number;
  readonly ackWaitMs: number;
  readonly copyMaxAgeMs: number;
  /** How long stop() lets in-flight deliveries finish; after it they are abandoned unacked. */
  readonly stopGraceMs: number;
}

export interface EventsSettings {
  readonly pollMs: number;
  readonly pageSize: number;
}

export interface FeedSettings {
  readonly enabled: boolean;
  /** Frames sent ahead of the officer's last acknowledgement. */
  readonly window: number;
  /** A feed whose officer neither renews nor closes it within this time ends. */
  readonly leaseMs: number;
  /** Feeds this process runs at once. */
  readonly maxFeeds: number;
  /** Copies read, consulted (one audit append) and sent at a time. */
  readonly batch: number;
}

export interface AdapterConfig {
  readonly agency: Agency;
  /** adapter.<agency>: the party the adapter signs as. */
  readonly party: string;
  readonly keyFile: string;
  readonly operatorKeyFile: string;
  readonly nats: NatsConfig;
  readonly http: { readonly host: string; readonly port: number };
  readonly logLevel: string;
  readonly channel: { readonly url: string; readonly timeoutMs: number };
  readonly auditTimeoutMs: number;
  readonly stateReplicas: number;
  readonly delivery: DeliverySettings;
  readonly events: EventsSettings;
  readonly feed: FeedSettings;
}

/** Parses the environment once (main.ts); throws ConfigError listing every bad variable. */
export function adapterConfigFromEnv(env: NodeJS.ProcessEnv): AdapterConfig {
  const e = parseConfig(AdapterEnv, env, "adapter");
  const nats = parseConfig(NatsConfig, natsConfigFromEnv(env), "adapter NATS");
  const party = adapterOf(e.ARIADNE_AGENCY);
  return {
    agency: e.ARIADNE_AGENCY,
    party,
    keyFile: e.ARIADNE_KEY_FILE,
    operatorKeyFile: e.ARIADNE_OPERATOR_KEY_FILE,
    nats,
    http: { host: e.ARIADNE_HTTP_HOST, port: e.ARIADNE_HTTP_PORT },
    logLevel: e.ARIADNE_LOG_LEVEL,
    channel: { url: e.ARIADNE_CHANNEL_URL, timeoutMs: e.ARIADNE_CHANNEL_TIMEOUT_MS },
    auditTimeoutMs: e.ARIADNE_AUDIT_TIMEOUT_MS,
    stateReplicas: e.ARIADNE_ADAPTER_STATE_REPLICAS,
    delivery: {
      maxAttempts: e.ARIADNE_ADAPTER_MAX_ATTEMPTS,
      backoff: { baseMs: e.ARIADNE_ADAPTER_BACKOFF_BASE_MS, maxMs: e.ARIADNE_ADAPTER_BACKOFF_MAX_MS },
      concurrency: e.ARIADNE_ADAPTER_CONCURRENCY,
      ackWaitMs: e.ARIADNE_ADAPTER_ACK_WAIT_MS,
      copyMaxAgeMs: e.ARIADNE_ADAPTER_COPY_MAX_AGE_MS,
      stopGraceMs: e.ARIADNE_ADAPTER_STOP_GRACE_MS,
    },
    events: { pollMs: e.ARIADNE_EVENTS_POLL_MS, pageSize: e.ARIADNE_EVENTS_PAGE },
    feed: {
      enabled: e.ARIADNE_FEED_ENABLED,
      window: e.ARIADNE_FEED_WINDOW,
      leaseMs: e.ARIADNE_FEED_LEASE_MS,
      maxFeeds: e.ARIADNE_FEED_MAX,
      batch: e.ARIADNE_FEED_BATCH,
    },
  };
}
