import { type SignFn, signCheckpoint } from "@ariadne/audit";
import type { Logger } from "@ariadne/runtime";
import type { LogWriter } from "../append/writer.ts";
import type { LogStream } from "../log/log-stream.ts";
import type { AuditMetrics } from "../metrics.ts";

/** A checkpoint this service knows was published (or found on start). */
export interface PublishedCheckpoint {
  readonly treeSize: number;
  readonly envelopeBytes: Uint8Array;
  /** When it was published (or, found on start, issued). */
  readonly at: Date;
}

export interface CheckpointerDeps {
  readonly writer: LogWriter;
  readonly stream: LogStream;
  readonly sign: SignFn;
  readonly logId: string;
  readonly logger: Logger;
  readonly metrics: AuditMetrics;
  readonly clock?: () => Date;
}

/**
 * Signs and publishes the tree head on ariadne.audit.checkpoint every interval in which the log
 * grew, and once more on a graceful stop, so a verifier's newest checkpoint is never older than
 * one interval plus what was appended since.
 */
export class Checkpointer {
  #latest: PublishedCheckpoint | undefined;
  #timer: NodeJS.Timeout | undefined;
  #ageTimer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  readonly #clock: () => Date;

  constructor(private readonly deps: CheckpointerDeps) {
    this.#clock = deps.clock ?? (() => new Date());
    deps.metrics.checkpointAge.set(-1);
  }

  get latest(): PublishedCheckpoint | undefined {
    return this.#latest;
  }

  /** The checkpoint found in AUDIT_CHECKPOINTS on start (already checked against the rebuilt tree). */
  known(checkpoint: PublishedCheckpoint): void {
    this.#record(checkpoint);
  }

  start(intervalMs: number): void {
    this.#timer = setInterval(() => void this.#tick(), intervalMs);
    this.#timer.unref();
    this.#ageTimer = setInterval(() => this.#updateAge(), Math.min(intervalMs, 5000));
    this.#ageTimer.unref();
  }

  /** Publishes a checkpoint of the current size unless the latest one already has it. */
  async checkpointIfGrown(): Promise<PublishedCheckpoint | undefined> {
    // Include what other writers stored, so no process publishes a head behind the stream.
    await this.deps.writer.sync().catch(() => undefined);
    const tree = this.deps.writer.state.tree;
    if (this.#latest !== undefined && this.#latest.treeSize >= tree.size) return undefined;
    const now = this.#clock();
    const signed = signCheckpoint(tree, { logId: this.deps.logId, issuedAt: now }, this.deps.sign);
    await this.deps.stream.publishCheckpoint(signed.envelopeBytes, `checkpoint-${signed.checkpoint.treeSize}`);
    const published = { treeSize: signed.checkpoint.treeSize, envelopeBytes: signed.envelopeBytes, at: now };
    this.#record(published);
    this.deps.metrics.checkpoints.inc();
    this.deps.logger.info({ treeSize: published.treeSize }, "checkpoint published");
    return published;
  }

  /** Stops the timer and publishes a last checkpoint if the log grew since the latest. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    clearInterval(this.#ageTimer);
    await this.#running;
    try {
      await this.checkpointIfGrown();
    } catch (err) {
      this.deps.logger.error({ err }, "final checkpoint not published");
    }
  }

  #tick(): void {
    if (this.#running !== undefined) return;
    this.#running = this.checkpointIfGrown()
      .catch((err: unknown) => this.deps.logger.warn({ err }, "checkpoint not published; next interval retries"))
      .finally(() => {
        this.#running = undefined;
      });
  }

  #record(checkpoint: PublishedCheckpoint): void {
    this.#latest = checkpoint;
    this.deps.metrics.checkpointSize.set(checkpoint.treeSize);
    this.deps.metrics.checkpointTimestamp.set(checkpoint.at.getTime() / 1000);
    this.#updateAge();
  }

  #updateAge(): void {
    if (this.#latest === undefined) return;
    this.deps.metrics.checkpointAge.set((this.#clock().getTime() - this.#latest.at.getTime()) / 1000);
  }
}
