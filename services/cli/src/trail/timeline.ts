import { evidenceOf, type Stage, stageOf } from "@ariadne/audit";
import type { LoggedAuditEvent } from "@ariadne/audit-service";
import { AuditAction, auditActionToJSON, purposeToJSON } from "@ariadne/contracts";

export type { Stage };

export interface DecisionLine {
  readonly recipient: string;
  readonly delivered: boolean;
  readonly reasonCode: string;
  readonly reason: string;
  readonly ruleIds: readonly string[];
  readonly disclosedCount: number;
  readonly withheldCount: number;
}

/** One line of the timeline: ids, codes and counts only (audit events hold nothing personal). */
export interface TimelineEntry {
  readonly index: number;
  readonly loggedAt: string | undefined;
  readonly occurredAt: string | undefined;
  readonly stage: Stage;
  readonly action: string;
  readonly actor: string;
  /** The party whose signature on the event verified. */
  readonly signer: string | undefined;
  readonly version: number;
  readonly recipients: readonly string[];
  /** For evidence: the receipt's evidence code or the reply's kind. */
  readonly evidence?: string;
  readonly code?: string;
  readonly detail: string;
  readonly officer?: string;
  readonly query?: string;
  readonly purposes?: readonly string[];
  readonly decisions?: readonly DecisionLine[];
  readonly traceId: string;
}

/** Per recipient, how far the alert got. */
export interface RecipientProgress {
  readonly recipient: string;
  readonly decision: "allowed" | "refused" | "none";
  readonly reasonCode: string;
  readonly transferred: boolean;
  readonly delivered: boolean;
  readonly acknowledged: boolean;
  readonly replies: readonly string[];
}

export interface Timeline {
  readonly alertId: string;
  readonly entries: readonly TimelineEntry[];
  readonly recipients: readonly RecipientProgress[];
}

export function timelineEntry(e: LoggedAuditEvent): TimelineEntry {
  const ev = e.event;
  const stage = stageOf(ev);
  const evidence = ev.action === AuditAction.AUDIT_ACTION_EVIDENCE ? evidenceOf(ev.detail)?.code : undefined;
  return {
    index: e.index,
    loggedAt: e.entry.loggedAt?.toISOString(),
    occurredAt: ev.occurredAt?.toISOString(),
    stage,
    action: auditActionToJSON(ev.action).replace(/^AUDIT_ACTION_/, ""),
    actor: ev.actor,
    signer: e.signer,
    version: ev.version,
    recipients: [...ev.recipients],
    ...(evidence === undefined ? {} : { evidence }),
    ...(ev.code === "" ? {} : { code: ev.code }),
    detail: ev.detail,
    ...(ev.officer === "" ? {} : { officer: ev.officer }),
    ...(ev.query === "" ? {} : { query: ev.query }),
    ...(ev.purposes.length === 0 ? {} : { purposes: ev.purposes.map(purposeToJSON) }),
    ...(ev.decisions.length === 0
      ? {}
      : {
          decisions: ev.decisions.map((d) => ({
            recipient: d.recipient,
            delivered: d.delivered,
            reasonCode: d.reasonCode,
            reason: d.reason,
            ruleIds: [...d.ruleIds],
            disclosedCount: d.disclosedCount,
            withheldCount: d.withheldCount,
          })),
        }),
    traceId: ev.traceId,
  };
}

/** The trail in log order, and per candidate recipient how far the alert got. */
export function buildTimeline(alertId: string, events: readonly LoggedAuditEvent[]): Timeline {
  const entries = [...events].sort((a, b) => a.index - b.index).map(timelineEntry);
  const progress = new Map<string, { -readonly [K in keyof RecipientProgress]: RecipientProgress[K] }>();
  const of = (recipient: string) => {
    let p = progress.get(recipient);
    if (!p) {
      p = {
        recipient,
        decision: "none",
        reasonCode: "",
        transferred: false,
        delivered: false,
        acknowledged: false,
        replies: [],
      };
      progress.set(recipient, p);
    }
    return p;
  };
  for (const e of entries) {
    for (const d of e.decisions ?? []) {
      const p = of(d.recipient);
      p.decision = d.delivered ? "allowed" : "refused";
      p.reasonCode = d.reasonCode;
    }
    for (const r of e.recipients) {
      if (e.stage === "transferred") of(r).transferred = true;
      if (e.stage === "delivered") of(r).delivered = true;
      if (e.stage === "acknowledged") of(r).acknowledged = true;
      if (e.stage === "reply" && e.evidence) of(r).replies = [...of(r).replies, e.evidence];
    }
  }
  return { alertId, entries, recipients: [...progress.values()] };
}

/** Whether the trail shows anything about the alert beyond the consultations of it. */
export function isEmptyTrail(t: Timeline): boolean {
  return t.entries.every((e) => e.stage === "consultation");
}
