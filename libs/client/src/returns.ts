import { H, STREAMS, subjects } from "@ariadne/bus";
import { type AgencyReply, AgencyReply as AgencyReplyCodec, Receipt, RejectionNotice } from "@ariadne/contracts";
import { isEnvelopeError, MESSAGE_TYPES, type Verified, type Verifier } from "@ariadne/envelope";
import { DeliverPolicy, type JetStreamClient, type JsMsg } from "@nats-io/jetstream";

/** What comes back to a party on ariadne.return.<party>, verified. */
export type ReturnItem =
  | { readonly kind: "receipt"; readonly receipt: Receipt; readonly signer: Verified; readonly seq: number }
  | { readonly kind: "notice"; readonly notice: RejectionNotice; readonly signer: Verified; readonly seq: number }
  | { readonly kind: "reply"; readonly reply: AgencyReply; readonly signer: Verified; readonly seq: number }
  | { readonly kind: "invalid"; readonly code: string; readonly seq: number };

const TYPES = [MESSAGE_TYPES.Receipt, MESSAGE_TYPES.RejectionNotice, MESSAGE_TYPES.AgencyReply] as const;

/**
 * Verifies and decodes one returned message. Anything that does not verify is reported as
 * "invalid" with its code and never decoded: a forged notice must not look like an outcome.
 */
export function readReturn(msg: Pick<JsMsg, "data" | "seq">, verifier: Verifier): ReturnItem {
  let verified: Verified;
  try {
    // Receipts can be read long after they were signed: the replay window does not apply.
    verified = verifier.verify(msg.data, { type: TYPES, maxAgeMs: Number.POSITIVE_INFINITY });
  } catch (err) {
    return { kind: "invalid", code: isEnvelopeError(err) ? err.code : "MALFORMED", seq: msg.seq };
  }
  switch (verified.type) {
    case MESSAGE_TYPES.Receipt:
      return { kind: "receipt", receipt: Receipt.decode(verified.payload), signer: verified, seq: msg.seq };
    case MESSAGE_TYPES.RejectionNotice:
      return { kind: "notice", notice: RejectionNotice.decode(verified.payload), signer: verified, seq: msg.seq };
    default:
      return { kind: "reply", reply: AgencyReplyCodec.decode(verified.payload), signer: verified, seq: msg.seq };
  }
}

export interface ReturnsOptions {
  /** Start at this time; default: only what arrives from now on. */
  readonly since?: Date;
}

export interface ReturnFeed extends AsyncIterable<ReturnItem> {
  /** Stops following; a loop over the feed then ends. */
  close(): Promise<void>;
}

/**
 * Follows a party's returns with an ordered consumer (no acks: reading does not take a
 * message away from the party's own durable consumer).
 */
export async function followReturns(
  js: JetStreamClient,
  party: string,
  verifier: Verifier,
  opts: ReturnsOptions = {},
): Promise<ReturnFeed> {
  const consumer = await js.consumers.get(STREAMS.RETURN, {
    // A string, not [subject]: nats.js then names the filter in the create subject, which is
    // what deploy/'s permissions grant; an array sends the bare CONSUMER.CREATE nobody may use.
    filter_subjects: subjects.ret(party),
    ...(opts.since
      ? { deliver_policy: DeliverPolicy.StartTime, opt_start_time: opts.since.toISOString() }
      : { deliver_policy: DeliverPolicy.New }),
  });
  const messages = await consumer.consume();
  return {
    async *[Symbol.asyncIterator]() {
      for await (const m of messages) yield readReturn(m, verifier);
    },
    async close() {
      await messages.close();
    },
  };
}

/** Header type of a returned message, without verifying (for display filters only). */
export function returnType(msg: Pick<JsMsg, "headers">): string | undefined {
  return msg.headers?.get(H.type);
}
