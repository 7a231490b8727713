import type { EventsPage } from "@ariadne/audit-service";
import { describe, expect, it } from "vitest";
import { AlertIndex } from "../src/alert-index.ts";
import { LogTail } from "../src/log-tail.ts";
import { alertRef, journey, logged, type TrailEventFor } from "./support/trail.ts";

/** The events API over an array: pages of `limit` from `cursor`, as the audit service answers an empty filter. */
function eventsOver(all: TrailEventFor[], calls: number[]) {
  return {
    async events(_filter: object, page: { cursor?: number; limit?: number } = {}): Promise<EventsPage> {
      const cursor = page.cursor ?? 0;
      calls.push(cursor);
      const slice = all.slice(cursor, cursor + (page.limit ?? 200));
      const next = cursor + slice.length;
      return {
        events: slice as EventsPage["events"],
        nextCursor: next,
        hasMore: next < all.length,
        treeSize: all.length,
        consultationIndex: all.length,
      };
    },
  };
}

describe("following the audit log on demand", () => {
  it("reads page after page from where it stopped, and only the new entries next time", async () => {
    const all = logged([...journey(alertRef()), ...journey(alertRef())]);
    const calls: number[] = [];
    let now = 0;
    const index = new AlertIndex();
    const tail = new LogTail({
      client: eventsOver(all, calls),
      index,
      minIntervalMs: 1000,
      pageSize: 5,
      now: () => now,
    });
    await tail.refresh();
    expect(calls).toEqual([0, 5, 10, 15]);
    expect(index.counters.accepted).toBe(2);
    expect(tail.state).toMatchObject({ treeSize: 18, caughtUpAt: 0, error: undefined });

    // Within the interval: no read at all.
    now = 500;
    await tail.refresh();
    expect(calls).toHaveLength(4);

    all.push(...logged(journey(alertRef()), all.length));
    now = 1500;
    await tail.refresh();
    expect(calls.slice(4)).toEqual([18, 23]);
    expect(index.counters.accepted).toBe(3);
  });

  it("shares one read between requests that come together", async () => {
    const calls: number[] = [];
    const tail = new LogTail({
      client: eventsOver(logged(journey(alertRef())), calls),
      index: new AlertIndex(),
      minIntervalMs: 0,
    });
    await Promise.all([tail.refresh(), tail.refresh(), tail.refresh()]);
    expect(calls).toEqual([0]);
  });

  it("keeps what it has and says why when the log does not answer", async () => {
    const index = new AlertIndex();
    const failing = {
      async events(): Promise<EventsPage> {
        throw Object.assign(new Error("no answer"), { code: "UNAVAILABLE" });
      },
    };
    const tail = new LogTail({ client: failing, index, minIntervalMs: 0 });
    await tail.refresh();
    expect(tail.state.error).toBe("UNAVAILABLE");
    expect(tail.state.caughtUpAt).toBeUndefined();
  });
});
