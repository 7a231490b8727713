import { Cursor } from "@ariadne/agencies";
import type { KV } from "@nats-io/kv";
import { AdapterError } from "../errors.ts";
import { isCasConflict } from "./cas.ts";

const KEY = "events.cursor";

export interface CursorState {
  readonly cursor: string;
  /** KV revision the cursor was read at (0: never written). */
  readonly revision: number;
}

/**
 * The channel events cursor every replica shares. Replicas read it, process the events after
 * it, then move it with compare-and-set: a replica that lost the race simply re-reads. Work done
 * twice is harmless because receipts, replies and audit events have deterministic ids.
 */
export class EventsCursor {
  constructor(private readonly kv: KV) {}

  async read(): Promise<CursorState> {
    try {
      const entry = await this.kv.get(KEY);
      if (entry === null || entry.operation !== "PUT") return { cursor: "0", revision: entry?.revision ?? 0 };
      const cursor = Cursor.safeParse(entry.string());
      if (!cursor.success) throw new AdapterError("STATE_CORRUPT", "the events cursor is not a cursor");
      return { cursor: cursor.data, revision: entry.revision };
    } catch (cause) {
      if (cause instanceof AdapterError) throw cause;
      throw new AdapterError("STATE_UNAVAILABLE", "the events cursor cannot be read", { cause });
    }
  }

  /** Moves the cursor from `from` to `next`; false when another replica moved it first. */
  async advance(from: CursorState, next: string): Promise<boolean> {
    try {
      if (from.revision === 0) await this.kv.create(KEY, next);
      else await this.kv.update(KEY, next, from.revision);
      return true;
    } catch (err) {
      if (isCasConflict(err)) return false;
      throw new AdapterError("STATE_UNAVAILABLE", "the events cursor cannot be written", { cause: err });
    }
  }
}
