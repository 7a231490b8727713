import { AuditAction, AuditEvent, newAlertId, Purpose } from "@ariadne/contracts";
import { describe, expect, it } from "vitest";
import {
  AuditError,
  alterationEvent,
  collectionEvent,
  combinationEvent,
  consultationEvent,
  deadLetterEvent,
  decisionEvent,
  decodeAuditEvent,
  disclosureEvent,
  EVENT_ID,
  encodeAuditEvent,
  erasureEvent,
  evidenceEvent,
  rejectionEvent,
} from "../src/mod.ts";
import { AT, alertRef, ctx, POLICY_VERSION, sha, WHY } from "./support/events.ts";

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return err instanceof AuditError ? err.code : "NOT_AN_AUDIT_ERROR";
  }
  return undefined;
}

const LATER = new Date(AT.getTime() + 60_000);

describe("audit event builders", () => {
  const alert = alertRef();

  it("collection: who, when, which alert version and manifest", () => {
    const e = collectionEvent(ctx(), { alert });
    expect(e.action).toBe(AuditAction.AUDIT_ACTION_COLLECTION);
    expect(e).toMatchObject({ actor: "router", alertId: alert.alertId, version: 1, originator: "ncp.de" });
    expect(e.manifestDigest).toEqual(alert.manifestDigest);
    expect(e.occurredAt).toEqual(AT);
    expect(e.eventId).toMatch(EVENT_ID);
  });

  it("a retried emission has the same event id; another operation has another", () => {
    const first = collectionEvent(ctx("router", AT), { alert });
    const retry = collectionEvent(ctx("router", LATER), { alert });
    expect(retry.eventId).toBe(first.eventId);
    expect(collectionEvent(ctx(), { alert: { ...alert, version: 2 } }).eventId).not.toBe(first.eventId);
    expect(collectionEvent(ctx("adapter.europol"), { alert }).eventId).not.toBe(first.eventId);
    const routed = (step: "routed" | "transferred") =>
      disclosureEvent(ctx(), {
        alert,
        recipient: "europol",
        copyId: `${alert.alertId}.1.europol`,
        copyDigest: sha("copy"),
        why: WHY,
        step: step === "routed" ? { kind: "routed" } : { kind: "transferred", channel: "siena" },
      }).eventId;
    expect(routed("routed")).not.toBe(routed("transferred"));
  });

  it("alteration names the version it supersedes", () => {
    const e = alterationEvent(ctx(), { alert: { ...alert, version: 3 }, supersedesVersion: 2 });
    expect(e.action).toBe(AuditAction.AUDIT_ACTION_ALTERATION);
    expect(e.detail).toBe("new version supersedes version=2");
    expect(codeOf(() => alterationEvent(ctx(), { alert, supersedesVersion: 1 }))).toBe("INVALID_EVENT");
  });

  it("consultation: the officer, the request, what was read and why", () => {
    const e = consultationEvent(ctx("adapter.europol"), {
      officer: "officer.europol.jdoe",
      requestId: "0197f0a2-7c1e-7d3a-9b7e-2f1a3c4d5e6f",
      query: {
        kind: "feed",
        params: { since: "2025-06-12T00:00:00Z", crime_area: "CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS" },
      },
      why: WHY,
      resultAlertIds: [alert.alertId],
    });
    expect(e.action).toBe(AuditAction.AUDIT_ACTION_CONSULTATION);
    expect(e.officer).toBe("officer.europol.jdoe");
    expect(e.query).toBe("feed crime_area=CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS since=2025-06-12T00:00:00Z");
    expect(e.linkedAlertIds).toEqual([alert.alertId]);
    expect(e.legalBasis).toBe(WHY.legalBasis);
    expect(
      codeOf(() =>
        consultationEvent(ctx(), {
          officer: "officer.europol.jdoe",
          requestId: "r1",
          query: { kind: "trail" },
          why: { ...WHY, legalBasis: "" },
        }),
      ),
    ).toBe("INVALID_EVENT");
  });

  it("disclosure and transfer: recipient, legal basis, rules and the digest of the copy", () => {
    const e = disclosureEvent(ctx("adapter.europol"), {
      alert,
      recipient: "europol",
      copyId: `${alert.alertId}.1.europol`,
      copyDigest: sha("copy"),
      why: WHY,
      step: { kind: "transferred", channel: "siena", channelReference: "SIENA-2025-000417" },
      policyVersion: POLICY_VERSION,
    });
    expect(e.action).toBe(AuditAction.AUDIT_ACTION_DISCLOSURE);
    expect(e.recipients).toEqual(["europol"]);
    expect(e.ruleIds).toEqual(WHY.ruleIds);
    expect(e.purposes).toEqual([Purpose.PURPOSE_CRIMINAL_ANALYSIS]);
    expect(e.copyDigest).toEqual(sha("copy"));
    expect(e.detail).toBe("copy transferred channel=siena reference=SIENA-2025-000417");
  });

  it("combination lists the linked alerts, sorted, once each", () => {
    const a = newAlertId();
    const b = newAlertId();
    const e = combinationEvent(ctx(), { alert, linkedAlertIds: [b, a, b], why: WHY });
    expect(e.action).toBe(AuditAction.AUDIT_ACTION_COMBINATION);
    expect(e.linkedAlertIds).toEqual([a, b].sort());
  });

  it("erasure keeps ids, digests and the reason code, nothing of the content", () => {
    const e = erasureEvent(ctx("operator"), { alert, reasonCode: "RETENTION_EXPIRED", why: WHY });
    expect(e.action).toBe(AuditAction.AUDIT_ACTION_ERASURE);
    expect(e.code).toBe("RETENTION_EXPIRED");
    expect(e.detail).toBe("alert erased");
  });

  it("rejection: identified by the digest of what was received, alert id optional", () => {
    const e = rejectionEvent(ctx(), {
      publisher: "ncp.de",
      code: "SIGNATURE_INVALID",
      receivedDigest: sha("bytes"),
      notice: Uint8Array.of(1, 2, 3),
    });
    expect(e.action).toBe(AuditAction.AUDIT_ACTION_REJECTION);
    expect(e.alertId).toBe("");
    expect(e.originator).toBe("ncp.de");
    expect(e.artefact).toEqual(Uint8Array.of(1, 2, 3));
    expect(
      rejectionEvent(ctx("router", LATER), { publisher: "ncp.de", code: "X_Y", receivedDigest: sha("bytes") }).eventId,
    ).toBe(e.eventId);
  });

  it("decision: one RoutingDecision per candidate recipient, delivered or not", () => {
    const e = decisionEvent(ctx(), {
      alert,
      policyVersion: POLICY_VERSION,
      purposes: [Purpose.PURPOSE_CRIMINAL_ANALYSIS],
      decisions: [
        {
          recipient: "europol",
          delivered: true,
          ruleIds: ["europol.thb"],
          reasonCode: "ALLOWED",
          legalBasis: WHY.legalBasis,
          disclosedCount: 12,
          withheldCount: 3,
          handlingNotice: "Not to be used in judicial proceedings without the provider's permission (H1).",
        },
        {
          recipient: "frontex",
          delivered: false,
          ruleIds: ["frontex.crime_areas"],
          reasonCode: "CRIME_AREA_OUT_OF_MANDATE",
          reason: "crime area not in the recipient's mandate",
        },
      ],
    });
    expect(e.action).toBe(AuditAction.AUDIT_ACTION_DECISION);
    expect(e.decisions.map((d) => [d.recipient, d.delivered, d.reasonCode])).toEqual([
      ["europol", true, "ALLOWED"],
      ["frontex", false, "CRIME_AREA_OUT_OF_MANDATE"],
    ]);
    expect(e.recipients).toEqual(["europol"]);
    expect(e.ruleIds).toEqual(["europol.thb", "frontex.crime_areas"]);
    expect(e.policyVersion).toBe(POLICY_VERSION);
    expect(e.detail).toBe("candidates=2 delivered=1");
  });

  it("dead letter: stage, message, attempts and code", () => {
    const e = deadLetterEvent(ctx("adapter.europol"), {
      stage: "adapter.europol",
      messageId: `${alert.alertId}.1.europol`,
      code: "CHANNEL_UNAVAILABLE",
      attempts: 8,
      alert,
      recipient: "europol",
    });
    expect(e.action).toBe(AuditAction.AUDIT_ACTION_DEAD_LETTER);
    expect(e.detail).toBe(`dead lettered stage=adapter.europol message_id=${alert.alertId}.1.europol attempts=8`);
  });

  it("evidence: a receipt or reply, as its exact signed bytes", () => {
    const e = evidenceEvent(ctx("adapter.europol"), {
      kind: "receipt",
      direction: "issued",
      artefactId: newAlertId(),
      artefact: Uint8Array.of(9, 9),
      evidenceCode: "EVIDENCE_DELIVERY",
      alert,
      recipient: "europol",
    });
    expect(e.action).toBe(AuditAction.AUDIT_ACTION_EVIDENCE);
    expect(e.artefact).toEqual(Uint8Array.of(9, 9));
    expect(e.detail).toBe("receipt issued evidence=EVIDENCE_DELIVERY");
  });

  it("encodes for signing and decodes with the same guard", () => {
    const e = collectionEvent(ctx(), { alert });
    expect(decodeAuditEvent(encodeAuditEvent(e))).toEqual(e);
    const smuggled = AuditEvent.encode({ ...e, detail: "Maria Popescu" }).finish();
    expect(codeOf(() => decodeAuditEvent(smuggled))).toBe("PERSONAL_DATA_RISK");
    expect(codeOf(() => decodeAuditEvent(Uint8Array.of(0xff, 0xff)))).toBe("MALFORMED");
  });
});
