import { buildLogEntry, type LeafRecord } from "@ariadne/audit";
import type { AuditEvent } from "@ariadne/contracts";
import type { Logger } from "@ariadne/runtime";
import { AuditServiceError } from "../errors.ts";
import type { EventMeta } from "../log/event-index.ts";
import { type LogState, metaOf } from "../log/log-state.ts";
import { isWriteConflict, type LogStream } from "../log/log-stream.ts";
import { leafMsgId } from "./msg-id.ts";

/** An event ready to be logged: the exact envelope bytes received, verified, and the event they carry. */
export interface VerifiedEvent {
  readonly bytes: Uint8Array;
  readonly event: AuditEvent;
}

export interface AppendResult {
  readonly eventId: string;
  readonly index: number;
  readonly duplicate: boolean;
}

export interface AppendOutcome {
  readonly results: AppendResult[];
  /** The log's size once these events were stored. */
  readonly treeSize: number;
}

export interface WriterOptions {
  /** Most events stored in one pipelined batch. */
  readonly maxBatchEvents: number;
  /** Most events waiting; beyond, appends are refused with OVERLOADED. */
  readonly maxQueuedEvents: number;
  /** How often a request is re-planned after another writer came first. */
  readonly maxConflictRetries: number;
}

export interface WriterHooks {
  readonly appended?: (count: number) => void;
  readonly duplicates?: (count: number) => void;
  readonly conflict?: () => void;
  /** Events waiting to be stored, after each change. */
  readonly queued?: (events: number) => void;
}

interface AppendJob {
  readonly kind: "append";
  readonly events: readonly VerifiedEvent[];
  readonly traceparent: string | undefined;
  attempts: number;
  settled: boolean;
  readonly resolve: (outcome: AppendOutcome) => void;
  readonly reject: (err: AuditServiceError) => void;
}

interface SyncJob {
  readonly kind: "sync";
  readonly resolve: () => void;
  readonly reject: (err: AuditServiceError) => void;
}

type Job = AppendJob | SyncJob;

interface Planned {
  readonly record: LeafRecord;
  readonly meta: EventMeta;
  readonly msgId: string;
  readonly traceparent: string | undefined;
}

/**
 * The only code that writes the log. Requests are taken in arrival order and stored in batches:
 * every leaf of a batch is published at once (pipelined), each leaf expecting the stream's last
 * sequence to be its own index and — when published before its predecessor was confirmed — the
 * last message to be that predecessor. So a leaf is stored only right after the leaf it links
 * to: two writers can never interleave, whatever they do. A leaf is committed to the in-memory
 * log only once JetStream confirmed it; on a conflict the writer catches up from the stream and
 * plans again (de-duplicating against what the other writer stored); when JetStream does not
 * answer, the requests fail (no reply: the emitters fail closed) and the next batch first reads
 * back what was stored meanwhile.
 */
export class LogWriter {
  readonly #queue: Job[] = [];
  #queuedEvents = 0;
  #running: Promise<void> | undefined;
  #needsSync = false;
  #closing = false;
  #broken: AuditServiceError | undefined;

  constructor(
    readonly state: LogState,
    private readonly stream: LogStream,
    private readonly options: WriterOptions,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
    private readonly hooks: WriterHooks = {},
  ) {}

  /** Set once the stream proved unusable (LOG_CORRUPT, LOG_TRUNCATED): nothing is written any more. */
  get broken(): AuditServiceError | undefined {
    return this.#broken;
  }

  get queuedEvents(): number {
    return this.#queuedEvents;
  }

  /** Stores the events in order (once each) and resolves with their indexes; rejects with an AuditServiceError. */
  append(events: readonly VerifiedEvent[], traceparent?: string): Promise<AppendOutcome> {
    const refusal = this.#refusal(events.length);
    if (refusal !== undefined) return Promise.reject(refusal);
    this.#queuedEvents += events.length;
    this.hooks.queued?.(this.#queuedEvents);
    return new Promise((resolve, reject) => {
      this.#queue.push({ kind: "append", events, traceparent, attempts: 0, settled: false, resolve, reject });
      this.#pump();
    });
  }

  /** Catches up with what other writers stored, in turn with the appends. */
  sync(): Promise<void> {
    if (this.#broken) return Promise.reject(this.#broken);
    return new Promise((resolve, reject) => {
      this.#queue.push({ kind: "sync", resolve, reject });
      this.#pump();
    });
  }

  /** Takes no new appends; resolves once every queued one is stored or failed. */
  async close(): Promise<void> {
    this.#closing = true;
    while (this.#running !== undefined) await this.#running;
  }

  #refusal(count: number): AuditServiceError | undefined {
    if (this.#broken) return this.#broken;
    if (this.#closing) return new AuditServiceError("STOPPING", "the audit service is stopping");
    if (this.#queuedEvents + count > this.options.maxQueuedEvents) {
      return new AuditServiceError("OVERLOADED", `more than ${this.options.maxQueuedEvents} events waiting`);
    }
    return undefined;
  }

  #pump(): void {
    if (this.#running !== undefined) return;
    this.#running = this.#drainQueue().finally(() => {
      this.#running = undefined;
      if (this.#queue.length > 0) this.#pump();
    });
  }

  async #drainQueue(): Promise<void> {
    for (let job = this.#queue[0]; job !== undefined; job = this.#queue[0]) {
      if (job.kind === "sync") {
        this.#queue.shift();
        await this.#catchUp().then(job.resolve, job.reject);
        continue;
      }
      const batch: AppendJob[] = [];
      let events = 0;
      for (let next = this.#queue[0]; next?.kind === "append"; next = this.#queue[0]) {
        if (batch.length > 0 && events + next.events.length > this.options.maxBatchEvents) break;
        batch.push(next);
        events += next.events.length;
        this.#queue.shift();
      }
      try {
        await this.#writeBatch(batch);
      } catch (err) {
        // A fault of ours, not of the stream: answer nothing for what is unsettled and re-read the stream.
        this.logger.error({ err }, "audit batch failed");
        this.#needsSync = true;
        const failure = new AuditServiceError("LOG_UNAVAILABLE", "the batch failed", { cause: err });
        for (const job of batch) if (!job.settled && !this.#queue.includes(job)) this.#settle(job, failure);
      }
    }
  }

  #settle(job: AppendJob, outcome: AppendOutcome | AuditServiceError): void {
    job.settled = true;
    this.#queuedEvents -= job.events.length;
    this.hooks.queued?.(this.#queuedEvents);
    if (outcome instanceof AuditServiceError) job.reject(outcome);
    else job.resolve(outcome);
  }

  async #writeBatch(batch: AppendJob[]): Promise<void> {
    if (this.#broken) {
      for (const job of batch) this.#settle(job, this.#broken);
      return;
    }
    if (this.#needsSync) {
      try {
        await this.#catchUp();
      } catch (err) {
        for (const job of batch) this.#settle(job, err as AuditServiceError);
        return;
      }
    }
    const base = this.state.size;
    const { planned, results } = this.#plan(batch);
    const settled = await Promise.allSettled(
      planned.map((p, k) =>
        this.stream.publish({
          leaf: p.record.leaf,
          msgId: p.msgId,
          expectLastSequence: base + k,
          ...(k > 0 ? { expectLastMsgId: (planned[k - 1] as Planned).msgId } : {}),
          ...(p.traceparent === undefined ? {} : { traceparent: p.traceparent }),
        }),
      ),
    );
    let failure: unknown;
    for (const [k, s] of settled.entries()) {
      const p = planned[k] as Planned;
      if (s.status === "fulfilled" && s.value.seq === base + k + 1) {
        this.state.commit(p.record, p.meta);
        continue;
      }
      failure =
        s.status === "rejected" ? s.reason : new Error(`stored at sequence ${s.value.seq}, not ${base + k + 1}`);
      break;
    }
    const stored = this.state.size - base;
    if (stored > 0) this.hooks.appended?.(stored);
    this.#finish(batch, results, failure);
  }

  /** Builds the batch's leaves: each event not yet logged becomes the next entry; the others point at theirs. */
  #plan(batch: readonly AppendJob[]): { planned: Planned[]; results: AppendResult[][] } {
    const planned: Planned[] = [];
    const inBatch = new Map<string, number>();
    const loggedAt = this.state.nextLoggedAt(this.clock());
    let previous = this.state.lastLeafHash;
    const results = batch.map((job) =>
      job.events.map(({ bytes, event }): AppendResult => {
        const existing = this.state.index.indexOfEvent(event.eventId) ?? inBatch.get(event.eventId);
        if (existing !== undefined) return { eventId: event.eventId, index: existing, duplicate: true };
        const index = this.state.size + planned.length;
        const record = buildLogEntry({ index, previousLeafHash: previous, loggedAt, event: bytes });
        previous = record.leafHash;
        inBatch.set(event.eventId, index);
        planned.push({
          record,
          meta: metaOf(event, loggedAt),
          msgId: leafMsgId(event.eventId, record.leafHash),
          traceparent: job.traceparent,
        });
        return { eventId: event.eventId, index, duplicate: false };
      }),
    );
    return { planned, results };
  }

  /** Answers every job whose events are all in the log; plans the others again or fails them. */
  #finish(batch: readonly AppendJob[], results: readonly AppendResult[][], failure: unknown): void {
    const retry: AppendJob[] = [];
    const conflict = failure !== undefined && isWriteConflict(failure);
    if (failure !== undefined) {
      this.#needsSync = true;
      if (conflict) this.hooks.conflict?.();
      else this.logger.warn({ err: failure, treeSize: this.state.size }, "the audit stream did not confirm a leaf");
    }
    for (const [i, job] of batch.entries()) {
      const own = results[i] as AppendResult[];
      if (own.every((r) => r.index < this.state.size)) {
        const duplicates = own.filter((r) => r.duplicate).length;
        if (duplicates > 0) this.hooks.duplicates?.(duplicates);
        this.#settle(job, { results: own, treeSize: this.state.size });
      } else if (conflict && job.attempts < this.options.maxConflictRetries) {
        job.attempts += 1;
        retry.push(job);
      } else {
        const code = conflict ? "WRITE_CONFLICT" : "LOG_UNAVAILABLE";
        this.#settle(job, new AuditServiceError(code, "the events were not all stored", { cause: failure }));
      }
    }
    // Retried requests keep their place: before everything that arrived after them.
    this.#queue.unshift(...retry);
  }

  /** Reads and applies what the stream holds beyond our size (another writer's leaves, or ours unconfirmed). */
  async #catchUp(): Promise<void> {
    if (this.#broken) throw this.#broken;
    let last: number;
    try {
      last = await this.stream.lastSequence();
    } catch (cause) {
      throw new AuditServiceError("LOG_UNAVAILABLE", "the audit stream cannot be read", { cause });
    }
    if (last < this.state.size) {
      this.#broken = new AuditServiceError(
        "LOG_TRUNCATED",
        `the stream holds ${last} leaves, the log ${this.state.size}`,
      );
      throw this.#broken;
    }
    if (last > this.state.size) {
      try {
        for await (const { seq, leaf } of this.stream.read(this.state.size + 1, last)) {
          if (seq !== this.state.size + 1) {
            throw new AuditServiceError("LOG_CORRUPT", `sequence ${seq} where ${this.state.size + 1} belongs`);
          }
          this.state.replay(leaf);
        }
      } catch (err) {
        if (err instanceof AuditServiceError && err.code === "LOG_CORRUPT") {
          this.#broken = err;
          throw err;
        }
        throw new AuditServiceError("LOG_UNAVAILABLE", "the audit stream cannot be read", { cause: err });
      }
    }
    this.#needsSync = false;
  }
}
