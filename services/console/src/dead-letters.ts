import { H, STREAMS } from "@ariadne/bus";
import type { JetStreamManager, StoredMsg } from "@nats-io/jetstream";

/** One dead letter as the console shows it: its headers (ids and codes), never its bytes (personal data). */
export interface DeadLetterView {
  readonly seq: number;
  readonly at: string;
  readonly subject: string;
  readonly stage: string;
  readonly code: string;
  readonly deliveries: number;
  readonly originalSubject: string;
  readonly alertId: string;
  readonly alertVersion: string;
  readonly type: string;
  readonly bytes: number;
}

export interface DeadLetterPage {
  /** Messages the stream holds now. */
  readonly total: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** Newest first. */
  readonly items: readonly DeadLetterView[];
}

type Headerish = Pick<StoredMsg, "seq" | "time" | "subject" | "header" | "data">;

export function deadLetterView(m: Headerish): DeadLetterView {
  const h = (name: string) => m.header?.get(name) ?? "";
  return {
    seq: m.seq,
    at: m.time.toISOString(),
    subject: m.subject,
    stage: h(H.deadLetterStage),
    code: h(H.errorCode),
    deliveries: Number(h(H.deliveries)) || 0,
    originalSubject: h("Ariadne-Original-Subject"),
    alertId: h(H.alertId),
    alertVersion: h(H.alertVersion),
    type: h(H.type),
    bytes: m.data.length,
  };
}

/**
 * The newest dead letters, read by sequence (a "browse", docs/streams.md): no consumer state to
 * keep, nothing acknowledged, so looking at them never changes what an operator must still decide.
 */
export async function latestDeadLetters(jsm: JetStreamManager, limit: number): Promise<DeadLetterPage> {
  const info = await jsm.streams.info(STREAMS.DEADLETTER);
  const { messages, first_seq: firstSeq, last_seq: lastSeq } = info.state;
  const items: DeadLetterView[] = [];
  for (let seq = lastSeq; seq >= firstSeq && seq > 0 && items.length < limit; seq--) {
    const m = await jsm.streams.getMessage(STREAMS.DEADLETTER, { seq }).catch(() => null);
    // A purged or deleted sequence (an operator resolved it) is a gap, not an error.
    if (m) items.push(deadLetterView(m));
  }
  return { total: messages, firstSeq, lastSeq, items };
}
