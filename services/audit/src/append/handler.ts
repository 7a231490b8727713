import { H, subjects } from "@ariadne/bus";
import { AppendReply } from "@ariadne/contracts";
import type { Verifier } from "@ariadne/envelope";
import { formatTraceparent, injectTrace, type Logger, traceFromHeaders } from "@ariadne/runtime";
import { type Msg, type NatsConnection, headers as newHeaders, type Subscription } from "@nats-io/transport-node";
import { AuditServiceError } from "../errors.ts";
import type { AuditMetrics } from "../metrics.ts";
import { verifyAppendRequest } from "./verify.ts";
import type { LogWriter } from "./writer.ts";

/** Every audit service process answers appends in this queue group: one of them takes each request. */
export const APPEND_QUEUE = "audit";

export interface AppendHandlerDeps {
  readonly nc: NatsConnection;
  readonly verifier: Verifier;
  readonly writer: LogWriter;
  readonly logger: Logger;
  readonly metrics: AuditMetrics;
  readonly maxRequestEvents: number;
  readonly maxEventAgeMs: number;
}

export interface AppendHandler {
  /** Stops taking requests; those already received still get their answer from the writer. */
  stop(): Promise<void>;
}

function reply(msg: Msg, body: AppendReply, traceparent: string): void {
  const h = newHeaders();
  h.set(H.traceparent, traceparent);
  msg.respond(AppendReply.encode(body).finish(), { headers: h });
}

/**
 * ariadne.audit.append: verify, then hand to the writer in arrival order, then answer with the
 * indexes. A request that fails verification is refused whole with its code (nothing logged).
 * A request the log cannot store gets no answer at all: the emitter's AuditClient times out
 * with AUDIT_UNAVAILABLE, fails closed and retries; a refusal would read as "these events are
 * wrong" instead.
 */
export function startAppendHandler(deps: AppendHandlerDeps): AppendHandler {
  const { logger, metrics } = deps;
  const handle = (msg: Msg): void => {
    if (!msg.reply) return;
    const started = performance.now();
    const trace = traceFromHeaders(msg.headers);
    const traceparent = formatTraceparent(trace);
    const verified = verifyAppendRequest(msg.data, deps.verifier, {
      maxEvents: deps.maxRequestEvents,
      maxAgeMs: deps.maxEventAgeMs,
    });
    if (!verified.ok) {
      metrics.refusals.inc({ code: verified.code });
      logger.warn({ code: verified.code, position: verified.position, traceId: trace.traceId }, "append refused");
      reply(msg, AppendReply.create({ code: verified.code, detail: `event ${verified.position ?? 0}` }), traceparent);
      return;
    }
    const forward = newHeaders();
    injectTrace(forward, trace);
    deps.writer.append(verified.events, forward.get(H.traceparent)).then(
      (outcome) => {
        reply(
          msg,
          AppendReply.create({
            results: outcome.results.map((r) => ({ eventId: r.eventId, index: r.index, duplicate: r.duplicate })),
            treeSize: outcome.treeSize,
          }),
          traceparent,
        );
        metrics.appendSeconds.observe((performance.now() - started) / 1000);
      },
      (err: unknown) => {
        const code = err instanceof AuditServiceError ? err.code : "LOG_UNAVAILABLE";
        metrics.refusals.inc({ code });
        logger.warn({ code, events: verified.events.length, traceId: trace.traceId }, "append not stored; no reply");
      },
    );
  };
  const sub: Subscription = deps.nc.subscribe(subjects.auditAppend, {
    queue: APPEND_QUEUE,
    callback: (err, msg) => {
      if (err) logger.error({ err }, "append subscription failed");
      else handle(msg);
    },
  });
  return {
    async stop() {
      await sub.drain();
    },
  };
}
