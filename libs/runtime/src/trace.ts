import { randomBytes } from "node:crypto";
import type { MsgHdrs } from "@nats-io/transport-node";

/**
 * W3C Trace Context (traceparent) carried through NATS headers, so one alert can be followed
 * from the NCP's publish through router, adapters and audit. We only propagate ids (no span
 * export), which needs thirty lines rather than the OpenTelemetry SDK; a deployment that
 * exports spans can wrap these ids in OTel spans without changing the wire.
 */
export interface TraceContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly sampled: boolean;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

export function newTrace(): TraceContext {
  return { traceId: randomBytes(16).toString("hex"), spanId: randomBytes(8).toString("hex"), sampled: true };
}

/** A child span of the same trace: what a service passes on when it publishes. */
export function childSpan(parent: TraceContext): TraceContext {
  return { traceId: parent.traceId, spanId: randomBytes(8).toString("hex"), sampled: parent.sampled };
}

export function parseTraceparent(value: string | undefined): TraceContext | undefined {
  const m = value ? TRACEPARENT.exec(value.trim()) : null;
  if (!m) return undefined;
  const [, traceId = "", spanId = "", flags = "00"] = m;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}

export function formatTraceparent(ctx: TraceContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.sampled ? "01" : "00"}`;
}

/** The trace of an incoming message, or a new one when it carries none (or a malformed one). */
export function traceFromHeaders(headers: MsgHdrs | undefined): TraceContext {
  return parseTraceparent(headers?.get("traceparent")) ?? newTrace();
}

/** Sets traceparent to a child span of `ctx`; returns that child. */
export function injectTrace(headers: MsgHdrs, ctx: TraceContext): TraceContext {
  const child = childSpan(ctx);
  headers.set("traceparent", formatTraceparent(child));
  return child;
}
