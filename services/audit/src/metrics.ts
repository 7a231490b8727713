import type { Metrics } from "@ariadne/runtime";

/** The audit service's metrics (docs/operations-audit.md lists them). Labels are codes and endpoint names. */
export function auditMetrics(metrics: Metrics) {
  return {
    appended: metrics.counter("audit_events_appended_total", "Events stored in the audit log"),
    duplicates: metrics.counter(
      "audit_duplicates_total",
      "Events already in the log when appended again (retried emissions), answered with their index",
    ),
    refusals: metrics.counter(
      "audit_refusals_total",
      "Append requests refused (signature, role, personal data...) or not answered (LOG_UNAVAILABLE, OVERLOADED...), by code",
      ["code"],
    ),
    conflicts: metrics.counter(
      "audit_write_conflicts_total",
      "Batches another writer got ahead of (caught up and planned again)",
    ),
    appendSeconds: metrics.histogram(
      "audit_append_seconds",
      "From an append request's arrival to its reply, for requests answered with indexes",
      [],
      [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    ),
    treeSize: metrics.gauge("audit_tree_size", "Entries in the audit log"),
    queued: metrics.gauge("audit_queued_events", "Events waiting to be stored"),
    checkpoints: metrics.counter("audit_checkpoints_total", "Checkpoints signed and published"),
    checkpointSize: metrics.gauge("audit_checkpoint_tree_size", "Tree size of the latest published checkpoint"),
    checkpointTimestamp: metrics.gauge(
      "audit_checkpoint_timestamp_seconds",
      "When the latest checkpoint was published (Unix time)",
    ),
    checkpointAge: metrics.gauge(
      "audit_checkpoint_age_seconds",
      "Seconds since the latest checkpoint was published (-1: none yet)",
    ),
    queries: metrics.counter("audit_queries_total", "Queries answered or refused, by endpoint and code (OK)", [
      "endpoint",
      "code",
    ]),
  };
}

export type AuditMetrics = ReturnType<typeof auditMetrics>;
