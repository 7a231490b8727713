import { PARTY_ID } from "@ariadne/bus";
import {
  AuditAction,
  auditActionToJSON,
  type EventsQuery,
  EventsReply,
  isAlertId,
  type TrailQuery,
  TrailReply,
} from "@ariadne/contracts";
import { QueryError } from "../errors.ts";
import type { EventFilter, Page } from "../log/event-index.ts";
import { logConsultation } from "./consultation.ts";
import type { AuthedQuery, QueryContext } from "./context.ts";
import { pageLimit, readLoggedEvents } from "./leaves.ts";

async function pageOf(ctx: QueryContext, page: Page) {
  const events = await readLoggedEvents(ctx, page.indexes, ctx.limits.maxReplyBytes);
  const cut = events.length < page.indexes.length;
  return {
    events,
    nextCursor: cut ? (page.indexes[events.length] as number) : page.nextCursor,
    hasMore: cut || page.hasMore,
  };
}

/** ariadne.audit.query.trail: every event about the alert, in log order (this read's consultation included). */
export async function trail(ctx: QueryContext, q: AuthedQuery, t: TrailQuery): Promise<Uint8Array> {
  if (!isAlertId(t.alertId)) throw new QueryError("BAD_REQUEST", "alert_id is not an alert id");
  await ctx.writer.sync().catch(() => undefined);
  const params = { alert_id: t.alertId, ...(t.cursor > 0 ? { cursor: t.cursor } : {}) };
  const consultationIndex = await logConsultation(ctx, q, { kind: "trail", params }, [t.alertId]);
  const index = ctx.writer.state.index;
  const page = await pageOf(ctx, index.trail(t.alertId, t.cursor, pageLimit(ctx, t.limit)));
  return TrailReply.encode({
    alertId: t.alertId,
    ...page,
    treeSize: ctx.writer.state.size,
    consultationIndex,
  }).finish();
}

function filterOf(e: EventsQuery): EventFilter {
  for (const [field, party] of [
    ["actor", e.actor],
    ["officer", e.officer],
  ] as const) {
    if (party !== "" && !PARTY_ID.test(party)) throw new QueryError("BAD_REQUEST", `${field} is not a party id`);
  }
  if (e.action === AuditAction.UNRECOGNIZED) throw new QueryError("BAD_REQUEST", "action is not an audit action");
  return {
    ...(e.actor === "" ? {} : { actor: e.actor }),
    ...(e.officer === "" ? {} : { officer: e.officer }),
    ...(e.action === AuditAction.AUDIT_ACTION_UNSPECIFIED ? {} : { action: e.action }),
    ...(e.since === undefined ? {} : { sinceMs: e.since.getTime() }),
    ...(e.until === undefined ? {} : { untilMs: e.until.getTime() }),
  };
}

/** What an events query asked, as the consultation records it: ids, codes and times only. */
function consultedParams(e: EventsQuery): Record<string, string | number> {
  return {
    ...(e.actor === "" ? {} : { party: e.actor }),
    ...(e.officer === "" ? {} : { officer: e.officer }),
    ...(e.action === AuditAction.AUDIT_ACTION_UNSPECIFIED ? {} : { action: auditActionToJSON(e.action) }),
    ...(e.since === undefined ? {} : { since: e.since.toISOString() }),
    ...(e.until === undefined ? {} : { until: e.until.toISOString() }),
    ...(e.cursor > 0 ? { cursor: e.cursor } : {}),
  };
}

/** ariadne.audit.query.events: events by actor, officer, action and time, in log order, paged. */
export async function events(ctx: QueryContext, q: AuthedQuery, e: EventsQuery): Promise<Uint8Array> {
  const filter = filterOf(e);
  await ctx.writer.sync().catch(() => undefined);
  const consultationIndex = await logConsultation(ctx, q, { kind: "events", params: consultedParams(e) });
  const index = ctx.writer.state.index;
  const page = await pageOf(ctx, index.events(filter, e.cursor, pageLimit(ctx, e.limit), ctx.limits.scan));
  return EventsReply.encode({ ...page, treeSize: ctx.writer.state.size, consultationIndex }).finish();
}
