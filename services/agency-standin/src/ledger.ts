import { join } from "node:path";
import {
  type Agency,
  CHANNELS,
  ChannelEvent,
  type ChannelEventsPage,
  type ChannelMessages,
  ChannelReference,
  IdempotencyKey,
} from "@ariadne/agencies";
import type { Logger } from "@ariadne/runtime";
import { z } from "zod";
import { StandinError } from "./errors.ts";
import { JsonlFile } from "./jsonl-file.ts";
import { repliesFor } from "./replies.ts";

/** One message the channel recorded: what GET /records lists and records.jsonl holds. */
export interface StandinRecord<A extends Agency = Agency> {
  readonly reference: string;
  readonly idempotencyKey: string;
  readonly agency: A;
  readonly format: string;
  readonly messageId: string;
  readonly ariadneCopyId: string;
  readonly receivedAt: string;
  /** SHA-256 of the message's canonical JSON: tells a true repeat from a reused key. */
  readonly payloadSha256: string;
  readonly message: ChannelMessages[A];
}

export type DeliverOutcome<A extends Agency> =
  | { readonly kind: "recorded"; readonly record: StandinRecord<A> }
  | { readonly kind: "replayed"; readonly record: StandinRecord<A> }
  | { readonly kind: "key_reused" };

const StoredRecordBase = z.strictObject({
  reference: ChannelReference,
  idempotencyKey: IdempotencyKey,
  agency: z.string(),
  format: z.string(),
  messageId: z.string(),
  ariadneCopyId: z.string(),
  receivedAt: z.iso.datetime({ offset: true }),
  payloadSha256: z.string().regex(/^[0-9a-f]{64}$/),
  message: z.unknown(),
});

export interface LedgerDeps {
  readonly now: () => Date;
  readonly logger: Logger;
  /** Read when a retrieval is scheduled, so /_control changes apply to later messages. */
  readonly ackDelayMs: () => number;
  readonly onEvent?: (event: ChannelEvent) => void;
}

/**
 * The channel's memory: records by idempotency key, the events the agency emits about them, and
 * both logs on disk. A key is recorded at most once, also under concurrent requests: a second
 * request for a key in flight waits for the first and answers its result.
 */
export class Ledger<A extends Agency> {
  private readonly byKey = new Map<string, StandinRecord<A>>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly acknowledged = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly recordList: StandinRecord<A>[];
  private readonly eventList: ChannelEvent[];
  private nextSeq: number;
  private lastCursor: number;
  private closed = false;

  private constructor(
    private readonly agency: A,
    private readonly recordsFile: JsonlFile<StandinRecord<A>>,
    private readonly eventsFile: JsonlFile<ChannelEvent>,
    records: StandinRecord<A>[],
    events: ChannelEvent[],
    private readonly deps: LedgerDeps,
  ) {
    this.recordList = records;
    this.eventList = events;
    for (const r of records) this.byKey.set(r.idempotencyKey, r);
    for (const e of events) if (e.type === "acknowledged") this.acknowledged.add(e.reference);
    this.nextSeq = records.length + 1;
    this.lastCursor = events.reduce((max, e) => Math.max(max, Number(e.cursor)), 0);
  }

  static async open<A extends Agency>(agency: A, dataDir: string, deps: LedgerDeps): Promise<Ledger<A>> {
    const schema = CHANNELS[agency].schema;
    const parseRecord = (value: unknown): StandinRecord<A> => {
      const base = StoredRecordBase.parse(value);
      if (base.agency !== agency)
        throw new StandinError("STORE_CORRUPT", `a ${base.agency} record in a ${agency} store`);
      return { ...base, agency, message: schema.parse(base.message) };
    };
    const records = await JsonlFile.open(join(dataDir, "records.jsonl"), parseRecord);
    const events = await JsonlFile.open(join(dataDir, "events.jsonl"), (v) => ChannelEvent.parse(v)).catch(
      async (err: unknown) => {
        await records.file.close();
        throw err;
      },
    );
    const ledger = new Ledger(agency, records.file, events.file, records.entries, events.entries, deps);
    // Messages recorded before a restart but not yet retrieved are retrieved now.
    for (const r of ledger.recordList) if (!ledger.acknowledged.has(r.reference)) ledger.scheduleRetrieval(r);
    return ledger;
  }

  records(): readonly StandinRecord<A>[] {
    return this.recordList;
  }

  events(): readonly ChannelEvent[] {
    return this.eventList;
  }

  eventsAfter(after: number, limit: number): ChannelEventsPage {
    const events = this.eventList.filter((e) => Number(e.cursor) > after).slice(0, limit);
    const last = events[events.length - 1];
    return { events, next: last ? last.cursor : String(after) };
  }

  async deliver(key: string, message: ChannelMessages[A], payloadSha256: string): Promise<DeliverOutcome<A>> {
    for (;;) {
      const existing = this.byKey.get(key);
      if (existing) {
        return existing.payloadSha256 === payloadSha256
          ? { kind: "replayed", record: existing }
          : { kind: "key_reused" };
      }
      const pending = this.inFlight.get(key);
      if (pending === undefined) break;
      await pending.catch(() => undefined);
    }
    if (this.closed) throw new StandinError("CLOSED", "stand-in is closed");
    const receivedAt = this.deps.now();
    const seq = this.nextSeq++;
    const spec = CHANNELS[this.agency];
    const record: StandinRecord<A> = {
      reference: `${spec.referencePrefix}-${receivedAt.getUTCFullYear()}-${String(seq).padStart(6, "0")}`,
      idempotencyKey: key,
      agency: this.agency,
      format: spec.format,
      messageId: spec.messageIdOf(message),
      ariadneCopyId: message.ariadneCopyId,
      receivedAt: receivedAt.toISOString(),
      payloadSha256,
      message,
    };
    const write = this.recordsFile.append([record]);
    this.inFlight.set(key, write);
    try {
      await write;
    } finally {
      this.inFlight.delete(key);
    }
    this.byKey.set(key, record);
    this.recordList.push(record);
    this.scheduleRetrieval(record);
    return { kind: "recorded", record };
  }

  private scheduleRetrieval(record: StandinRecord<A>): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.retrieve(record).catch((err: unknown) =>
        this.deps.logger.error({ err, reference: record.reference }, "could not record the retrieval"),
      );
    }, this.deps.ackDelayMs());
    this.timers.add(timer);
  }

  /** The agency retrieves the message: an acknowledged event, then its replies. */
  private async retrieve(record: StandinRecord<A>): Promise<void> {
    if (this.closed || this.acknowledged.has(record.reference)) return;
    this.acknowledged.add(record.reference);
    const base = {
      reference: record.reference,
      idempotencyKey: record.idempotencyKey,
      ariadneCopyId: record.ariadneCopyId,
      at: this.deps.now().toISOString(),
    };
    const events: ChannelEvent[] = [
      { cursor: String(++this.lastCursor), type: "acknowledged", ...base },
      ...repliesFor(this.agency, record.message).map(
        (r): ChannelEvent => ({ cursor: String(++this.lastCursor), type: "reply", ...base, ...r }),
      ),
    ];
    try {
      await this.eventsFile.append(events);
    } catch (err) {
      this.acknowledged.delete(record.reference);
      throw err;
    }
    this.eventList.push(...events);
    for (const e of events) this.deps.onEvent?.(e);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight.values()]);
    await this.recordsFile.close();
    await this.eventsFile.close();
  }
}
