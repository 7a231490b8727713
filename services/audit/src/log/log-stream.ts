import { H, STREAMS, subjects } from "@ariadne/bus";
import {
  DeliverPolicy,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
  type PubAck,
} from "@nats-io/jetstream";
import { headers as newHeaders } from "@nats-io/transport-node";

/** JetStream's API error codes for a failed publish expectation: another writer came first. */
const WRONG_LAST_SEQUENCE = 10071;
const WRONG_LAST_MSG_ID = 10070;

export function isWriteConflict(err: unknown): boolean {
  return err instanceof JetStreamApiError && (err.code === WRONG_LAST_SEQUENCE || err.code === WRONG_LAST_MSG_ID);
}

/** A leaf to store at stream sequence `index + 1` (the AUDIT stream holds leaves only, from sequence 1). */
export interface LeafPublish {
  readonly leaf: Uint8Array;
  /** Unique per leaf (event id + leaf hash): see docs/operations-audit.md, "Writers". */
  readonly msgId: string;
  /** The stream's last sequence this leaf must follow (= its index). */
  readonly expectLastSequence: number;
  /** The previous leaf's msg id, for a leaf published before its predecessor was confirmed. */
  readonly expectLastMsgId?: string;
  readonly traceparent?: string;
}

export interface StoredLeaf {
  readonly seq: number;
  readonly leaf: Uint8Array;
}

/**
 * The AUDIT stream as the audit service uses it: conditional publishes of leaves, reads by
 * sequence, ordered reads of a range, and the signed checkpoints' stream.
 */
export class LogStream {
  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly publishTimeoutMs: number,
  ) {}

  publish(p: LeafPublish): Promise<PubAck> {
    const h = newHeaders();
    if (p.traceparent !== undefined) h.set(H.traceparent, p.traceparent);
    return this.js.publish(subjects.auditLog, p.leaf, {
      msgID: p.msgId,
      headers: h,
      timeout: this.publishTimeoutMs,
      expect: {
        lastSequence: p.expectLastSequence,
        ...(p.expectLastMsgId === undefined ? {} : { lastMsgID: p.expectLastMsgId }),
      },
    });
  }

  /** The stream's last sequence: the number of leaves stored. */
  async lastSequence(): Promise<number> {
    const info = await this.jsm.streams.info(STREAMS.AUDIT);
    return info.state.last_seq;
  }

  async get(seq: number): Promise<Uint8Array | undefined> {
    const msg = await this.jsm.streams.getMessage(STREAMS.AUDIT, { seq });
    return msg === null ? undefined : msg.data;
  }

  /**
   * Leaves with sequence in [from, to], in order, through an ordered consumer (no durable state).
   * Throws when no message came for a publish timeout before `to` was reached: the writer waits
   * on this read, and an ordered consumer would otherwise wait for a lost stream for ever.
   */
  async *read(from: number, to: number): AsyncGenerator<StoredLeaf> {
    if (from > to) return;
    const consumer = await this.js.consumers.get(STREAMS.AUDIT, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: from,
    });
    const messages = await consumer.consume({ max_messages: 512 });
    let last = from - 1;
    let stalled = false;
    let watchdog: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        stalled = true;
        messages.stop();
      }, this.publishTimeoutMs * 2);
    };
    try {
      arm();
      for await (const m of messages) {
        // Only the stream's silence counts, not the time the reader takes between leaves.
        clearTimeout(watchdog);
        last = m.seq;
        yield { seq: m.seq, leaf: m.data };
        if (m.seq >= to) break;
        arm();
      }
    } finally {
      clearTimeout(watchdog);
      await messages.close();
    }
    if (stalled && last < to) throw new Error(`the AUDIT stream stopped delivering after sequence ${last} of ${to}`);
  }

  async publishCheckpoint(envelopeBytes: Uint8Array, msgId: string): Promise<PubAck> {
    return this.js.publish(subjects.auditCheckpoint, envelopeBytes, { msgID: msgId, timeout: this.publishTimeoutMs });
  }

  /** The newest checkpoint envelope published on ariadne.audit.checkpoint, if any. */
  async latestCheckpoint(): Promise<Uint8Array | undefined> {
    const msg = await this.jsm.streams.getMessage(STREAMS.AUDIT_CHECKPOINTS, {
      last_by_subj: subjects.auditCheckpoint,
    });
    return msg === null ? undefined : msg.data;
  }
}
