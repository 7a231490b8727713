import type { AuditQueryClient } from "@ariadne/audit-service";
import type { AlertIndex } from "./alert-index.ts";

export interface LogTailOptions {
  readonly client: Pick<AuditQueryClient, "events">;
  readonly index: AlertIndex;
  /** Reads at most this often; a request within it is answered from the index as it is. */
  readonly minIntervalMs: number;
  readonly pageSize?: number;
  readonly now?: () => number;
}

export interface TailState {
  /** When the index last caught up with the log (ms since epoch), if ever. */
  readonly caughtUpAt: number | undefined;
  /** The log's size at the last read. */
  readonly treeSize: number;
  /** The last read's failure code, if it failed. */
  readonly error: string | undefined;
}

/**
 * Brings the console's index up to the audit log's end on demand (page after page from the
 * index's cursor), at most once per minIntervalMs, one read at a time. On demand, not on a
 * timer: every read is a logged consultation, so a console nobody looks at adds nothing to the log.
 */
export class LogTail {
  readonly #o: LogTailOptions;
  #inflight: Promise<void> | undefined;
  #lastStart = Number.NEGATIVE_INFINITY;
  #state: TailState = { caughtUpAt: undefined, treeSize: 0, error: undefined };

  constructor(o: LogTailOptions) {
    this.#o = o;
  }

  get state(): TailState {
    return this.#state;
  }

  /** Catches up unless a read started within the interval; waits for a read in flight. */
  refresh(): Promise<void> {
    if (this.#inflight !== undefined) return this.#inflight;
    const now = (this.#o.now ?? Date.now)();
    if (now - this.#lastStart < this.#o.minIntervalMs) return Promise.resolve();
    this.#lastStart = now;
    this.#inflight = this.#catchUp().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #catchUp(): Promise<void> {
    try {
      let cursor = this.#o.index.cursor;
      for (;;) {
        const page = await this.#o.client.events({}, { cursor, limit: this.#o.pageSize ?? 1000 });
        for (const e of page.events) this.#o.index.add(e);
        this.#state = { ...this.#state, treeSize: page.treeSize, error: undefined };
        if (!page.hasMore || page.nextCursor <= cursor) break;
        cursor = page.nextCursor;
      }
      this.#state = { ...this.#state, caughtUpAt: (this.#o.now ?? Date.now)() };
    } catch (err) {
      this.#state = { ...this.#state, error: (err as { code?: string }).code ?? (err as Error).name };
    }
  }
}
