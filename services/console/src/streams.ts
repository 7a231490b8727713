import { STREAMS } from "@ariadne/bus";
import type { JetStreamManager } from "@nats-io/jetstream";

export interface StreamCount {
  /** Messages the stream holds now. */
  readonly messages: number;
  /** Messages it ever stored (its last sequence): what a counter of arrivals wants. */
  readonly total: number;
}

/** Stream states are cheap to read and no consultation: the pipeline's volume at a glance. */
export async function streamCounts(jsm: JetStreamManager): Promise<Record<string, StreamCount | null>> {
  const names = [STREAMS.INTAKE, STREAMS.DELIVERY, STREAMS.RETURN, STREAMS.DEADLETTER];
  const out: Record<string, StreamCount | null> = {};
  await Promise.all(
    names.map(async (name) => {
      try {
        const { state } = await jsm.streams.info(name);
        out[name] = { messages: state.messages, total: state.last_seq };
      } catch {
        out[name] = null;
      }
    }),
  );
  return out;
}
