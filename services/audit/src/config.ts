import { LOG_ID } from "@ariadne/audit";
import { PARTY_ID } from "@ariadne/bus";
import { z } from "zod";
import { type AuditServiceOptions, DEFAULT_AUDIT_OPTIONS } from "./options.ts";

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const d = DEFAULT_AUDIT_OPTIONS;

/**
 * The environment main.ts reads (docs/architecture.md "Service configuration" plus the audit
 * service's ARIADNE_AUDIT_* settings; docs/operations-audit.md lists them). NATS settings are
 * parsed separately (natsConfigFromEnv).
 */
export const AuditEnv = z.object({
  ARIADNE_PARTY: z.string().regex(PARTY_ID).default("audit"),
  ARIADNE_KEY_FILE: z.string().min(1),
  ARIADNE_OPERATOR_KEY_FILE: z.string().min(1),
  ARIADNE_HTTP_HOST: z.string().min(1).default("127.0.0.1"),
  ARIADNE_HTTP_PORT: int(0, 65_535, 8083),
  ARIADNE_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ARIADNE_AUDIT_LOG_ID: z.string().regex(LOG_ID).default(d.logId),
  ARIADNE_AUDIT_CHECKPOINT_INTERVAL_MS: int(100, 86_400_000, d.checkpointIntervalMs),
  ARIADNE_AUDIT_MAX_REQUEST_EVENTS: int(1, 10_000, d.maxRequestEvents),
  ARIADNE_AUDIT_MAX_BATCH_EVENTS: int(1, 10_000, d.maxBatchEvents),
  ARIADNE_AUDIT_MAX_QUEUED_EVENTS: int(1, 10_000_000, d.maxQueuedEvents),
  ARIADNE_AUDIT_MAX_EVENT_AGE_MS: int(60_000, 30 * 86_400_000, d.maxEventAgeMs),
  ARIADNE_AUDIT_PUBLISH_TIMEOUT_MS: int(100, 600_000, d.publishTimeoutMs),
  ARIADNE_AUDIT_MAX_REPLY_BYTES: int(4096, 64 * 1024 * 1024, d.queryLimits.maxReplyBytes),
  ARIADNE_AUDIT_STOP_TIMEOUT_MS: int(1000, 600_000, 20_000),
});
export type AuditEnv = z.infer<typeof AuditEnv>;

export function auditOptionsOf(env: AuditEnv): AuditServiceOptions {
  return {
    ...d,
    logId: env.ARIADNE_AUDIT_LOG_ID,
    checkpointIntervalMs: env.ARIADNE_AUDIT_CHECKPOINT_INTERVAL_MS,
    maxRequestEvents: env.ARIADNE_AUDIT_MAX_REQUEST_EVENTS,
    maxBatchEvents: env.ARIADNE_AUDIT_MAX_BATCH_EVENTS,
    maxQueuedEvents: env.ARIADNE_AUDIT_MAX_QUEUED_EVENTS,
    maxEventAgeMs: env.ARIADNE_AUDIT_MAX_EVENT_AGE_MS,
    publishTimeoutMs: env.ARIADNE_AUDIT_PUBLISH_TIMEOUT_MS,
    queryLimits: { ...d.queryLimits, maxReplyBytes: env.ARIADNE_AUDIT_MAX_REPLY_BYTES },
  };
}
