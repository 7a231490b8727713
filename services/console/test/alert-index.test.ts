import { describe, expect, it } from "vitest";
import { AlertIndex } from "../src/alert-index.ts";
import { alertRef, deadLetter, journey, logged, rejection } from "./support/trail.ts";

describe("the console's index of the audit log", () => {
  it("counts received, accepted, rejected, delivered, acknowledged, replies and dead letters", () => {
    const a = alertRef("ncp.nl");
    const b = alertRef("ncp.fr");
    const index = new AlertIndex();
    for (const e of logged([...journey(a), rejection(20), ...journey(b), deadLetter(b)])) index.add(e);
    expect(index.counters).toEqual({
      received: 3,
      accepted: 2,
      rejected: 1,
      delivered: 4,
      acknowledged: 2,
      replies: 2,
      deadLettered: 1,
      logEntries: 20,
    });
    expect(index.cursor).toBe(20);
  });

  it("ignores an event it has seen (a re-read page) and evidence logged twice", () => {
    const a = alertRef();
    const events = logged(journey(a));
    const index = new AlertIndex();
    for (const e of events) index.add(e);
    for (const e of events) index.add(e);
    // The same receipt again, as a later entry (an emitter that logged it under a new id).
    const again = events[4];
    if (!again) throw new Error("fixture");
    index.add({ ...again, index: 100 });
    expect(index.counters.delivered).toBe(2);
    expect(index.counters.received).toBe(1);
  });

  it("searches by id prefix, originator and time, newest first, with each alert's progress", () => {
    const a = alertRef("ncp.nl");
    const b = alertRef("ncp.fr");
    const index = new AlertIndex();
    for (const e of logged([...journey(a), ...journey(b)])) index.add(e);
    expect(index.search({}).map((s) => s.alertId)).toEqual([b.alertId, a.alertId]);
    expect(index.search({ idPrefix: a.alertId.slice(0, 30) }).map((s) => s.alertId)).toEqual([a.alertId]);
    expect(index.search({ originator: "ncp.fr" }).map((s) => s.alertId)).toEqual([b.alertId]);
    expect(index.search({ originator: "ncp.de" })).toEqual([]);
    expect(index.search({ since: new Date(Date.UTC(2026, 10, 29)) })).toEqual([]);
    expect(index.search({ until: new Date(Date.UTC(2026, 10, 29)) })).toHaveLength(2);
    expect(index.search({ idPrefix: a.alertId })[0]).toMatchObject({
      version: 1,
      originator: "ncp.nl",
      allowed: 2,
      refused: 1,
      delivered: 2,
      acknowledged: 1,
      replies: 1,
    });
    expect(index.search({ limit: 1 })).toHaveLength(1);
    expect(index.originators()).toEqual(["ncp.fr", "ncp.nl"]);
  });

  it("forgets the oldest alerts beyond its bound, not the counts", () => {
    const index = new AlertIndex({ maxAlerts: 2 });
    const refs = [alertRef(), alertRef(), alertRef()];
    let next = 0;
    for (const r of refs) {
      const events = logged(journey(r), next);
      next += events.length;
      for (const e of events) index.add(e);
    }
    expect(index.size).toBe(2);
    expect(index.search({}).map((s) => s.alertId)).toEqual([refs[2]?.alertId, refs[1]?.alertId]);
    expect(index.counters.accepted).toBe(3);
  });
});
