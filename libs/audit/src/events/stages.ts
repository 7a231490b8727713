import { AuditAction, type AuditEvent } from "@ariadne/contracts";

/**
 * Reading events back as the steps of an alert's life. It lives beside the builders because it
 * parses the `detail` phrases they write; the CLI's trail and the console's timeline both use it.
 */
export type Stage =
  | "received"
  | "new-version"
  | "rejected"
  | "decision"
  | "routed"
  | "transferred"
  | "delivered"
  | "not-delivered"
  | "acknowledged"
  | "receipt"
  | "reply"
  | "dead-letter"
  | "consultation"
  | "combination"
  | "erasure"
  | "other";

/** evidenceEvent writes `receipt issued evidence=EVIDENCE_DELIVERY`, `reply received evidence=KIND_...`. */
const EVIDENCE_DETAIL = /^(receipt|reply) (issued|received) evidence=([A-Z0-9_]+)$/;

export interface Evidence {
  readonly kind: "receipt" | "reply";
  readonly direction: "issued" | "received";
  /** The receipt's evidence code or the reply's kind. */
  readonly code: string;
}

export function evidenceOf(detail: string): Evidence | undefined {
  const m = EVIDENCE_DETAIL.exec(detail);
  if (!m) return undefined;
  return { kind: m[1] as Evidence["kind"], direction: m[2] as Evidence["direction"], code: m[3] ?? "" };
}

function evidenceStage(e: Evidence | undefined): Stage {
  if (!e) return "receipt";
  if (e.kind === "reply") return "reply";
  switch (e.code) {
    case "EVIDENCE_DELIVERY":
      return "delivered";
    case "EVIDENCE_NON_DELIVERY":
    case "EVIDENCE_RELAY_FAILURE":
      return "not-delivered";
    case "EVIDENCE_RETRIEVAL":
      return "acknowledged";
    default:
      return "receipt";
  }
}

export function stageOf(event: Pick<AuditEvent, "action" | "detail">): Stage {
  switch (event.action) {
    case AuditAction.AUDIT_ACTION_COLLECTION:
      return "received";
    case AuditAction.AUDIT_ACTION_ALTERATION:
      return "new-version";
    case AuditAction.AUDIT_ACTION_REJECTION:
      return "rejected";
    case AuditAction.AUDIT_ACTION_DECISION:
      return "decision";
    case AuditAction.AUDIT_ACTION_DISCLOSURE:
      return event.detail.startsWith("copy transferred") ? "transferred" : "routed";
    case AuditAction.AUDIT_ACTION_EVIDENCE:
      return evidenceStage(evidenceOf(event.detail));
    case AuditAction.AUDIT_ACTION_DEAD_LETTER:
      return "dead-letter";
    case AuditAction.AUDIT_ACTION_CONSULTATION:
      return "consultation";
    case AuditAction.AUDIT_ACTION_COMBINATION:
      return "combination";
    case AuditAction.AUDIT_ACTION_ERASURE:
      return "erasure";
    default:
      return "other";
  }
}
