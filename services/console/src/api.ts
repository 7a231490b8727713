import type { AuditQueryClient } from "@ariadne/audit-service";
import { PARTY_ID } from "@ariadne/bus";
import { isAlertId } from "@ariadne/contracts";
import type { Verifier } from "@ariadne/envelope";
import type { Logger, Metrics } from "@ariadne/runtime";
import type { JetStreamManager } from "@nats-io/jetstream";
import { z } from "zod";
import type { AlertIndex } from "./alert-index.ts";
import { checkpointStatus } from "./checkpoint.ts";
import { latestDeadLetters } from "./dead-letters.ts";
import { type Route, sendJson } from "./http.ts";
import type { LogTail } from "./log-tail.ts";
import { streamCounts } from "./streams.ts";
import { buildTimeline } from "./timeline.ts";

export interface ApiDeps {
  readonly audit: Pick<AuditQueryClient, "fullTrail" | "latestCheckpoint">;
  readonly verifier: Pick<Verifier, "verify">;
  readonly jsm: JetStreamManager;
  readonly index: AlertIndex;
  readonly tail: LogTail;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now?: () => Date;
}

/** The route a path is counted under: never the alert id itself (a label per alert would grow without end). */
function routeOf(path: string): string {
  if (/^\/api\/alerts\/[^/]+\/trail$/.test(path)) return "/api/alerts/:id/trail";
  return ["/api/overview", "/api/alerts", "/api/dead-letters", "/api/checkpoint"].includes(path) ? path : "other";
}

const isoDate = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** The search form's fields; an alert id prefix is hex and dashes (UUIDv7), nothing else. */
export const SearchParams = z.object({
  q: z
    .string()
    .regex(/^[0-9a-fA-F-]{0,36}$/)
    .transform((s) => s.toLowerCase())
    .optional(),
  originator: z.union([z.literal(""), z.string().regex(PARTY_ID)]).optional(),
  since: z.union([z.literal(""), isoDate]).optional(),
  until: z.union([z.literal(""), isoDate]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const DeadLetterParams = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) });

const codeOf = (err: unknown) => (err as { code?: string }).code ?? (err as Error).name;

/** `/api/...` routes: JSON only, GET only, ids and codes in logs. docs/console.md lists them. */
export function apiRoute(d: ApiDeps): Route {
  const now = d.now ?? (() => new Date());
  const requests = d.metrics.counter("console_api_requests_total", "API requests by route and status", [
    "route",
    "status",
  ]);
  const bad = (res: Parameters<Route>[1], issues: z.ZodError): true => {
    sendJson(res, 400, { error: { code: "BAD_REQUEST", fields: issues.issues.map((i) => i.path.join(".")) } });
    return true;
  };

  return async (req, res, url) => {
    if (!url.pathname.startsWith("/api/")) return false;
    if (req.method !== "GET") {
      sendJson(res, 405, { error: { code: "METHOD_NOT_ALLOWED" } });
      return true;
    }
    const params = Object.fromEntries(url.searchParams);
    const path = url.pathname;
    res.once("finish", () => requests.inc({ route: routeOf(path), status: String(res.statusCode) }));
    try {
      if (path === "/api/overview") {
        await d.tail.refresh();
        sendJson(res, 200, {
          at: now().toISOString(),
          counters: d.index.counters,
          streams: await streamCounts(d.jsm),
          log: d.tail.state,
          originators: d.index.originators(),
        });
        return true;
      }
      if (path === "/api/alerts") {
        const p = SearchParams.safeParse(params);
        if (!p.success) return bad(res, p.error);
        await d.tail.refresh();
        const { q, originator, since, until, limit } = p.data;
        const alerts = d.index.search({
          ...(q ? { idPrefix: q } : {}),
          ...(originator ? { originator } : {}),
          ...(since ? { since } : {}),
          ...(until ? { until } : {}),
          limit,
        });
        sendJson(res, 200, { alerts, log: d.tail.state });
        return true;
      }
      const trail = /^\/api\/alerts\/([^/]+)\/trail$/.exec(path);
      if (trail) {
        const alertId = decodeURIComponent(trail[1] ?? "");
        if (!isAlertId(alertId)) {
          sendJson(res, 400, { error: { code: "BAD_ALERT_ID" } });
          return true;
        }
        // An audited consultation: the audit service logs who read this trail, why, and when.
        const events = await d.audit.fullTrail(alertId);
        d.logger.info({ alertId, events: events.length }, "trail consulted");
        sendJson(res, 200, buildTimeline(alertId, events));
        return true;
      }
      if (path === "/api/dead-letters") {
        const p = DeadLetterParams.safeParse(params);
        if (!p.success) return bad(res, p.error);
        sendJson(res, 200, await latestDeadLetters(d.jsm, p.data.limit));
        return true;
      }
      if (path === "/api/checkpoint") {
        sendJson(res, 200, await checkpointStatus(d.audit, d.verifier, now()));
        return true;
      }
      sendJson(res, 404, { error: { code: "NOT_FOUND" } });
      return true;
    } catch (err) {
      const code = codeOf(err);
      d.logger.warn({ path: path.replace(/\/alerts\/[^/]+\//, "/alerts/:id/"), code }, "api request failed");
      sendJson(res, code === "UNAVAILABLE" ? 503 : 502, { error: { code } });
      return true;
    }
  };
}
