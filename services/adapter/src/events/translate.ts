import { agencyReplyKind, type ChannelEvent } from "@ariadne/agencies";
import { Receipt_Evidence } from "@ariadne/contracts";
import { type EvidenceItem, receiptItem, replyItem } from "../evidence/build.ts";
import { copyRefOfRecord } from "../evidence/copy-ref.ts";
import type { CopyRecord } from "../state/copy-index.ts";

/** What to do with one channel event, given what the copy index knows about its copy. */
export type EventDecision =
  /** Issue this evidence to the originator. */
  | { readonly kind: "issue"; readonly item: EvidenceItem }
  /** Not a copy this adapter delivered (another deployment, a test message): skip it. */
  | { readonly kind: "unknown" }
  /** The delivery is still in progress: wait, so that the delivery receipt comes first. */
  | { readonly kind: "hold" };

/**
 * Turns a channel event into evidence: "acknowledged" into a signed RETRIEVAL receipt, a reply
 * into a signed AgencyReply, both linked to the alert and signed at the event's time.
 */
export function translateEvent(
  event: ChannelEvent,
  record: CopyRecord | undefined,
  issuer: string,
  agency: string,
): EventDecision {
  if (record === undefined || record.copyId !== event.idempotencyKey) return { kind: "unknown" };
  if (record.state === "pending") return { kind: "hold" };
  const ref = copyRefOfRecord(record);
  const at = new Date(event.at);
  const trace = record.traceparent === undefined ? {} : { traceparent: record.traceparent };
  if (event.type === "acknowledged") {
    return {
      kind: "issue",
      item: receiptItem(ref, {
        issuer,
        evidence: Receipt_Evidence.EVIDENCE_RETRIEVAL,
        at,
        channelReference: event.reference,
        ...trace,
      }),
    };
  }
  return {
    kind: "issue",
    item: replyItem(ref, {
      issuer,
      agency,
      eventCursor: event.cursor,
      kind: agencyReplyKind(event.kind),
      agencyReference: event.agencyReference,
      text: event.text,
      at,
      ...trace,
    }),
  };
}
