import {
  type AgencyReply,
  type AgencyReply_Kind,
  AgencyReply as AgencyReplyCodec,
  agencyReply_KindToJSON,
  Receipt,
  Receipt_Evidence,
  receipt_EvidenceToJSON,
} from "@ariadne/contracts";
import { MESSAGE_TYPES, type MessageType } from "@ariadne/envelope";
import type { CopyRef } from "./copy-ref.ts";

/**
 * A piece of evidence the adapter issues to an alert's originator: a Receipt or an
 * AgencyReply, with a deterministic id (also its JetStream dedup id) and a fixed signing time,
 * so that issuing it again after a crash yields the same message and is stored once.
 */
export interface EvidenceItem {
  readonly kind: "receipt" | "reply";
  readonly id: string;
  readonly type: MessageType;
  readonly payload: Uint8Array;
  /** Signing time: the time of the fact (channel acceptance, agency event), not of issuing. */
  readonly at: Date;
  readonly ref: CopyRef;
  /** EVIDENCE_DELIVERY, KIND_MATCH_FOUND...: what the audit event says was issued. */
  readonly evidenceCode: string;
  /** Stable error code of negative evidence. */
  readonly code?: string;
  /** W3C traceparent of the operation the evidence belongs to. */
  readonly traceparent?: string;
}

const RECEIPT_SUFFIX: Partial<Record<Receipt_Evidence, string>> = {
  [Receipt_Evidence.EVIDENCE_DELIVERY]: "delivery",
  [Receipt_Evidence.EVIDENCE_NON_DELIVERY]: "non-delivery",
  [Receipt_Evidence.EVIDENCE_RELAY_FAILURE]: "relay-failure",
  [Receipt_Evidence.EVIDENCE_RETRIEVAL]: "retrieval",
};

/** "<copyId>.delivery": one receipt of each kind per copy. */
export function receiptIdOf(copyId: string, evidence: Receipt_Evidence): string {
  return `${copyId}.${RECEIPT_SUFFIX[evidence] ?? receipt_EvidenceToJSON(evidence).toLowerCase()}`;
}

/** "<copyId>.reply.<channel event cursor>": one id per reply the channel reported. */
export function replyIdOf(copyId: string, eventCursor: string): string {
  return `${copyId}.reply.${eventCursor}`;
}

export interface ReceiptFacts {
  readonly issuer: string;
  readonly evidence: Receipt_Evidence;
  readonly at: Date;
  readonly code?: string;
  /** Non-personal explanation. */
  readonly detail?: string;
  readonly channelReference?: string;
  readonly attempts?: number;
  readonly traceparent?: string;
}

export function receiptItem(ref: CopyRef, facts: ReceiptFacts): EvidenceItem {
  const id = receiptIdOf(ref.copyId, facts.evidence);
  const receipt = Receipt.fromPartial({
    receiptId: id,
    alertId: ref.alertId,
    version: ref.version,
    originator: ref.originator,
    issuer: facts.issuer,
    recipient: ref.recipient,
    evidence: facts.evidence,
    issuedAt: facts.at,
    manifestDigest: ref.manifestDigest,
    code: facts.code ?? "",
    detail: facts.detail ?? "",
    channelReference: facts.channelReference ?? "",
    attempts: facts.attempts ?? 0,
  });
  return {
    kind: "receipt",
    id,
    type: MESSAGE_TYPES.Receipt,
    payload: Receipt.encode(receipt).finish(),
    at: facts.at,
    ref,
    evidenceCode: receipt_EvidenceToJSON(facts.evidence),
    ...(facts.code === undefined ? {} : { code: facts.code }),
    ...(facts.traceparent === undefined ? {} : { traceparent: facts.traceparent }),
  };
}

export interface ReplyFacts {
  readonly issuer: string;
  readonly agency: string;
  readonly eventCursor: string;
  readonly kind: AgencyReply_Kind;
  readonly agencyReference: string;
  readonly text: string;
  readonly at: Date;
  readonly traceparent?: string;
}

export function replyItem(ref: CopyRef, facts: ReplyFacts): EvidenceItem {
  const id = replyIdOf(ref.copyId, facts.eventCursor);
  const reply: AgencyReply = AgencyReplyCodec.fromPartial({
    replyId: id,
    alertId: ref.alertId,
    version: ref.version,
    originator: ref.originator,
    issuer: facts.issuer,
    agency: facts.agency,
    kind: facts.kind,
    agencyReference: facts.agencyReference,
    text: facts.text,
    issuedAt: facts.at,
    manifestDigest: ref.manifestDigest,
  });
  return {
    kind: "reply",
    id,
    type: MESSAGE_TYPES.AgencyReply,
    payload: AgencyReplyCodec.encode(reply).finish(),
    at: facts.at,
    ref,
    evidenceCode: agencyReply_KindToJSON(facts.kind),
    ...(facts.traceparent === undefined ? {} : { traceparent: facts.traceparent }),
  };
}
