import { AuditAction, newAlertId, Purpose } from "@ariadne/contracts";
import { describe, expect, it } from "vitest";
import { AuditError, alterationEvent, combinationEvent, decisionEvent, erasureEvent } from "../src/mod.ts";
import { alertRef, ctx, POLICY_VERSION, sha, WHY } from "./support/events.ts";

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return err instanceof AuditError ? err.code : "NOT_AN_AUDIT_ERROR";
  }
  return undefined;
}

const STATED = { purposes: [Purpose.PURPOSE_CRIMINAL_ANALYSIS] };

describe("alteration, combination, erasure: what the emitters now give them", () => {
  const alert = alertRef({ version: 2 });

  it("alteration: the superseded manifest digest, when known, as a hex token; never another size", () => {
    const e = alterationEvent(ctx(), { alert, supersedesVersion: 1, supersededDigest: sha("v1"), why: STATED });
    expect(e.detail).toBe(
      `new version supersedes version=1 superseded_sha256=${Buffer.from(sha("v1")).toString("hex")}`,
    );
    expect(e.purposes).toEqual(STATED.purposes);
    expect(e.legalBasis).toBe("");
    expect(
      codeOf(() => alterationEvent(ctx(), { alert, supersedesVersion: 1, supersededDigest: sha("v1").slice(1) })),
    ).toBe("INVALID_EVENT");
  });

  it("combination: the stated purposes suffice; none at all, or an empty legal basis, do not", () => {
    const linked = [newAlertId()];
    const e = combinationEvent(ctx(), { alert, linkedAlertIds: linked, why: STATED });
    expect(e.action).toBe(AuditAction.AUDIT_ACTION_COMBINATION);
    expect(e.purposes).toEqual(STATED.purposes);
    expect(codeOf(() => combinationEvent(ctx(), { alert, linkedAlertIds: linked, why: { purposes: [] } }))).toBe(
      "INVALID_EVENT",
    );
    expect(
      codeOf(() => combinationEvent(ctx(), { alert, linkedAlertIds: linked, why: { ...WHY, legalBasis: "" } })),
    ).toBe("INVALID_EVENT");
  });

  it("erasure: counts of what is removed, never what it was; the same id however often it is retried", () => {
    const e = erasureEvent(ctx("operator"), {
      alert,
      reasonCode: "RETENTION_EXPIRED",
      why: WHY,
      scope: { messages: 5, records: 2 },
    });
    expect(e.detail).toBe("alert erased messages=5 records=2");
    const retried = erasureEvent(ctx("operator"), { alert, reasonCode: "RETENTION_EXPIRED", why: WHY });
    expect(retried.eventId).toBe(e.eventId);
    expect(
      codeOf(() =>
        erasureEvent(ctx("operator"), { alert, reasonCode: "X_Y", why: WHY, scope: { messages: -1, records: 0 } }),
      ),
    ).toBe("INVALID_EVENT");
  });

  it("erasure: the messages per stream, every stream named, adding up to the total", () => {
    const input = { alert, reasonCode: "RETENTION_EXPIRED", why: WHY };
    const e = erasureEvent(ctx("operator"), {
      ...input,
      scope: { messages: 9, records: 3, streams: { intake: 1, delivery: 6, return: 2 } },
    });
    expect(e.detail).toBe("alert erased messages=9 records=3 intake=1 delivery=6 return=2 deadletter=0");
    // The breakdown is not part of what identifies the erasure: a retry with nothing left logs once.
    const empty = { messages: 0, records: 0, streams: {} };
    expect(erasureEvent(ctx("operator"), { ...input, scope: empty }).eventId).toBe(e.eventId);
    const bad = (streams: Record<string, number>) => () =>
      erasureEvent(ctx("operator"), { ...input, scope: { messages: 2, records: 0, streams } });
    expect(codeOf(bad({ intake: 1 }))).toBe("INVALID_EVENT");
    expect(codeOf(bad({ intake: 1, elsewhere: 1 }))).toBe("INVALID_EVENT");
    expect(codeOf(bad({ intake: 3, delivery: -1 }))).toBe("INVALID_EVENT");
  });

  it("decision: a first policy version other than the deciding one is named; a malformed one refused", () => {
    const input = {
      alert,
      policyVersion: POLICY_VERSION,
      decisions: [{ recipient: "europol", delivered: true, ruleIds: ["europol#fields"], reasonCode: "ALLOWED" }],
    };
    const first = "b".repeat(64);
    expect(decisionEvent(ctx(), { ...input, firstPolicyVersion: first }).detail).toBe(
      `candidates=1 delivered=1 first_policy_version=${first}`,
    );
    expect(decisionEvent(ctx(), { ...input, firstPolicyVersion: POLICY_VERSION }).detail).toBe(
      "candidates=1 delivered=1",
    );
    expect(codeOf(() => decisionEvent(ctx(), { ...input, firstPolicyVersion: "Bucharest" }))).toBe("INVALID_EVENT");
  });
});
