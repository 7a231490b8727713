import { H, STREAMS, subjects } from "@ariadne/bus";
import { AuditAction } from "@ariadne/contracts";
import { MESSAGE_TYPES } from "@ariadne/envelope";
import { describe, expect, it } from "vitest";
import { freshExample } from "./support/alerts.ts";
import { metricValue, startHarness } from "./support/harness.ts";
import { messageCount, publishAlert, readStream, until } from "./support/streams.ts";

describe("router: poison alerts", () => {
  it("dead-letters an alert whose handling keeps failing after bounded deliveries, audits it, and goes on", async () => {
    await using h = await startHarness({ options: { maxDeliveries: 3 } });
    const poison = freshExample("forced-criminality-external-border.yaml");
    const poisonId = poison.header?.alertId ?? "";
    // The log refuses this alert's routing events (never its dead letter): the handler keeps failing.
    h.audit.refuse = (e) =>
      e.alertId === poisonId && e.action !== AuditAction.AUDIT_ACTION_DEAD_LETTER ? "REFUSED_FOR_TEST" : undefined;
    const seq = await publishAlert(h.js, poison, await h.signer("ncp.fr"));

    await until(async () => (await messageCount(h.jsm, STREAMS.DEADLETTER)) === 1, "dead letter");
    const [dead] = await readStream(h.js, h.jsm, STREAMS.DEADLETTER, subjects.deadLetter("router"));
    expect(dead?.header(H.errorCode)).toBe("APPEND_REFUSED");
    expect(dead?.header(H.deliveries)).toBe("3");
    expect(dead?.header(H.deadLetterStage)).toBe("router");
    expect(dead?.header(H.alertId)).toBe(poisonId);

    await until(() => h.audit.events((e) => e.action === AuditAction.AUDIT_ACTION_DEAD_LETTER).length === 1, "event");
    const [event] = h.audit.events((e) => e.action === AuditAction.AUDIT_ACTION_DEAD_LETTER);
    expect(event).toMatchObject({ alertId: poisonId, code: "APPEND_REFUSED", originator: "ncp.fr" });
    expect(event?.detail).toContain(`message_id=INTAKE.${seq} attempts=3`);
    expect(await metricValue(h.metrics, "ariadne_router_dead_letters_total", { code: "APPEND_REFUSED" })).toBe(1);

    // Nothing of it was disclosed, and the next alert is routed.
    expect(await messageCount(h.jsm, STREAMS.DELIVERY)).toBe(0);
    const next = freshExample("labour-fake-job-ads.yaml");
    await publishAlert(h.js, next, await h.signer("ncp.nl"));
    await until(
      async () =>
        (await readStream(h.js, h.jsm, STREAMS.RETURN, subjects.ret("ncp.nl"))).some(
          (m) => m.header(H.alertId) === next.header?.alertId && m.header(H.type) === MESSAGE_TYPES.Receipt,
        ),
      "the next alert routed",
    );
    expect(await messageCount(h.jsm, STREAMS.DEADLETTER)).toBe(1);
  }, 60_000);
});
