import { H } from "@ariadne/bus";
import { RejectionNotice } from "@ariadne/contracts";
import { ENVELOPE_ERROR_CODES, MESSAGE_TYPES, openAlert, sealAlert } from "@ariadne/envelope";
import { createTestKeys } from "@ariadne/testing";
import { describe, expect, it } from "vitest";
import {
  buildRejectionNotice,
  claimedIds,
  MAX_FIELD_ERRORS,
  REJECTION_DETAILS,
  type RejectionInput,
  sealRejection,
} from "../src/mod.ts";
import { example } from "./support/alerts.ts";

const keys = await createTestKeys();
const router = await keys.signer("router");
const digest = new Uint8Array(32).fill(0xab);
const base: RejectionInput = {
  publisher: "ncp.de",
  refusal: { code: "SIGNATURE_INVALID", fields: [] },
  ids: { alertId: "", version: 0, verified: false },
  receivedDigest: digest,
  receivedDigestHex: Buffer.from(digest).toString("hex"),
  intakeSequence: 42,
  issuedAt: new Date("2026-01-01T00:00:00Z"),
};
const manyFields = Array.from({ length: 400 }, (_, i) => ({
  path: `persons[${i}].ageBand`,
  code: "MINOR_WITHOUT_AGE_BAND",
  message: "a minor must carry a minor's age band; this one has none, or an adult's, which contradicts the flag",
}));

describe("rejection notices", () => {
  it("every rejection code has fixed, non-personal detail text", () => {
    for (const code of [...ENVELOPE_ERROR_CODES, "VALIDATION_FAILED" as const]) {
      expect(REJECTION_DETAILS[code], code).toMatch(/^[a-z][a-z ,;'-]+$/);
    }
  });

  it("states the code, the received digest and the intake sequence; ids are stable per intake message", () => {
    const { notice, msgId } = buildRejectionNotice(base);
    expect(notice).toMatchObject({
      publisher: "ncp.de",
      code: "SIGNATURE_INVALID",
      detail: REJECTION_DETAILS.SIGNATURE_INVALID,
      intakeSequence: 42,
      alertId: "",
      version: 0,
    });
    expect(notice.receivedDigest).toEqual(digest);
    expect(notice.noticeId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const again = buildRejectionNotice({ ...base, issuedAt: new Date() });
    expect([again.notice.noticeId, again.msgId]).toEqual([notice.noticeId, msgId]);
    const other = buildRejectionNotice({ ...base, intakeSequence: 43 });
    expect(other.notice.noticeId).not.toBe(notice.noticeId);
    expect(other.msgId).not.toBe(msgId);
  });

  it("lists at most MAX_FIELD_ERRORS field errors and says how many more there were", () => {
    const { notice } = buildRejectionNotice({ ...base, refusal: { code: "VALIDATION_FAILED", fields: manyFields } });
    expect(notice.fieldErrors).toHaveLength(MAX_FIELD_ERRORS);
    expect(notice.fieldErrors[0]).toEqual(manyFields[0]);
    expect(notice.detail).toContain(`${400 - MAX_FIELD_ERRORS} more field errors`);
  });

  it("signs as the router and shrinks the field list until the envelope fits the evidence limit", () => {
    const input = { ...base, refusal: { code: "VALIDATION_FAILED" as const, fields: manyFields } };
    const { bytes, notice } = sealRejection(input, router, 4096);
    expect(bytes.length).toBeLessThanOrEqual(4096);
    expect(notice.fieldErrors.length).toBeGreaterThan(0);
    expect(notice.fieldErrors.length).toBeLessThan(MAX_FIELD_ERRORS);
    const verified = keys.verifier().verify(bytes, { type: MESSAGE_TYPES.RejectionNotice });
    expect(verified.party).toBe("router");
    expect(RejectionNotice.decode(verified.payload).noticeId).toBe(notice.noticeId);
  });
});

describe("claimedIds: what a notice may name", () => {
  const headers =
    (values: Record<string, string>) =>
    (name: string): string | undefined =>
      values[name];
  const names = { alertId: H.alertId, version: H.alertVersion };

  it("a verified manifest's ids win over headers", async () => {
    const alert = example("labour-fake-job-ads.yaml");
    const opened = openAlert(sealAlert(alert, await keys.signer("ncp.nl")), keys.verifier());
    const ids = claimedIds(opened, headers({ [H.alertId]: "other", [H.alertVersion]: "9" }), names);
    expect(ids).toEqual({ alertId: alert.header?.alertId, version: 1, verified: true });
  });

  const cases: [string, Record<string, string>, { alertId: string; version: number }][] = [
    [
      "id-like headers",
      { [H.alertId]: "019380a2-6c1e-7a3b-9f10-2b7c4d5e6f01", [H.alertVersion]: "2" },
      { alertId: "019380a2-6c1e-7a3b-9f10-2b7c4d5e6f01", version: 2 },
    ],
    [
      "a header with spaces (could be anything)",
      { [H.alertId]: "Maria Popescu", [H.alertVersion]: "1" },
      { alertId: "", version: 0 },
    ],
    ["a version that is not a number", { [H.alertId]: "a-1", [H.alertVersion]: "one" }, { alertId: "", version: 0 }],
    ["a version beyond uint32", { [H.alertId]: "a-1", [H.alertVersion]: String(2 ** 32) }, { alertId: "", version: 0 }],
    ["no headers", {}, { alertId: "", version: 0 }],
  ];
  for (const [name, values, expected] of cases) {
    it(`unverified: ${name}`, () => {
      expect(claimedIds(undefined, headers(values), names)).toEqual({ ...expected, verified: false });
    });
  }
});
