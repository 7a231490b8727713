import { AuditAction, AuditEvent, Purpose } from "@ariadne/contracts";
import { describe, expect, it } from "vitest";
import type { ErasureReport } from "../src/erase/erase.ts";
import { planErasure, scopeOf } from "../src/erase/plan.ts";
import { parseReasonCode, parseVersion } from "../src/erase/reason.ts";
import { knownVersions } from "../src/erase/refs.ts";
import { renderErasure } from "../src/erase/render.ts";
import type { StoredRef } from "../src/erase/scan.ts";
import { CliError } from "../src/errors.ts";

const ALERT = "019380a2-6c1e-7a3b-9f10-2b7c4d5e6f01";
const OTHER = "019380a2-6c1e-7a3b-9f10-2b7c4d5e6f02";
const digest = (b: number) => new Uint8Array(32).fill(b);

function event(fields: Partial<AuditEvent>): AuditEvent {
  return AuditEvent.fromPartial({ alertId: ALERT, originator: "ncp.nl", ...fields });
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return err instanceof CliError ? err.code : "NOT_A_CLI_ERROR";
  }
  return undefined;
}

const at = (stream: string, seq: number, version: number): StoredRef => ({ stream, seq, version });

describe("erase: the reason, the versions the log knows, the plan", () => {
  it("takes an UPPER_SNAKE reason code and refuses free text without echoing it", () => {
    expect(parseReasonCode(" RETENTION_EXPIRED ")).toBe("RETENTION_EXPIRED");
    for (const bad of ["asked by Jan de Vries", "retention_expired", "R", "A-B", "", "X".repeat(65)]) {
      expect(
        codeOf(() => parseReasonCode(bad)),
        bad,
      ).toBe("USAGE");
    }
    try {
      parseReasonCode("asked by Jan de Vries");
    } catch (err) {
      expect((err as Error).message).not.toContain("Jan");
    }
    expect(parseVersion("2")).toBe(2);
    for (const bad of ["0", "-1", "1.5", "v1"])
      expect(
        codeOf(() => parseVersion(bad)),
        bad,
      ).toBe("USAGE");
  });

  it("identifies versions from the log: the collection wins, a rejection without digest identifies nothing", () => {
    const known = knownVersions(
      [
        event({ action: AuditAction.AUDIT_ACTION_DECISION, version: 1, manifestDigest: digest(1) }),
        event({
          action: AuditAction.AUDIT_ACTION_COLLECTION,
          version: 1,
          manifestDigest: digest(1),
          purposes: [Purpose.PURPOSE_INVESTIGATION],
        }),
        event({ action: AuditAction.AUDIT_ACTION_REJECTION, version: 2 }),
        event({ action: AuditAction.AUDIT_ACTION_COLLECTION, alertId: OTHER, version: 3, manifestDigest: digest(3) }),
        event({ action: AuditAction.AUDIT_ACTION_CONSULTATION, actor: "audit" }),
      ],
      ALERT,
    );
    expect([...known.keys()]).toEqual([1]);
    expect(known.get(1)?.purposes).toEqual([Purpose.PURPOSE_INVESTIGATION]);
    expect(known.get(1)?.ref).toMatchObject({ alertId: ALERT, version: 1, originator: "ncp.nl" });
  });

  it("plans per version: counts per stream, unidentified versions left alone, a known version with nothing left kept", () => {
    const known = knownVersions(
      [1, 3].map((v) => event({ action: AuditAction.AUDIT_ACTION_COLLECTION, version: v, manifestDigest: digest(v) })),
      ALERT,
    );
    const data = {
      messages: [
        at("INTAKE", 1, 1),
        at("DELIVERY", 2, 1),
        at("DELIVERY", 3, 1),
        at("RETURN", 4, 1),
        at("INTAKE", 9, 2),
      ],
      records: [at("KV_ariadne-adapter-europol", 5, 1)],
    };
    const plan = planErasure(known, data);
    expect(plan.versions.map((v) => v.version)).toEqual([1, 3]);
    expect(plan.versions[0]?.scope).toEqual({
      messages: 4,
      records: 1,
      streams: { intake: 1, delivery: 2, return: 1 },
    });
    // Version 3 is in the log but nothing is left: it is logged again (once in the log) and deletes 0.
    expect(plan.versions[1]?.scope).toEqual({ messages: 0, records: 0, streams: {} });
    expect(plan.unidentified).toEqual([{ version: 2, messages: 1, records: 0 }]);
    expect(planErasure(known, data, 3).versions.map((v) => v.version)).toEqual([3]);
    expect(planErasure(known, data, 2)).toEqual({
      versions: [],
      unidentified: [{ version: 2, messages: 1, records: 0 }],
    });
    expect(() => scopeOf([at("AUDIT", 1, 1)], [])).toThrow();
  });

  it("renders ids, codes and counts", () => {
    const report: ErasureReport = {
      alertId: ALERT,
      reasonCode: "RETENTION_EXPIRED",
      versions: [
        {
          version: 1,
          eventId: "ev1-00000000000000000000000000000000",
          auditIndex: 42,
          duplicate: true,
          scope: { messages: 3, records: 1, streams: { intake: 1, delivery: 2 } },
          deleted: { messages: 0, records: 0 },
          alreadyGone: 0,
        },
      ],
      unidentified: [],
      failed: [],
    };
    expect(renderErasure(report)).toBe(
      [
        `erasure of alert ${ALERT} (RETENTION_EXPIRED)`,
        "v1  already logged as #42 (ev1-00000000000000000000000000000000): found 3 message(s) [intake 1, delivery 2], 1 state record(s)",
        "    deleted 0 message(s), 0 record(s)",
      ].join("\n"),
    );
  });
});
