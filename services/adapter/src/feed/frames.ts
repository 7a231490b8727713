import { FeedFrame, FeedFrame_Kind } from "@ariadne/contracts";
import { encodeEnvelope, MESSAGE_TYPES, type Signer } from "@ariadne/envelope";
import type { NatsConnection } from "@nats-io/transport-node";

/**
 * Signs and sends the frames of one feed to the officer's inbox, numbered 1, 2, 3... so that
 * the officer notices a lost frame (core NATS delivers at most once).
 */
export class FrameSender {
  #sequence = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly signer: Signer,
    private readonly to: string,
    private readonly ids: { readonly feedId: string; readonly requestId: string },
  ) {}

  /** Frames sent so far (the last sequence). */
  get sequence(): number {
    return this.#sequence;
  }

  send(kind: FeedFrame_Kind, fields: Partial<FeedFrame> = {}): void {
    this.#sequence += 1;
    const frame = FeedFrame.fromPartial({
      ...fields,
      feedId: this.ids.feedId,
      requestId: this.ids.requestId,
      sequence: this.#sequence,
      kind,
    });
    this.nc.publish(
      this.to,
      encodeEnvelope(this.signer.sign(MESSAGE_TYPES.FeedFrame, FeedFrame.encode(frame).finish())),
    );
  }
}

/** A refusal to a request that opened no feed: one frame, sequence 1, to the reply subject. */
export function sendRefusal(
  nc: NatsConnection,
  signer: Signer,
  to: string,
  ids: { readonly feedId: string; readonly requestId: string },
  code: string,
): void {
  new FrameSender(nc, signer, to, ids).send(FeedFrame_Kind.KIND_REFUSED, { code });
}
