import type { WriterOptions } from "./append/writer.ts";
import type { QueryLimits } from "./query/context.ts";

export interface AuditServiceOptions extends WriterOptions {
  /** Names this log for good (checkpoints, exports): `^[a-z0-9][a-z0-9._/-]{0,127}$`. */
  readonly logId: string;
  /** A checkpoint is published every interval in which the log grew. */
  readonly checkpointIntervalMs: number;
  /** Most events one append request may carry. */
  readonly maxRequestEvents: number;
  /** How old an event's signature may be when it arrives (emitters hold sealed events while the log is down). */
  readonly maxEventAgeMs: number;
  /** How long to wait for JetStream to confirm a leaf or answer an API call. */
  readonly publishTimeoutMs: number;
  readonly queryLimits: QueryLimits;
}

export const DEFAULT_AUDIT_OPTIONS: AuditServiceOptions = {
  logId: "ariadne-audit/local",
  checkpointIntervalMs: 60_000,
  maxRequestEvents: 1000,
  maxBatchEvents: 512,
  maxQueuedEvents: 50_000,
  maxConflictRetries: 5,
  maxEventAgeMs: 24 * 3600_000,
  publishTimeoutMs: 3000,
  queryLimits: { defaultPage: 200, maxPage: 1000, maxReplyBytes: 1024 * 1024, scan: 100_000 },
};
