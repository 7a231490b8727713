import { AuditAction, type AuditEvent, type Purpose, RoutingDecision } from "@ariadne/contracts";
import { toHex } from "../bytes.ts";
import { AuditError } from "../errors.ts";
import {
  type AlertRef,
  alertFields,
  alertIdParts,
  type EventContext,
  finish,
  type Justification,
  justificationFields,
  requireAlert,
  requireJustification,
} from "./context.ts";

/** The outcome for one candidate recipient, as the policy decided it. */
export interface RecipientDecision {
  readonly recipient: string;
  readonly delivered: boolean;
  /** The rules that allowed it, or the rule that refused it. */
  readonly ruleIds: readonly string[];
  /** ALLOWED, CRIME_AREA_OUT_OF_MANDATE, HANDLING_NOT_PERMITTED... */
  readonly reasonCode: string;
  readonly reason?: string;
  readonly legalBasis?: string;
  readonly disclosedCount?: number;
  readonly withheldCount?: number;
  readonly handlingNotice?: string;
}

/**
 * The routing decision for an alert version: one event carrying the outcome for every candidate
 * recipient, delivered or not, with its rules and reasons, under one policy version.
 */
export function decisionEvent(
  context: EventContext,
  input: {
    alert: AlertRef;
    /** SHA-256 (hex) of the mandates file that decided. */
    policyVersion: string;
    decisions: readonly RecipientDecision[];
    purposes?: readonly Purpose[];
    /**
     * A redelivery decided under another version than its first attempt read, because that
     * version is no longer at hand: the earlier one, so the log says why two decisions differ.
     */
    firstPolicyVersion?: string;
  },
): AuditEvent {
  requireAlert(input.alert);
  const first = input.firstPolicyVersion;
  if (first !== undefined && !/^[0-9a-f]{64}$/.test(first)) {
    throw new AuditError("INVALID_EVENT", "firstPolicyVersion: not a SHA-256 (hex)");
  }
  if (input.decisions.length === 0) throw new AuditError("INVALID_EVENT", "decisions: one per candidate recipient");
  const recipients = input.decisions.map((d) => d.recipient);
  if (new Set(recipients).size !== recipients.length)
    throw new AuditError("INVALID_EVENT", "decisions: a recipient twice");
  const decisions = input.decisions.map((d) =>
    RoutingDecision.create({
      recipient: d.recipient,
      delivered: d.delivered,
      ruleIds: [...d.ruleIds],
      reasonCode: d.reasonCode,
      reason: d.reason ?? "",
      legalBasis: d.legalBasis ?? "",
      disclosedCount: d.disclosedCount ?? 0,
      withheldCount: d.withheldCount ?? 0,
      handlingNotice: d.handlingNotice ?? "",
    }),
  );
  const delivered = decisions.filter((d) => d.delivered);
  return finish(AuditAction.AUDIT_ACTION_DECISION, context, [...alertIdParts(input.alert), input.policyVersion], {
    ...alertFields(input.alert),
    policyVersion: input.policyVersion,
    purposes: [...(input.purposes ?? [])],
    recipients: delivered.map((d) => d.recipient),
    ruleIds: [...new Set(decisions.flatMap((d) => d.ruleIds))],
    decisions,
    detail: `candidates=${decisions.length} delivered=${delivered.length}${
      first === undefined || first === input.policyVersion ? "" : ` first_policy_version=${first}`
    }`,
  });
}

/** Where a disclosure went: published to the recipient's delivery subject, or transferred to its channel. */
export type DisclosureStep =
  | { readonly kind: "routed" }
  | { readonly kind: "transferred"; readonly channel: string; readonly channelReference?: string };

/**
 * Disclosure, including transfers: one copy of an alert went to one recipient, with the legal
 * basis and rules that allowed it and the digest of exactly what was sent.
 */
export function disclosureEvent(
  context: EventContext,
  input: {
    alert: AlertRef;
    recipient: string;
    /** "<alertId>.<version>.<recipient>", the copy's dedup id. */
    copyId: string;
    /** SHA-256 of the copy as sent. */
    copyDigest: Uint8Array;
    why: Justification;
    step: DisclosureStep;
    policyVersion?: string;
    disclosedCount?: number;
    withheldCount?: number;
  },
): AuditEvent {
  requireAlert(input.alert);
  requireJustification(input.why);
  if (input.copyDigest.length !== 32) throw new AuditError("INVALID_EVENT", "copyDigest: required");
  const counts =
    input.disclosedCount === undefined ? "" : ` disclosed=${input.disclosedCount} withheld=${input.withheldCount ?? 0}`;
  const detail =
    input.step.kind === "routed"
      ? `copy routed${counts}`
      : `copy transferred channel=${input.step.channel}${
          input.step.channelReference === undefined ? "" : ` reference=${input.step.channelReference}`
        }`;
  return finish(AuditAction.AUDIT_ACTION_DISCLOSURE, context, [input.copyId, input.step.kind], {
    ...alertFields(input.alert),
    ...justificationFields(input.why),
    recipients: [input.recipient],
    copyDigest: Uint8Array.from(input.copyDigest),
    policyVersion: input.policyVersion ?? "",
    detail,
    query: "",
  });
}

/**
 * Rejection: an input was refused (bad signature, invalid alert, replay). Identified by the digest
 * of the bytes received, so a redelivered message is logged once; the alert id may be unknown.
 */
export function rejectionEvent(
  context: EventContext,
  input: {
    /** The party the intake subject names. */
    publisher: string;
    code: string;
    /** SHA-256 of the rejected message as received. */
    receivedDigest: Uint8Array;
    /** Exact bytes of the signed RejectionNotice sent back, when one was. */
    notice?: Uint8Array;
    alertId?: string;
    version?: number;
  },
): AuditEvent {
  if (input.receivedDigest.length !== 32) throw new AuditError("INVALID_EVENT", "receivedDigest: required");
  if (input.code === "") throw new AuditError("INVALID_EVENT", "code: required");
  const received = toHex(input.receivedDigest);
  return finish(AuditAction.AUDIT_ACTION_REJECTION, context, [input.publisher, received], {
    originator: input.publisher,
    alertId: input.alertId ?? "",
    version: input.version ?? 0,
    code: input.code,
    detail: `rejected received_sha256=${received}`,
    artefact: input.notice === undefined ? new Uint8Array(0) : Uint8Array.from(input.notice),
  });
}

/** Dead letter: a stage gave up on a message after bounded attempts. */
export function deadLetterEvent(
  context: EventContext,
  input: {
    /** The stage that gave up, e.g. "adapter.europol" or "router". */
    stage: string;
    /** The message's dedup id (copy id, alertId.version). */
    messageId: string;
    code: string;
    attempts: number;
    alert?: AlertRef;
    recipient?: string;
  },
): AuditEvent {
  if (input.code === "") throw new AuditError("INVALID_EVENT", "code: required");
  return finish(AuditAction.AUDIT_ACTION_DEAD_LETTER, context, [input.stage, input.messageId], {
    ...(input.alert === undefined ? {} : alertFields(input.alert)),
    recipients: input.recipient === undefined ? [] : [input.recipient],
    code: input.code,
    detail: `dead lettered stage=${input.stage} message_id=${input.messageId} attempts=${input.attempts}`,
  });
}

/** Evidence received or issued: a signed receipt or agency reply, recorded as its exact bytes. */
export function evidenceEvent(
  context: EventContext,
  input: {
    kind: "receipt" | "reply";
    direction: "issued" | "received";
    /** receipt_id or reply_id. */
    artefactId: string;
    /** Exact bytes of the signed Envelope. */
    artefact: Uint8Array;
    /** The Receipt's evidence (EVIDENCE_DELIVERY...) or the reply's kind (KIND_MATCH_FOUND...). */
    evidenceCode: string;
    alert: AlertRef;
    recipient?: string;
    /** Stable error code of negative evidence. */
    code?: string;
  },
): AuditEvent {
  requireAlert(input.alert);
  if (input.artefact.length === 0) throw new AuditError("INVALID_EVENT", "artefact: required");
  return finish(AuditAction.AUDIT_ACTION_EVIDENCE, context, [input.kind, input.direction, input.artefactId], {
    ...alertFields(input.alert),
    recipients: input.recipient === undefined ? [] : [input.recipient],
    code: input.code ?? "",
    detail: `${input.kind} ${input.direction} evidence=${input.evidenceCode}`,
    artefact: Uint8Array.from(input.artefact),
  });
}
