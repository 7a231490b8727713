import { Metrics } from "@ariadne/runtime";

/** The stand-in's own counters, on a registry of its own (several stand-ins share a test process). */
export function standinMetrics(agency: string) {
  const metrics = new Metrics(`agency-standin-${agency}`);
  return {
    metrics,
    requests: metrics.counter("standin_requests_total", "HTTP requests by route and status", ["route", "status"]),
    deliveries: metrics.counter("standin_deliveries_total", "Deliveries by outcome", ["outcome"]),
    records: metrics.gauge("standin_records", "Messages recorded"),
    events: metrics.counter("standin_events_total", "Events emitted by type", ["type"]),
    hanging: metrics.gauge("standin_hanging_requests", "Requests held unanswered (mode hang)"),
  };
}
export type StandinMetrics = ReturnType<typeof standinMetrics>;
