import { AuditAction, type AuditEvent } from "@ariadne/contracts";
import { AuditError } from "../errors.ts";
import {
  type AlertRef,
  alertFields,
  type EventContext,
  finish,
  type Justification,
  justificationFields,
  requireJustification,
} from "./context.ts";

/** What was consulted: the kind of read and its parameters (ids, codes, times — never search text). */
export interface ConsultedQuery {
  readonly kind: "trail" | "feed" | "events" | "proof" | "export" | "checkpoint";
  readonly params?: Readonly<Record<string, string | number>>;
}

/** "feed crime_area=CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS since=2025-06-12T00:00:00Z": keys sorted, so stable. */
export function renderQuery(query: ConsultedQuery): string {
  const params = Object.entries(query.params ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`);
  return [query.kind, ...params].join(" ");
}

/**
 * Consultation: an officer or operator read alerts (a feed) or the audit trail. LED Art. 25(2):
 * the log shows the justification, the time, who consulted and what. A retried request (same
 * requestId) is logged once.
 */
export function consultationEvent(
  context: EventContext,
  input: {
    /** The individual who consulted: officer.<agency>.<name> or an operator id. */
    officer: string;
    /** The request's own id (e.g. a UUID the caller sent), what makes one consultation one event. */
    requestId: string;
    query: ConsultedQuery;
    why: Justification;
    /** The alert consulted, for a trail or a single alert. */
    alert?: AlertRef;
    /** Alerts the read returned (a feed page), by id. */
    resultAlertIds?: readonly string[];
  },
): AuditEvent {
  requireJustification(input.why);
  if (input.officer === "") throw new AuditError("INVALID_EVENT", "officer: required");
  if (input.requestId === "") throw new AuditError("INVALID_EVENT", "requestId: required");
  return finish(AuditAction.AUDIT_ACTION_CONSULTATION, context, [input.officer, input.requestId], {
    ...(input.alert === undefined ? {} : alertFields(input.alert)),
    ...justificationFields(input.why),
    officer: input.officer,
    query: renderQuery(input.query),
    linkedAlertIds: [...(input.resultAlertIds ?? [])],
  });
}
