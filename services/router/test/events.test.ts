import { AuditError, assertAuditEventSafe, isSafeCitation, LIMITS } from "@ariadne/audit";
import { AuditAction, HandlingCode } from "@ariadne/contracts";
import { openAlert, sealAlert } from "@ariadne/envelope";
import { decide, handlingNotice, loadMandatesFile } from "@ariadne/policy";
import { createTestKeys } from "@ariadne/testing";
import { describe, expect, it } from "vitest";
import { clip, deadLetterAuditEvent, rejectionAuditEvent, routingEvents } from "../src/mod.ts";
import { EXAMPLES, example, SHIPPED_MANDATES } from "./support/alerts.ts";

const keys = await createTestKeys();
const mandates = await loadMandatesFile(SHIPPED_MANDATES);
const ctx = (occurredAt = new Date()) => ({ actor: "router", occurredAt, traceId: "0af7651916cd43dd8448eb211c80319c" });

async function opened(name: (typeof EXAMPLES)[number]) {
  const alert = example(name);
  return openAlert(sealAlert(alert, await keys.signer(alert.header?.originator ?? "")), keys.verifier());
}

describe("audit events of the router", () => {
  it("the shipped mandates' legal bases and every handling notice pass the personal-data guard", () => {
    for (const m of mandates.recipients) expect(isSafeCitation(m.legalBasis, LIMITS.legalBasis), m.id).toBe(true);
    for (const code of [0, 1, 2, 3].map((i) => HandlingCode.HANDLING_CODE_H0 + i)) {
      expect(isSafeCitation(handlingNotice(code), LIMITS.handlingNotice)).toBe(true);
    }
  });

  for (const name of EXAMPLES) {
    it(`${name}: collection, then one decision with every candidate; the same ids on a redelivery`, async () => {
      const o = await opened(name);
      const decisions = decide(o.alert, o.paths, mandates);
      const events = routingEvents(ctx(), o, decisions, mandates.version);
      const links = (o.alert.header?.links ?? []).length > 0;
      expect(events.map((e) => e.action)).toEqual([
        AuditAction.AUDIT_ACTION_COLLECTION,
        ...(links ? [AuditAction.AUDIT_ACTION_COMBINATION] : []),
        AuditAction.AUDIT_ACTION_DECISION,
      ]);
      const collection = events[0];
      const decision = events.at(-1);
      for (const e of events) expect(() => assertAuditEventSafe(e)).not.toThrow();
      expect(decision?.decisions.map((d) => d.recipient)).toEqual(decisions.map((d) => d.recipient));
      expect(decision?.decisions.map((d) => d.disclosedCount)).toEqual(decisions.map((d) => d.allowedUnits.length));
      expect(decision?.policyVersion).toBe(mandates.version);
      expect(decision?.purposes).toEqual(o.alert.header?.purposes);
      expect(Buffer.from(collection?.manifestDigest ?? []).equals(Buffer.from(o.manifestDigest))).toBe(true);
      const later = routingEvents(ctx(new Date(Date.now() + 60_000)), o, decisions, mandates.version);
      expect(later.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      // Another policy version is another decision.
      expect(routingEvents(ctx(), o, decisions, "0".repeat(64)).at(-1)?.eventId).not.toBe(decision?.eventId);
    });
  }

  it("without candidates, only the collection is logged", async () => {
    const o = await opened("labour-fake-job-ads.yaml");
    expect(routingEvents(ctx(), o, [], mandates.version).map((e) => e.action)).toEqual([
      AuditAction.AUDIT_ACTION_COLLECTION,
    ]);
  });

  it("a rejection names the alert only when it was verified and is a real alert id", () => {
    const input = {
      publisher: "ncp.de",
      code: "SIGNATURE_INVALID",
      receivedDigest: new Uint8Array(32).fill(1),
      notice: new Uint8Array([1, 2, 3]),
    };
    const id = "019380a2-6c1e-7a3b-9f10-2b7c4d5e6f01";
    expect(rejectionAuditEvent(ctx(), { ...input, ids: { alertId: id, version: 1, verified: false } }).alertId).toBe(
      "",
    );
    expect(rejectionAuditEvent(ctx(), { ...input, ids: { alertId: "a-1", version: 1, verified: true } }).alertId).toBe(
      "",
    );
    const named = rejectionAuditEvent(ctx(), { ...input, ids: { alertId: id, version: 1, verified: true } });
    expect([named.alertId, named.version, named.code]).toEqual([id, 1, "SIGNATURE_INVALID"]);
    expect(named.artefact).toEqual(input.notice);
  });

  it("a dead letter is identified by its intake sequence; a code that is not stable is refused", () => {
    const e = deadLetterAuditEvent(ctx(), { intakeSequence: 9, code: "APPEND_REFUSED", attempts: 5 });
    expect(e.action).toBe(AuditAction.AUDIT_ACTION_DEAD_LETTER);
    expect(e.detail).toContain("message_id=INTAKE.9");
    expect(deadLetterAuditEvent(ctx(), { intakeSequence: 9, code: "X_Y", attempts: 6 }).eventId).toBe(
      deadLetterAuditEvent(ctx(), { intakeSequence: 9, code: "Z_Z", attempts: 7 }).eventId,
    );
    let code: string | undefined;
    try {
      deadLetterAuditEvent(ctx(), { intakeSequence: 9, code: "gave up in Bucharest", attempts: 5 });
    } catch (err) {
      code = err instanceof AuditError ? err.code : "OTHER";
    }
    expect(code).toBe("PERSONAL_DATA_RISK");
  });

  it("clip cuts at a word boundary", () => {
    expect(clip("short", 10)).toBe("short");
    expect(clip("one two three", 9)).toBe("one two");
    expect(clip("abcdefghij", 5)).toBe("");
  });
});
