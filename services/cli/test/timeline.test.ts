import type { LoggedAuditEvent } from "@ariadne/audit-service";
import { AuditAction, AuditEvent, Purpose } from "@ariadne/contracts";
import { describe, expect, it } from "vitest";
import { renderTimeline } from "../src/trail/render.ts";
import { buildTimeline, isEmptyTrail } from "../src/trail/timeline.ts";

const ALERT = "019380a2-6c1e-7a3b-9f10-2b7c4d5e6f01";

function logged(index: number, fields: Partial<AuditEvent>): LoggedAuditEvent {
  const event = AuditEvent.fromPartial({ alertId: ALERT, version: 1, ...fields });
  return {
    index,
    leaf: new Uint8Array(),
    leafHash: new Uint8Array(32),
    entry: {
      index,
      previousLeafHash: new Uint8Array(),
      loggedAt: new Date(1_700_000_000_000 + index),
      event: new Uint8Array(),
    },
    envelope: new Uint8Array(),
    event,
    signer: event.actor,
  };
}

const TRAIL = [
  logged(0, { action: AuditAction.AUDIT_ACTION_COLLECTION, actor: "router", detail: "alert received and verified" }),
  logged(1, {
    action: AuditAction.AUDIT_ACTION_DECISION,
    actor: "router",
    detail: "candidates=2 delivered=1",
    recipients: ["europol"],
    decisions: [
      {
        recipient: "europol",
        delivered: true,
        ruleIds: ["europol#fields"],
        reasonCode: "ALLOWED",
        reason: "",
        legalBasis: "",
        disclosedCount: 9,
        withheldCount: 1,
        handlingNotice: "",
      },
      {
        recipient: "ncp.ua",
        delivered: false,
        ruleIds: ["ncp.ua#third_party"],
        reasonCode: "THIRD_PARTY_NO_CONSENT",
        reason: "no consent",
        legalBasis: "",
        disclosedCount: 0,
        withheldCount: 10,
        handlingNotice: "",
      },
    ],
  }),
  logged(2, {
    action: AuditAction.AUDIT_ACTION_DISCLOSURE,
    actor: "adapter.europol",
    recipients: ["europol"],
    detail: "copy transferred channel=europol",
  }),
  logged(3, {
    action: AuditAction.AUDIT_ACTION_EVIDENCE,
    actor: "adapter.europol",
    recipients: ["europol"],
    detail: "receipt issued evidence=EVIDENCE_DELIVERY",
  }),
  // Out of order on purpose: the timeline follows the log's order.
  logged(5, {
    action: AuditAction.AUDIT_ACTION_EVIDENCE,
    actor: "adapter.europol",
    recipients: ["europol"],
    detail: "reply issued evidence=KIND_MATCH_FOUND",
  }),
  logged(4, {
    action: AuditAction.AUDIT_ACTION_EVIDENCE,
    actor: "adapter.europol",
    recipients: ["europol"],
    detail: "receipt issued evidence=EVIDENCE_RETRIEVAL",
  }),
  logged(6, {
    action: AuditAction.AUDIT_ACTION_CONSULTATION,
    actor: "audit",
    officer: "operator",
    alertId: "",
    purposes: [Purpose.PURPOSE_CRIMINAL_ANALYSIS],
    query: `trail alert_id=${ALERT}`,
  }),
];

describe("trail timeline", () => {
  it("names each stage and follows every candidate recipient", () => {
    const t = buildTimeline(ALERT, TRAIL);
    expect(t.entries.map((e) => [e.index, e.stage])).toEqual([
      [0, "received"],
      [1, "decision"],
      [2, "transferred"],
      [3, "delivered"],
      [4, "acknowledged"],
      [5, "reply"],
      [6, "consultation"],
    ]);
    expect(t.recipients).toEqual([
      {
        recipient: "europol",
        decision: "allowed",
        reasonCode: "ALLOWED",
        transferred: true,
        delivered: true,
        acknowledged: true,
        replies: ["KIND_MATCH_FOUND"],
      },
      {
        recipient: "ncp.ua",
        decision: "refused",
        reasonCode: "THIRD_PARTY_NO_CONSENT",
        transferred: false,
        delivered: false,
        acknowledged: false,
        replies: [],
      },
    ]);
    expect(t.entries[1]?.decisions?.[1]).toMatchObject({ withheldCount: 10, reasonCode: "THIRD_PARTY_NO_CONSENT" });
    expect(isEmptyTrail(t)).toBe(false);
  });

  it("renders decisions with reasons and withheld counts, and the recipients table", () => {
    const text = renderTimeline(buildTimeline(ALERT, TRAIL), undefined);
    expect(text).toMatch(/\+ europol\s+ALLOWED\s+9 disclosed, 1 withheld/);
    expect(text).toMatch(/x ncp\.ua\s+THIRD_PARTY_NO_CONSENT\s+10 withheld: no consent/);
    expect(text).toMatch(/europol\s+allowed\s+ALLOWED\s+yes\s+yes\s+yes\s+MATCH_FOUND/);
    expect(text).toMatch(/#6\s+consultation\s+audit\s+by operator: trail alert_id=/);
  });

  it("shows an erasure with its version, reason code and counts, by the operator", () => {
    const erased = logged(7, {
      action: AuditAction.AUDIT_ACTION_ERASURE,
      actor: "operator",
      code: "RETENTION_EXPIRED",
      detail: "alert erased messages=3 records=1 intake=1 delivery=2 return=0 deadletter=0",
    });
    const t = buildTimeline(ALERT, [...TRAIL, erased]);
    expect(t.entries.at(-1)).toMatchObject({ stage: "erasure", actor: "operator", code: "RETENTION_EXPIRED" });
    expect(renderTimeline(t, undefined)).toMatch(
      /#7\s+erasure\s+operator\s+v1 RETENTION_EXPIRED alert erased messages=3 records=1 intake=1 delivery=2/,
    );
  });

  it("counts a trail of consultations only as empty (an unknown alert id)", () => {
    expect(isEmptyTrail(buildTimeline(ALERT, TRAIL.slice(6)))).toBe(true);
  });
});
