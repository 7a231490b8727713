import type { Metrics } from "@ariadne/runtime";

/** The adapter's own series (the work loop adds messages_total, handle_seconds, inflight_messages). */
export function adapterMetrics(metrics: Metrics) {
  return {
    deliveries: metrics.counter(
      "adapter_deliveries_total",
      "Delivery attempts by outcome: delivered, replayed (the channel had the key), retry, dead",
      ["agency", "outcome", "code"],
    ),
    attempts: metrics.histogram(
      "adapter_delivery_attempts",
      "Deliveries a copy needed until the channel confirmed it",
      ["agency"],
      [1, 2, 3, 5, 8, 13, 21, 34, 55, 89],
    ),
    channelLatency: metrics.histogram(
      "adapter_channel_request_seconds",
      "Time of channel requests, by operation and result",
      ["agency", "operation", "result"],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    ),
    deadLetters: metrics.counter("adapter_dead_letters_total", "Copies moved to the dead letter subject", [
      "agency",
      "code",
    ]),
    receipts: metrics.counter("adapter_receipts_total", "Signed receipts sent to originators", ["agency", "evidence"]),
    replies: metrics.counter("adapter_replies_total", "Agency replies relayed to originators", ["agency", "kind"]),
    events: metrics.counter("adapter_channel_events_total", "Channel events read, by type and what became of them", [
      "agency",
      "type",
      "outcome",
    ]),
    pollErrors: metrics.counter("adapter_events_poll_errors_total", "Failed polls of the channel's events", [
      "agency",
      "code",
    ]),
    consultations: metrics.counter(
      "adapter_feed_consultations_total",
      "Copies shown to liaison officers, each logged as a consultation first",
      ["agency"],
    ),
    feedRequests: metrics.counter("adapter_feed_requests_total", "Feed requests by action and outcome", [
      "agency",
      "action",
      "outcome",
    ]),
    feedsActive: metrics.gauge("adapter_feeds_active", "Liaison-officer feeds running in this process", ["agency"]),
  };
}
export type AdapterMetrics = ReturnType<typeof adapterMetrics>;
