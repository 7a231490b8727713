import { AuditAction, newAlertId } from "@ariadne/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type EventFilter, EventIndex, type EventMeta } from "../src/mod.ts";

const ACTORS = ["router", "adapter.europol", "audit"] as const;
const OFFICERS = ["", "operator", "officer.europol.liaison-1"] as const;
const ACTIONS = [
  AuditAction.AUDIT_ACTION_COLLECTION,
  AuditAction.AUDIT_ACTION_DECISION,
  AuditAction.AUDIT_ACTION_CONSULTATION,
];

const meta = fc.record({
  actor: fc.constantFrom(...ACTORS),
  officer: fc.constantFrom(...OFFICERS),
  action: fc.constantFrom(...ACTIONS),
  alert: fc.nat(4),
  linked: fc.nat(4),
  step: fc.integer({ min: -5, max: 20 }),
});

type Item = { actor: string; officer: string; action: AuditAction; alert: number; linked: number; step: number };

function build(items: readonly Item[], alerts: string[]): { index: EventIndex; metas: EventMeta[] } {
  const index = new EventIndex();
  const metas: EventMeta[] = [];
  let t = 1_000;
  for (const [i, m] of items.entries()) {
    t += m.step; // a clock that sometimes goes back: the index clamps it
    const e: EventMeta = {
      eventId: `ev1-${i.toString(16).padStart(32, "0")}`,
      actor: m.actor,
      officer: m.officer,
      action: m.action,
      alertIds: [alerts[m.alert] as string, m.linked === m.alert ? "" : (alerts[m.linked] as string)],
      loggedAtMs: t,
    };
    metas.push(e);
    index.add(e);
  }
  return { index, metas };
}

/** Reads every page of a query, as a client does. */
function allPages(read: (cursor: number) => ReturnType<EventIndex["trail"]>): number[] {
  const out: number[] = [];
  let cursor = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = read(cursor);
    out.push(...page.indexes);
    if (!page.hasMore) return out;
    expect(page.nextCursor).toBeGreaterThan(cursor);
    cursor = page.nextCursor;
  }
  throw new Error("paging does not end");
}

describe("EventIndex", () => {
  const alerts = Array.from({ length: 5 }, () => newAlertId());

  it("pages trails and filtered events exactly like a scan of the log, for any page and scan size", () => {
    fc.assert(
      fc.property(
        fc.array(meta, { maxLength: 120 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 9 }),
        fc.record({
          actor: fc.option(fc.constantFrom(...ACTORS), { nil: undefined }),
          officer: fc.option(fc.constantFrom("operator", "officer.europol.liaison-1"), { nil: undefined }),
          action: fc.option(fc.constantFrom(...ACTIONS), { nil: undefined }),
          since: fc.option(fc.integer({ min: 900, max: 3000 }), { nil: undefined }),
          span: fc.option(fc.integer({ min: 0, max: 800 }), { nil: undefined }),
        }),
        (items, limit, scan, f) => {
          const { index, metas } = build(items, alerts);
          // logged_at as the index keeps it: never decreasing.
          const clamped: number[] = [];
          for (const m of metas) clamped.push(Math.max(m.loggedAtMs, clamped.at(-1) ?? 0));
          for (const alert of alerts) {
            const expected = metas.flatMap((m, i) => (m.alertIds.includes(alert) ? [i] : []));
            expect(allPages((c) => index.trail(alert, c, limit))).toEqual(expected);
          }
          const filter: EventFilter = {
            ...(f.actor ? { actor: f.actor } : {}),
            ...(f.officer ? { officer: f.officer } : {}),
            ...(f.action ? { action: f.action } : {}),
            ...(f.since !== undefined ? { sinceMs: f.since } : {}),
            ...(f.since !== undefined && f.span !== undefined ? { untilMs: f.since + f.span } : {}),
          };
          const expected = metas.flatMap((m, i) => {
            const t = clamped[i] as number;
            const ok =
              (filter.actor === undefined || m.actor === filter.actor) &&
              (filter.officer === undefined || m.officer === filter.officer) &&
              (filter.action === undefined || m.action === filter.action) &&
              (filter.sinceMs === undefined || t >= filter.sinceMs) &&
              (filter.untilMs === undefined || t < filter.untilMs);
            return ok ? [i] : [];
          });
          expect(allPages((c) => index.events(filter, c, limit, scan))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("maps an event id to its first index only, and knows unknown alerts have empty trails", () => {
    const { index } = build(
      [{ actor: "router", officer: "", action: AuditAction.AUDIT_ACTION_COLLECTION, alert: 0, linked: 0, step: 1 }],
      alerts,
    );
    index.add({
      eventId: "ev1-".padEnd(36, "0"),
      actor: "router",
      officer: "",
      action: 1,
      alertIds: [],
      loggedAtMs: 0,
    });
    expect(index.indexOfEvent("ev1-".padEnd(36, "0"))).toBe(0);
    expect(index.indexOfEvent("ev1-".padEnd(36, "f"))).toBeUndefined();
    expect(index.trail(newAlertId(), 0, 10)).toEqual({ indexes: [], nextCursor: 2, hasMore: false });
    expect(index.lastLoggedAtMs).toBe(1001);
  });
});
