import { hashLeaf } from "@ariadne/audit";
import type { LoggedEvent } from "@ariadne/contracts";
import { QueryError } from "../errors.ts";
import type { QueryContext } from "./context.ts";

/** Room a LoggedEvent takes in a reply besides its leaf (tags, lengths, index). */
const EVENT_OVERHEAD = 24;
const PARALLEL_READS = 32;

/**
 * The stored leaves of `indexes`, in order, as many as fit in `budget` bytes (at least one).
 * Each leaf is checked against the tree before it leaves the service.
 */
export async function readLoggedEvents(
  ctx: QueryContext,
  indexes: readonly number[],
  budget: number,
): Promise<LoggedEvent[]> {
  const events: LoggedEvent[] = [];
  let bytes = 0;
  for (let at = 0; at < indexes.length; at += PARALLEL_READS) {
    const slice = indexes.slice(at, at + PARALLEL_READS);
    const leaves = await Promise.all(slice.map((index) => ctx.stream.get(index + 1)));
    for (const [i, leaf] of leaves.entries()) {
      const index = slice[i] as number;
      if (
        leaf === undefined ||
        !Buffer.from(hashLeaf(leaf)).equals(Buffer.from(ctx.writer.state.tree.leafHash(index)))
      ) {
        throw new QueryError("INTERNAL", `the stored leaf ${index} is not the log's`);
      }
      bytes += leaf.length + EVENT_OVERHEAD;
      if (events.length > 0 && bytes > budget) return events;
      events.push({ index, leaf });
    }
  }
  return events;
}

/** A page size within the service's limits. */
export function pageLimit(ctx: QueryContext, asked: number): number {
  return asked === 0 ? ctx.limits.defaultPage : Math.min(asked, ctx.limits.maxPage);
}
