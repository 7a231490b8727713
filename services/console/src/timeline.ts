import { type Evidence, evidenceOf, type Stage, stageOf } from "@ariadne/audit";
import { AuditAction, type AuditEvent, auditActionToJSON, purposeToJSON } from "@ariadne/contracts";

/**
 * What the console needs of one logged audit event: a structural subset of the audit query
 * client's LoggedAuditEvent, so that pure code and its tests need no NATS and no signatures.
 */
export interface TrailEvent {
  readonly index: number;
  readonly entry: { readonly loggedAt?: Date | undefined };
  readonly event: AuditEvent;
  /** The party whose signature verified, when the client verified it. */
  readonly signer?: string | undefined;
}

export interface DecisionView {
  readonly recipient: string;
  readonly delivered: boolean;
  readonly reasonCode: string;
  readonly reason: string;
  readonly ruleIds: readonly string[];
  readonly legalBasis: string;
  readonly disclosedCount: number;
  readonly withheldCount: number;
}

/** One entry of the timeline: ids, codes, counts and config text (the audit log holds nothing personal). */
export interface TimelineEntry {
  readonly index: number;
  readonly at: string | undefined;
  readonly stage: Stage;
  readonly action: string;
  readonly actor: string;
  readonly signer: string | undefined;
  readonly version: number;
  /** Who the step concerns (a disclosure's or receipt's recipient). */
  readonly recipient: string | undefined;
  /** A receipt's evidence code or a reply's kind. */
  readonly evidence: string | undefined;
  readonly code: string | undefined;
  readonly detail: string;
  readonly officer: string | undefined;
  readonly query: string | undefined;
  readonly purposes: readonly string[];
  readonly legalBasis: string | undefined;
  readonly decisions: readonly DecisionView[];
  readonly policyVersion: string | undefined;
}

/** Per candidate recipient, how far the alert got. */
export interface RecipientProgress {
  readonly recipient: string;
  readonly decision: "allowed" | "refused" | "none";
  readonly reasonCode: string;
  readonly withheldCount: number;
  readonly delivered: boolean;
  readonly acknowledged: boolean;
  readonly replies: readonly string[];
}

export interface Timeline {
  readonly alertId: string;
  readonly originator: string | undefined;
  readonly entries: readonly TimelineEntry[];
  readonly recipients: readonly RecipientProgress[];
}

// Stage and evidence parsing are shared with the CLI's trail (libs/audit events/stages.ts).
export { type Evidence, evidenceOf, type Stage, stageOf };

const orUndefined = (s: string) => (s === "" ? undefined : s);

/**
 * The candidate recipient a step concerns. Evidence is signed by the agency's adapter and may
 * name the originator as its recipient (a receipt goes back to the NCP): the adapter's agency
 * is the one the step is about. Other events name their recipient.
 */
export function concernedRecipient(ev: Pick<AuditEvent, "action" | "actor" | "recipients">): string | undefined {
  if (ev.action === AuditAction.AUDIT_ACTION_EVIDENCE && ev.actor.startsWith("adapter.")) {
    return ev.actor.slice("adapter.".length);
  }
  // A decision names every candidate: it concerns them all, its rows say how.
  if (ev.action === AuditAction.AUDIT_ACTION_DECISION || ev.recipients.length !== 1) return undefined;
  return ev.recipients[0];
}

export function timelineEntry(e: TrailEvent): TimelineEntry {
  const ev = e.event;
  const stage = stageOf(ev);
  const evidence = ev.action === AuditAction.AUDIT_ACTION_EVIDENCE ? evidenceOf(ev.detail) : undefined;
  return {
    index: e.index,
    at: (e.entry.loggedAt ?? ev.occurredAt)?.toISOString(),
    stage,
    action: auditActionToJSON(ev.action).replace(/^AUDIT_ACTION_/, ""),
    actor: ev.actor,
    signer: e.signer,
    version: ev.version,
    recipient: concernedRecipient(ev),
    evidence: evidence?.code,
    code: orUndefined(ev.code),
    detail: ev.detail,
    officer: orUndefined(ev.officer),
    query: orUndefined(ev.query),
    purposes: ev.purposes.map(purposeToJSON),
    legalBasis: orUndefined(ev.legalBasis),
    decisions: ev.decisions.map((d) => ({
      recipient: d.recipient,
      delivered: d.delivered,
      reasonCode: d.reasonCode,
      reason: d.reason,
      ruleIds: [...d.ruleIds],
      legalBasis: d.legalBasis,
      disclosedCount: d.disclosedCount,
      withheldCount: d.withheldCount,
    })),
    policyVersion: orUndefined(ev.policyVersion),
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The trail in log order, and per candidate recipient how far the alert got. */
export function buildTimeline(alertId: string, events: readonly TrailEvent[]): Timeline {
  const sorted = [...events].sort((a, b) => a.index - b.index);
  const entries = sorted.map(timelineEntry);
  const progress = new Map<string, Mutable<RecipientProgress>>();
  const of = (recipient: string) => {
    let p = progress.get(recipient);
    if (!p) {
      p = {
        recipient,
        decision: "none",
        reasonCode: "",
        withheldCount: 0,
        delivered: false,
        acknowledged: false,
        replies: [],
      };
      progress.set(recipient, p);
    }
    return p;
  };
  for (const e of entries) {
    for (const d of e.decisions) {
      const p = of(d.recipient);
      p.decision = d.delivered ? "allowed" : "refused";
      p.reasonCode = d.reasonCode;
      p.withheldCount = d.withheldCount;
    }
    if (e.recipient === undefined) continue;
    if (e.stage === "delivered") of(e.recipient).delivered = true;
    if (e.stage === "acknowledged") of(e.recipient).acknowledged = true;
    if (e.stage === "reply" && e.evidence) {
      const p = of(e.recipient);
      if (!p.replies.includes(e.evidence)) p.replies = [...p.replies, e.evidence];
    }
  }
  const originator = sorted.find((e) => e.event.originator !== "")?.event.originator;
  return { alertId, originator, entries, recipients: [...progress.values()] };
}
