import { H, subjects } from "@ariadne/bus";
import type { AuditQuery } from "@ariadne/contracts";
import { formatTraceparent, type Logger, traceFromHeaders } from "@ariadne/runtime";
import { type Service, type ServiceMsg, Svcm } from "@nats-io/services";
import { type NatsConnection, headers as newHeaders } from "@nats-io/transport-node";
import { QUERY_ERROR_STATUS, QueryError, type QueryErrorCode } from "../errors.ts";
import type { AuditMetrics } from "../metrics.ts";
import { authenticate, type QueryKind } from "./auth.ts";
import type { AuthedQuery, QueryContext } from "./context.ts";
import { exportChunk } from "./export.ts";
import { consistency, inclusion, latestCheckpoint } from "./proofs.ts";
import { events, trail } from "./reads.ts";

/** The micro service's name: `nats micro info ariadne-audit`. */
export const QUERY_SERVICE_NAME = "ariadne-audit";
export const QUERY_SERVICE_VERSION = "0.1.0";

/** Endpoint names; each listens on ariadne.audit.query.<name>. */
export const QUERY_ENDPOINTS = ["trail", "events", "inclusion", "consistency", "checkpoint", "export"] as const;
export type QueryEndpoint = (typeof QUERY_ENDPOINTS)[number];

type Query<K extends QueryKind> = Extract<NonNullable<AuditQuery["query"]>, { $case: K }>["value"];
type Answer = (ctx: QueryContext, q: AuthedQuery) => Promise<Uint8Array>;

/** The query of the endpoint's kind (authenticate() already refused any other). */
function value<K extends QueryKind>(q: AuthedQuery, kind: K): Query<K> {
  const query = q.query.query;
  if (query?.$case !== kind) throw new QueryError("BAD_REQUEST", `not a ${kind} query`);
  return query.value as Query<K>;
}

const ANSWERS: Readonly<Record<QueryEndpoint, Answer>> = {
  trail: (ctx, q) => trail(ctx, q, value(q, "trail")),
  events: (ctx, q) => events(ctx, q, value(q, "events")),
  inclusion: (ctx, q) => inclusion(ctx, value(q, "inclusion")),
  consistency: (ctx, q) => consistency(ctx, value(q, "consistency")),
  checkpoint: (ctx) => latestCheckpoint(ctx),
  export: (ctx, q) => exportChunk(ctx, q, value(q, "export")),
};

export interface QueryServiceDeps {
  readonly nc: NatsConnection;
  readonly context: QueryContext;
  readonly logger: Logger;
  readonly metrics: AuditMetrics;
  /** False until the log is loaded, and while stopping: queries are answered NOT_READY. */
  readonly ready: () => boolean;
}

function respondError(msg: ServiceMsg, code: QueryErrorCode, traceparent: string): void {
  const h = newHeaders();
  h.set(H.errorCode, code);
  h.set(H.traceparent, traceparent);
  msg.respondError(QUERY_ERROR_STATUS[code], code, undefined, { headers: h });
}

/**
 * The query API as a NATS micro service (discoverable with $SRV.PING/INFO/STATS), one endpoint
 * per query under ariadne.audit.query, all replicas in the service's queue group. Errors go
 * back as Nats-Service-Error (the stable code) and Nats-Service-Error-Code (HTTP-like status).
 */
export async function startQueryService(deps: QueryServiceDeps): Promise<Service> {
  const { logger, metrics } = deps;
  const service = await new Svcm(deps.nc).add({
    name: QUERY_SERVICE_NAME,
    version: QUERY_SERVICE_VERSION,
    description: "Ariadne audit log: trails, events, proofs, checkpoints and exports (every read logged)",
  });
  const group = service.addGroup(subjects.auditQuery);
  for (const endpoint of QUERY_ENDPOINTS) {
    const answer = ANSWERS[endpoint];
    group.addEndpoint(endpoint, {
      metadata: { request: "ariadne.v1.Envelope(ariadne.v1.AuditQuery)" },
      handler: (err, msg) => {
        if (err) {
          logger.error({ err, endpoint }, "query endpoint failed");
          return;
        }
        const trace = traceFromHeaders(msg.headers);
        const traceparent = formatTraceparent(trace);
        void (async () => {
          try {
            if (!deps.ready()) throw new QueryError("NOT_READY", "the audit log is not loaded");
            const q = authenticate(msg.data, deps.context.verifier, endpoint, trace);
            const reply = await answer(deps.context, q);
            const h = newHeaders();
            h.set(H.traceparent, traceparent);
            msg.respond(reply, { headers: h });
            metrics.queries.inc({ endpoint, code: "OK" });
            logger.info(
              { endpoint, requester: q.requester, requestId: q.query.requestId, traceId: trace.traceId },
              "query answered",
            );
          } catch (e) {
            const code: QueryErrorCode = e instanceof QueryError ? e.code : "INTERNAL";
            metrics.queries.inc({ endpoint, code });
            const log = code === "INTERNAL" ? logger.error.bind(logger) : logger.warn.bind(logger);
            log({ endpoint, code, err: e, traceId: trace.traceId }, "query refused");
            respondError(msg, code, traceparent);
          }
        })();
      },
    });
  }
  return service;
}
