import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from "@nats-io/jetstream";
import { headers as newHeaders } from "@nats-io/transport-node";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";
import { type TraceContext, traceFromHeaders } from "./trace.ts";

/** What a handler decided about one message. */
export type Outcome =
  /** Done (delivered, or refused with a notice already sent): ack. */
  | { readonly kind: "ack" }
  /** Could not finish now (a dependency is down): redeliver after a backoff. */
  | { readonly kind: "retry"; readonly code: string }
  /** Will never succeed: dead-letter now. */
  | { readonly kind: "dead"; readonly code: string; readonly detail?: string };

export interface WorkItem {
  readonly msg: JsMsg;
  readonly subject: string;
  readonly data: Uint8Array;
  readonly streamSequence: number;
  /** 1 on first delivery. */
  readonly deliveryCount: number;
  readonly trace: TraceContext;
}

export interface DeadLetter {
  readonly item: WorkItem;
  readonly code: string;
  readonly detail: string;
}

export interface WorkLoopOptions {
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly stream: string;
  /** Durable name: every replica of the stage uses the same one and shares the work. */
  readonly durable: string;
  readonly filterSubjects: readonly string[];
  /** Stage name for dead letters and metrics, a party id (router, adapter.europol). */
  readonly stage: string;
  readonly handler: (item: WorkItem) => Promise<Outcome>;
  /** Deliveries before a message that keeps failing is dead-lettered. */
  readonly maxDeliveries: number;
  /** Messages handled at once by this process. */
  readonly concurrency: number;
  readonly ackWaitMs: number;
  readonly backoff: { readonly baseMs: number; readonly maxMs: number };
  readonly deadLetterSubject: string;
  /** Called (and awaited) before a dead-lettered message is terminated, e.g. to audit it. */
  readonly onDeadLetter?: (dead: DeadLetter) => Promise<void>;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export interface WorkLoop {
  /** True while consuming. */
  readonly running: boolean;
  /** Stop pulling, finish the messages in flight, then resolve. */
  stop(): Promise<void>;
}

const MS = 1_000_000;

export function backoffDelay(deliveryCount: number, base: number, max: number): number {
  const exp = Math.min(max, base * 2 ** Math.max(0, deliveryCount - 1));
  // Full jitter in the upper half: replicas retrying the same dependency do not stampede.
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

/** Creates the durable pull consumer, or updates it to this configuration. */
export async function ensureConsumer(
  opts: Pick<WorkLoopOptions, "jsm" | "stream" | "durable" | "filterSubjects" | "ackWaitMs" | "concurrency">,
): Promise<void> {
  const config = {
    durable_name: opts.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: opts.ackWaitMs * MS,
    // We count deliveries ourselves and dead-letter explicitly; the server must not drop silently.
    max_deliver: -1,
    max_ack_pending: Math.max(1000, opts.concurrency * 20),
    ...(opts.filterSubjects.length === 1
      ? { filter_subject: opts.filterSubjects[0] as string }
      : { filter_subjects: [...opts.filterSubjects] }),
  };
  try {
    await opts.jsm.consumers.info(opts.stream, opts.durable);
    await opts.jsm.consumers.update(opts.stream, opts.durable, config);
  } catch (err) {
    if (!/not found/i.test((err as Error).message)) throw err;
    await opts.jsm.consumers.add(opts.stream, config);
  }
}

/**
 * Consumes a stream with a durable pull consumer and bounded concurrency. A message is acked
 * only after its handler said "ack" (the handler acks after its outputs are stored); "retry"
 * naks with a growing delay; after maxDeliveries, or on "dead", the original bytes and headers
 * go to the dead-letter subject, onDeadLetter runs, and only then is the message terminated.
 * A handler that throws is a retry: nothing is lost, nothing blocks the stream.
 */
export async function startWorkLoop(opts: WorkLoopOptions): Promise<WorkLoop> {
  await ensureConsumer(opts);
  const processed = opts.metrics.counter("messages_total", "Messages handled, by stage and outcome", [
    "stage",
    "outcome",
  ]);
  const duration = opts.metrics.histogram("handle_seconds", "Time to handle one message", ["stage"]);
  const inflightGauge = opts.metrics.gauge("inflight_messages", "Messages being handled", ["stage"]);
  const consumer = await opts.js.consumers.get(opts.stream, opts.durable);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: Math.max(opts.concurrency * 2, 10) });
  const inflight = new Set<Promise<void>>();
  let running = true;

  const deadLetter = async (item: WorkItem, code: string, detail: string) => {
    const h = newHeaders();
    for (const [k, v] of item.msg.headers ?? []) for (const value of v) h.append(k, value);
    h.set("Ariadne-Dead-Letter-Stage", opts.stage);
    h.set("Ariadne-Error-Code", code);
    h.set("Ariadne-Deliveries", String(item.deliveryCount));
    h.set("Ariadne-Original-Subject", item.subject);
    await opts.js.publish(opts.deadLetterSubject, item.data, {
      headers: h,
      msgID: `${opts.stream}.${item.streamSequence}.${opts.stage}`,
    });
    await opts.onDeadLetter?.({ item, code, detail });
    item.msg.term(code);
  };

  const handle = async (msg: JsMsg) => {
    const item: WorkItem = {
      msg,
      subject: msg.subject,
      data: msg.data,
      streamSequence: msg.info.streamSequence,
      deliveryCount: msg.info.deliveryCount,
      trace: traceFromHeaders(msg.headers),
    };
    const end = duration.startTimer({ stage: opts.stage });
    let outcome: Outcome;
    try {
      outcome = await opts.handler(item);
    } catch (err) {
      opts.logger.error({ err, seq: item.streamSequence, traceId: item.trace.traceId }, "handler failed");
      outcome = { kind: "retry", code: (err as { code?: string }).code ?? "INTERNAL" };
    }
    try {
      if (outcome.kind === "ack") {
        msg.ack();
      } else if (outcome.kind === "dead" || item.deliveryCount >= opts.maxDeliveries) {
        const detail =
          outcome.kind === "dead" ? (outcome.detail ?? "") : `gave up after ${item.deliveryCount} deliveries`;
        await deadLetter(item, outcome.code, detail);
        opts.logger.warn(
          { seq: item.streamSequence, code: outcome.code, deliveries: item.deliveryCount },
          "dead-lettered",
        );
        outcome = { kind: "dead", code: outcome.code };
      } else {
        msg.nak(backoffDelay(item.deliveryCount, opts.backoff.baseMs, opts.backoff.maxMs));
      }
    } catch (err) {
      // Dead-lettering failed (NATS down?): leave it unacked, it comes back after ack_wait.
      opts.logger.error({ err, seq: item.streamSequence }, "could not settle message");
    }
    processed.inc({ stage: opts.stage, outcome: outcome.kind });
    end();
  };

  const loop = (async () => {
    for await (const msg of messages) {
      const p: Promise<void> = handle(msg).finally(() => {
        inflight.delete(p);
        inflightGauge.set({ stage: opts.stage }, inflight.size);
      });
      inflight.add(p);
      inflightGauge.set({ stage: opts.stage }, inflight.size);
      if (inflight.size >= opts.concurrency) await Promise.race(inflight);
    }
  })();

  return {
    get running() {
      return running;
    },
    async stop() {
      if (!running) return;
      running = false;
      await messages.close();
      await loop.catch(() => undefined);
      await Promise.allSettled([...inflight]);
    },
  };
}
