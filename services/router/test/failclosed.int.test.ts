import { H, STREAMS } from "@ariadne/bus";
import type { AuditAction } from "@ariadne/contracts";
import { MESSAGE_TYPES } from "@ariadne/envelope";
import { describe, expect, it } from "vitest";
import { EXAMPLES, freshExample } from "./support/alerts.ts";
import { countIds, expectedCopyIds, expectedRouterActions } from "./support/expected.ts";
import { metricValue, startHarness } from "./support/harness.ts";
import { messageCount, publishAlert, readStream, until } from "./support/streams.ts";

describe("router: fail closed on the audit log", () => {
  it("publishes nothing while the log is down, then delivers everything exactly once", async () => {
    await using h = await startHarness({ options: { concurrency: 8 }, realAudit: true });
    const audit = h.realAudit;
    if (!audit) throw new Error("no audit service");
    await audit.down();
    const expected: string[] = [];
    const alertIds: string[] = [];
    const actions = new Map<string, AuditAction[]>();
    for (let i = 0; i < 24; i++) {
      const alert = freshExample(EXAMPLES[i % EXAMPLES.length] ?? EXAMPLES[0]);
      const signer = await h.signer(alert.header?.originator ?? "");
      expected.push(...expectedCopyIds(alert, signer, h.keys.verifier(), h.mandates.current));
      alertIds.push(alert.header?.alertId ?? "");
      actions.set(alert.header?.alertId ?? "", expectedRouterActions(alert));
      await publishAlert(h.js, alert, signer);
    }

    // Every slot holds a message waiting for the log; the rest wait in the stream.
    await until(async () => (await metricValue(h.metrics, "ariadne_router_audit_held_messages")) === 8, "8 held");
    await until(
      async () => (await metricValue(h.metrics, "ariadne_router_audit_unavailable_total")) >= 16,
      "repeated append attempts",
    );
    expect(await messageCount(h.jsm, STREAMS.DELIVERY)).toBe(0);
    expect(await messageCount(h.jsm, STREAMS.RETURN)).toBe(0);
    expect(await messageCount(h.jsm, STREAMS.DEADLETTER)).toBe(0);
    expect(await messageCount(h.jsm, STREAMS.AUDIT)).toBe(0);

    await audit.start();
    await until(async () => (await messageCount(h.jsm, STREAMS.RETURN)) === alertIds.length, "every receipt");
    await until(async () => (await messageCount(h.jsm, STREAMS.DELIVERY)) === expected.length, "every copy");

    const delivered = countIds((await readStream(h.js, h.jsm, STREAMS.DELIVERY)).map((m) => m.header(H.msgId)));
    expect([...delivered.keys()].sort()).toEqual([...expected].sort());
    expect([...delivered.values()].every((n) => n === 1)).toBe(true);
    const receipts = await readStream(h.js, h.jsm, STREAMS.RETURN);
    expect(receipts.every((m) => m.header(H.type) === MESSAGE_TYPES.Receipt)).toBe(true);
    expect(new Set(receipts.map((m) => m.header(H.alertId)))).toEqual(new Set(alertIds));
    // Logged once each, before anything was published.
    const logged = [...actions.values()].reduce((n, a) => n + a.length, 0);
    expect(await messageCount(h.jsm, STREAMS.AUDIT)).toBe(logged); // collection (+ combination) + decision, once each
    for (const alertId of alertIds.slice(0, 3)) {
      const trail = (await audit.trail(alertId)).filter((e) => e.actor === "router").map((e) => e.action);
      expect(trail).toEqual(actions.get(alertId));
    }
    expect(await metricValue(h.metrics, "ariadne_router_audit_held_messages")).toBe(0);
    expect(await messageCount(h.jsm, STREAMS.DEADLETTER)).toBe(0);
  }, 60_000);
});
