import { MAX_MESSAGE_BYTES, PARTY_ID } from "@ariadne/bus";
import { z } from "zod";
import type { RouterOptions } from "./options.ts";

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * The environment main.ts reads (docs/architecture.md "Service configuration" plus the router's
 * own ARIADNE_ROUTER_* settings; docs/router.md lists them). NATS settings are parsed separately
 * (natsConfigFromEnv).
 */
export const RouterEnv = z.object({
  ARIADNE_PARTY: z.string().regex(PARTY_ID).default("router"),
  ARIADNE_KEY_FILE: z.string().min(1),
  ARIADNE_OPERATOR_KEY_FILE: z.string().min(1),
  ARIADNE_MANDATES_FILE: z.string().min(1),
  ARIADNE_HTTP_HOST: z.string().min(1).default("127.0.0.1"),
  ARIADNE_HTTP_PORT: int(0, 65_535, 8081),
  ARIADNE_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ARIADNE_ROUTER_CONCURRENCY: int(1, 1024, 16),
  ARIADNE_ROUTER_MAX_DELIVERIES: int(1, 1000, 5),
  ARIADNE_ROUTER_ACK_WAIT_MS: int(1000, 3_600_000, 30_000),
  ARIADNE_ROUTER_BACKOFF_BASE_MS: int(1, 600_000, 500),
  ARIADNE_ROUTER_BACKOFF_MAX_MS: int(1, 3_600_000, 30_000),
  ARIADNE_ROUTER_AUDIT_TIMEOUT_MS: int(100, 600_000, 5_000),
  ARIADNE_ROUTER_AUDIT_RETRY_MAX_MS: int(10, 600_000, 5_000),
  ARIADNE_ROUTER_MAX_ENVELOPE_BYTES: int(1024, MAX_MESSAGE_BYTES, MAX_MESSAGE_BYTES),
  ARIADNE_ROUTER_STOP_TIMEOUT_MS: int(1000, 600_000, 20_000),
});
export type RouterEnv = z.infer<typeof RouterEnv>;

export function routerOptionsOf(env: RouterEnv): RouterOptions {
  return {
    concurrency: env.ARIADNE_ROUTER_CONCURRENCY,
    maxDeliveries: env.ARIADNE_ROUTER_MAX_DELIVERIES,
    ackWaitMs: env.ARIADNE_ROUTER_ACK_WAIT_MS,
    backoff: { baseMs: env.ARIADNE_ROUTER_BACKOFF_BASE_MS, maxMs: env.ARIADNE_ROUTER_BACKOFF_MAX_MS },
    // Held messages must tell JetStream they are alive well within the ack wait.
    auditRetry: {
      baseMs: Math.min(250, env.ARIADNE_ROUTER_AUDIT_RETRY_MAX_MS),
      maxMs: Math.min(env.ARIADNE_ROUTER_AUDIT_RETRY_MAX_MS, Math.floor(env.ARIADNE_ROUTER_ACK_WAIT_MS / 3)),
    },
    maxEnvelopeBytes: env.ARIADNE_ROUTER_MAX_ENVELOPE_BYTES,
  };
}

/** The audit request timeout, kept under the ack wait so a held message is never redelivered meanwhile. */
export function auditTimeoutOf(env: RouterEnv): number {
  return Math.min(env.ARIADNE_ROUTER_AUDIT_TIMEOUT_MS, Math.floor(env.ARIADNE_ROUTER_ACK_WAIT_MS / 3));
}
