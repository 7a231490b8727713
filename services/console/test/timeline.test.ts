import { erasureEvent } from "@ariadne/audit";
import { Purpose } from "@ariadne/contracts";
import { describe, expect, it } from "vitest";
import { buildTimeline, evidenceOf, stageOf } from "../src/timeline.ts";
import { alertRef, journey, logged } from "./support/trail.ts";

describe("timeline of one alert's trail", () => {
  const alert = alertRef();
  const t = buildTimeline(alert.alertId, logged(journey(alert)));

  it("orders the steps as the log did and names each", () => {
    expect(t.entries.map((e) => e.stage)).toEqual([
      "received",
      "decision",
      "transferred",
      "transferred",
      "delivered",
      "delivered",
      "acknowledged",
      "reply",
      "consultation",
    ]);
    expect(t.originator).toBe("ncp.nl");
    expect(t.entries[0]).toMatchObject({
      index: 0,
      actor: "router",
      signer: "router",
      version: 1,
      action: "COLLECTION",
    });
  });

  it("keeps a decision per candidate with its reason and withheld count, and no single recipient", () => {
    const decision = t.entries[1];
    expect(decision?.recipient).toBeUndefined();
    expect(decision?.decisions.map((d) => [d.recipient, d.delivered, d.reasonCode, d.withheldCount])).toEqual([
      ["europol", true, "ALLOWED", 1],
      ["frontex", true, "ALLOWED", 43],
      ["ncp.ua", false, "THIRD_PARTY_NO_CONSENT", 100],
    ]);
    expect(decision?.decisions[2]?.reason).toBe("ncp.ua is a third party");
  });

  it("says per recipient how far the alert got", () => {
    expect(t.recipients).toEqual([
      {
        recipient: "europol",
        decision: "allowed",
        reasonCode: "ALLOWED",
        withheldCount: 1,
        delivered: true,
        acknowledged: true,
        replies: ["KIND_MATCH_FOUND"],
      },
      {
        recipient: "frontex",
        decision: "allowed",
        reasonCode: "ALLOWED",
        withheldCount: 43,
        delivered: true,
        acknowledged: false,
        replies: [],
      },
      {
        recipient: "ncp.ua",
        decision: "refused",
        reasonCode: "THIRD_PARTY_NO_CONSENT",
        withheldCount: 100,
        delivered: false,
        acknowledged: false,
        replies: [],
      },
    ]);
  });

  it("shows a consultation with who read, what, why", () => {
    const c = t.entries.at(-1);
    expect(c).toMatchObject({
      stage: "consultation",
      officer: "console",
      query: `trail alert_id=${alert.alertId}`,
      purposes: ["PURPOSE_OPERATIONAL_SUPPORT"],
      legalBasis: "Directive (EU) 2016/680 Art. 25",
    });
  });

  it("shows an erasure by the operator with its reason code and the counts it logged", () => {
    const erased = erasureEvent(
      { actor: "operator", occurredAt: new Date("2026-11-28T13:00:00Z") },
      {
        alert,
        reasonCode: "RETENTION_EXPIRED",
        why: {
          purposes: [Purpose.PURPOSE_CRIMINAL_ANALYSIS],
          legalBasis: "Directive (EU) 2016/680 Art. 16(2)",
          ruleIds: [],
        },
        scope: { messages: 3, records: 1, streams: { intake: 1, delivery: 2 } },
      },
    );
    const e = buildTimeline(alert.alertId, logged([...journey(alert), erased])).entries.at(-1);
    expect(e).toMatchObject({
      stage: "erasure",
      actor: "operator",
      version: 1,
      code: "RETENTION_EXPIRED",
      detail: "alert erased messages=3 records=1 intake=1 delivery=2 return=0 deadletter=0",
    });
  });

  it("sorts events given out of order", () => {
    const events = logged(journey(alert));
    const shuffled = [...events].reverse();
    expect(buildTimeline(alert.alertId, shuffled).entries.map((e) => e.index)).toEqual(events.map((e) => e.index));
  });

  it("reads evidence details and tells unknown ones apart", () => {
    expect(evidenceOf("receipt issued evidence=EVIDENCE_DELIVERY")).toEqual({
      kind: "receipt",
      direction: "issued",
      code: "EVIDENCE_DELIVERY",
    });
    expect(evidenceOf("receipt issued")).toBeUndefined();
    expect(stageOf({ action: 10, detail: "receipt issued evidence=EVIDENCE_NON_DELIVERY" })).toBe("not-delivered");
    expect(stageOf({ action: 10, detail: "something else" })).toBe("receipt");
    expect(stageOf({ action: 4, detail: "copy routed disclosed=3 withheld=1" })).toBe("routed");
    expect(stageOf({ action: 0, detail: "" })).toBe("other");
  });
});
