import { createHash } from "node:crypto";
import { assertAuditEventSafe } from "@ariadne/audit";
import { AlertLink_Relation, AuditAction, type CaseAlert, newAlertId } from "@ariadne/contracts";
import { openAlert, sealAlert } from "@ariadne/envelope";
import { decide, loadMandatesFile } from "@ariadne/policy";
import { createTestKeys } from "@ariadne/testing";
import { describe, expect, it } from "vitest";
import { linkedAlertIds, routingEvents } from "../src/mod.ts";
import { freshExample, SHIPPED_MANDATES } from "./support/alerts.ts";

const keys = await createTestKeys();
const mandates = await loadMandatesFile(SHIPPED_MANDATES);
const ctx = { actor: "router", occurredAt: new Date(), traceId: "0af7651916cd43dd8448eb211c80319c" };
const EARLIER = Uint8Array.from(createHash("sha256").update("version 1 manifest").digest());

async function opened(alert: CaseAlert) {
  return openAlert(sealAlert(alert, await keys.signer(alert.header?.originator ?? "")), keys.verifier());
}

/** The labour example (no links) under a fresh id, as version `version`, linking `links`. */
function labour(version: number, links: string[] = []): CaseAlert {
  const alert = freshExample("labour-fake-job-ads.yaml", version);
  if (alert.header) {
    alert.header.links = links.map((alertId) => ({ alertId, relation: AlertLink_Relation.RELATION_SAME_CASE }));
  }
  return alert;
}

function eventsOf(o: Awaited<ReturnType<typeof opened>>, history = {}) {
  const events = routingEvents(ctx, o, decide(o.alert, o.paths, mandates), mandates.version, history);
  for (const e of events) assertAuditEventSafe(e);
  return events;
}

describe("router events: alteration, combination, the why of a collection", () => {
  it("a collection carries the purposes the originator stated", async () => {
    const o = await opened(labour(1));
    const [collection] = eventsOf(o);
    expect(collection?.action).toBe(AuditAction.AUDIT_ACTION_COLLECTION);
    expect(collection?.purposes).toEqual(o.alert.header?.purposes);
    expect(collection?.purposes.length).toBeGreaterThan(0);
    expect(collection?.legalBasis).toBe(""); // the contract states no legal basis for an alert
  });

  it("version 2 adds an alteration naming version 1 and, when known, its manifest digest", async () => {
    const o = await opened(labour(2));
    const events = eventsOf(o, { supersededDigest: EARLIER });
    expect(events.map((e) => e.action)).toEqual([
      AuditAction.AUDIT_ACTION_COLLECTION,
      AuditAction.AUDIT_ACTION_ALTERATION,
      AuditAction.AUDIT_ACTION_DECISION,
    ]);
    const alteration = events[1];
    expect(alteration).toMatchObject({ alertId: o.manifest.alertId, version: 2, actor: "router" });
    expect(alteration?.detail).toBe(
      `new version supersedes version=1 superseded_sha256=${Buffer.from(EARLIER).toString("hex")}`,
    );
    expect(alteration?.purposes).toEqual(o.alert.header?.purposes);
    // Unknown earlier digest (the guard forgot it): still an alteration, with the same id.
    const without = eventsOf(o)[1];
    expect(without?.detail).toBe("new version supersedes version=1");
    expect(without?.eventId).toBe(alteration?.eventId);
  });

  it("version 1 is no alteration", async () => {
    const actions = eventsOf(await opened(labour(1))).map((e) => e.action);
    expect(actions).not.toContain(AuditAction.AUDIT_ACTION_ALTERATION);
  });

  it("links add one combination with the linked alert ids, sorted, with the purposes", async () => {
    const [a, b] = [newAlertId(), newAlertId()];
    const o = await opened(labour(1, [b ?? "", a ?? ""]));
    expect(linkedAlertIds(o)).toEqual([b, a]);
    const events = eventsOf(o);
    expect(events.map((e) => e.action)).toEqual([
      AuditAction.AUDIT_ACTION_COLLECTION,
      AuditAction.AUDIT_ACTION_COMBINATION,
      AuditAction.AUDIT_ACTION_DECISION,
    ]);
    const combination = events[1];
    expect(combination?.linkedAlertIds).toEqual([a, b].sort());
    expect(combination?.detail).toBe("alerts linked count=2");
    expect(combination?.purposes).toEqual(o.alert.header?.purposes);
    // A redelivery of the same alert: the same combination id, logged once.
    expect(eventsOf(o)[1]?.eventId).toBe(combination?.eventId);
  });

  it("a version-2 alert with links logs collection, alteration, combination, decision in one append", async () => {
    const o = await opened(labour(2, [newAlertId()]));
    expect(eventsOf(o).map((e) => e.action)).toEqual([
      AuditAction.AUDIT_ACTION_COLLECTION,
      AuditAction.AUDIT_ACTION_ALTERATION,
      AuditAction.AUDIT_ACTION_COMBINATION,
      AuditAction.AUDIT_ACTION_DECISION,
    ]);
  });

  it("a redelivery decided under another version than its first says so in the decision", async () => {
    const o = await opened(labour(1));
    const first = "f".repeat(64);
    const pinned = eventsOf(o).at(-1);
    const fallback = eventsOf(o, { firstPolicyVersion: first }).at(-1);
    expect(fallback?.policyVersion).toBe(mandates.version);
    expect(fallback?.detail).toMatch(new RegExp(`^candidates=\\d+ delivered=\\d+ first_policy_version=${first}$`));
    expect(pinned?.detail).not.toContain("first_policy_version");
    // The same policy version: nothing to say.
    expect(eventsOf(o, { firstPolicyVersion: mandates.version }).at(-1)?.detail).toBe(pinned?.detail);
  });
});
