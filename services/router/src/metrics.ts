import type { Metrics } from "@ariadne/runtime";

/** Outcomes of one intake message, as the router counts them. */
export type AlertOutcome = "routed" | "rejected" | "retry" | "dead";

/**
 * The router's own metrics (the work loop adds ariadne_messages_total, ariadne_handle_seconds
 * and ariadne_inflight_messages per stage). Labels are codes, recipients and versions only.
 */
export function routerMetrics(metrics: Metrics) {
  const policyInfo = metrics.gauge("router_policy_info", "The mandates version in force (value 1)", ["policy_version"]);
  let policyVersion = "";
  return {
    alerts: metrics.counter("router_alerts_total", "Intake messages by outcome", ["outcome"]),
    rejections: metrics.counter("router_rejections_total", "Rejected intake messages by code", ["code"]),
    copies: metrics.counter("router_copies_total", "Copies published, by recipient", ["recipient"]),
    refusals: metrics.counter("router_refused_decisions_total", "Candidate recipients refused, by reason code", [
      "recipient",
      "reason",
    ]),
    auditFailures: metrics.counter(
      "router_audit_unavailable_total",
      "Audit appends not confirmed (AUDIT_UNAVAILABLE, APPEND_REFUSED): nothing was disclosed",
      ["code"],
    ),
    held: metrics.gauge("router_audit_held_messages", "Messages held while the audit log is unavailable"),
    redeliveries: metrics.counter(
      "router_redeliveries_total",
      "Intake messages handled again: after a retry, a crashed router or an expired ack wait",
    ),
    deadLetters: metrics.counter("router_dead_letters_total", "Intake messages dead-lettered, by code", ["code"]),
    latency: metrics.histogram("router_handle_seconds", "Time to handle one intake message, by outcome", ["outcome"]),
    /** Keeps the info metric on the version in force (cheap when unchanged). */
    policy(version: string): void {
      if (version === policyVersion) return;
      policyVersion = version;
      policyInfo.reset();
      policyInfo.set({ policy_version: version }, 1);
    },
  };
}

export type RouterMetrics = ReturnType<typeof routerMetrics>;
