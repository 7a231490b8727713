import { AgencyReply_Kind } from "@ariadne/contracts";
import { z } from "zod";
import { DateTime, ShortText } from "./primitives.ts";

// The HTTP protocol every agency channel speaks (the stand-ins implement it, the adapters call it):
//
//   POST <channel path>        the agency's own format, JSON, header Idempotency-Key
//                              201 ChannelAcceptance; a repeated key answers the first acceptance
//                              again with Idempotent-Replayed: true; errors are ChannelErrorBody
//   GET  /events?after=<cursor>&limit=<n>
//                              200 ChannelEventsPage: acknowledgements and replies, oldest first

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
/** Set on an answer that repeats the first result for a key already seen. */
export const REPLAYED_HEADER = "Idempotent-Replayed";
/** Printable ASCII without spaces, as an HTTP header value carries it unchanged. */
export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,255}$/, "1-255 printable ASCII characters");

export const CHANNEL_ERROR_CODES = [
  "NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "UNSUPPORTED_MEDIA_TYPE",
  "PAYLOAD_TOO_LARGE",
  "MALFORMED_JSON",
  /** The body is not this channel's format (including another agency's format). */
  "SCHEMA_VIOLATION",
  "IDEMPOTENCY_KEY_REQUIRED",
  "IDEMPOTENCY_KEY_INVALID",
  /** The key was used before for a different message. */
  "IDEMPOTENCY_KEY_REUSED",
  "INVALID_CURSOR",
  "INVALID_CONTROL",
  /** The channel is down (5xx): retry later. */
  "CHANNEL_UNAVAILABLE",
  "INTERNAL",
] as const;
export type ChannelErrorCode = (typeof CHANNEL_ERROR_CODES)[number];

export const ChannelErrorBody = z.object({
  error: z.object({
    code: z.enum(CHANNEL_ERROR_CODES),
    message: z.string(),
    /** Where the body is wrong: paths and codes, never the values received. */
    issues: z.array(z.object({ path: z.string(), code: z.string() })).optional(),
  }),
});
export type ChannelErrorBody = z.infer<typeof ChannelErrorBody>;

export const ChannelReference = z.string().regex(/^[A-Z]{2,8}-\d{4}-\d{6,}$/, "channel reference");

export const ChannelAcceptance = z.strictObject({
  status: z.literal("RECEIVED"),
  /** The channel's own reference for the message: goes into the delivery receipt. */
  reference: ChannelReference,
  idempotencyKey: IdempotencyKey,
  /** The sender's message id, as the channel read it. */
  messageId: ShortText,
  receivedAt: DateTime,
});
export type ChannelAcceptance = z.infer<typeof ChannelAcceptance>;

/** Opaque to clients: pass back the `next` of the previous page. */
export const Cursor = z.string().regex(/^\d{1,15}$/, "cursor");

export const REPLY_KINDS = [
  "MATCH_FOUND",
  "NO_MATCH",
  "DESK_ASSIGNED",
  "REQUEST_FOR_INFORMATION",
  "RISK_ASSESSMENT_UPDATED",
  "OTHER",
] as const;
export const ReplyKind = z.enum(REPLY_KINDS);
export type ReplyKind = z.infer<typeof ReplyKind>;

const EventBase = {
  cursor: Cursor,
  reference: ChannelReference,
  idempotencyKey: IdempotencyKey,
  ariadneCopyId: ShortText,
  at: DateTime,
};

export const ChannelEvent = z.discriminatedUnion("type", [
  /** The agency retrieved the message (retrieval evidence). */
  z.strictObject({ type: z.literal("acknowledged"), ...EventBase }),
  /** The agency answered; text is short and non-personal. */
  z.strictObject({
    type: z.literal("reply"),
    ...EventBase,
    kind: ReplyKind,
    agencyReference: ShortText,
    text: ShortText,
  }),
]);
export type ChannelEvent = z.infer<typeof ChannelEvent>;

export const ChannelEventsPage = z.strictObject({ events: z.array(ChannelEvent), next: Cursor });
export type ChannelEventsPage = z.infer<typeof ChannelEventsPage>;

const REPLY_KIND_CODES: Readonly<Record<ReplyKind, AgencyReply_Kind>> = {
  MATCH_FOUND: AgencyReply_Kind.KIND_MATCH_FOUND,
  NO_MATCH: AgencyReply_Kind.KIND_NO_MATCH,
  DESK_ASSIGNED: AgencyReply_Kind.KIND_DESK_ASSIGNED,
  REQUEST_FOR_INFORMATION: AgencyReply_Kind.KIND_REQUEST_FOR_INFORMATION,
  RISK_ASSESSMENT_UPDATED: AgencyReply_Kind.KIND_RISK_ASSESSMENT_UPDATED,
  OTHER: AgencyReply_Kind.KIND_OTHER,
};

/** The ariadne.v1.AgencyReply kind for a channel reply. */
export function agencyReplyKind(kind: ReplyKind): AgencyReply_Kind {
  return REPLY_KIND_CODES[kind];
}
