import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AuditError,
  assertAuditEventSafe,
  CITATION_WORDS,
  collectionEvent,
  consultationEvent,
  deadLetterEvent,
  decisionEvent,
  disclosureEvent,
  isSafeCitation,
  isSafePhrase,
} from "../src/mod.ts";
import { alertRef, ctx, EUROPOL_BASIS, POLICY_VERSION, sha, WHY } from "./support/events.ts";

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return err instanceof AuditError ? err.code : "NOT_AN_AUDIT_ERROR";
  }
  return undefined;
}

const alert = alertRef();
const base = collectionEvent(ctx(), { alert });
const decided = decisionEvent(ctx(), {
  alert,
  policyVersion: POLICY_VERSION,
  decisions: [{ recipient: "europol", delivered: true, ruleIds: ["europol.thb"], reasonCode: "ALLOWED" }],
});

/** Capitalised words outside the legal vocabulary: how names and places look. */
const nameArb = fc.stringMatching(/^[A-Z][a-zäöüéè]{2,11}$/).filter((w) => !CITATION_WORDS.has(w));

describe("personal-data guard", () => {
  it("accepts the legal bases, handling notices and reasons mandates use", () => {
    for (const text of [
      EUROPOL_BASIS,
      "Regulation (EU) 2018/1727 (Eurojust Regulation), Art. 2 and Annex I; Art. 21(4)",
      "Regulation (EU) 2019/1896 (European Border and Coast Guard), Arts. 87–90: personal data for risk analysis only",
      "Directive (EU) 2016/680, Art. 25",
      "Use only to prevent or combat crime within the recipient's mandate (H0).",
      "Not to be used in judicial proceedings without the provider's permission (H1).",
      "Not to be disseminated without the provider's permission (H2).",
      "crime area not in the recipient's mandate",
    ]) {
      expect(isSafeCitation(text, 2000), text).toBe(true);
    }
  });

  it("accepts what libs/policy writes: '#' rule ids, reasons naming parties and paths, legal possessives", () => {
    for (const text of [
      "within the mandate of ncp.de: 99 of 100 units disclosed, 1 withheld",
      "ncp.ua is a third party and the originator did not consent to this transfer (handling.third_party_consent)",
      "H2: the originator did not name officer.ncp-nl.jansen among the permitted recipients",
      "only where strictly necessary for the Agency's tasks",
      "Council of Europe Convention on Action against Trafficking in Human Beings (CETS No. 197), Art. 32-33.",
    ]) {
      expect(isSafeCitation(text, 2000), text).toBe(true);
    }
    for (const text of ["for Maria's family", "as Popescu.Maria said", "seen in Bucharest's port"]) {
      expect(isSafeCitation(text, 2000), text).toBe(false);
    }
    const policyRules = ["frontex#persons.DATA_SUBJECT_CATEGORY_VICTIM", "policy#handling.H1", "ncp.ua#third_party"];
    expect(codeOf(() => assertAuditEventSafe({ ...base, ruleIds: policyRules }))).toBeUndefined();
    expect(codeOf(() => assertAuditEventSafe({ ...base, ruleIds: ["#frontex"] }))).toBe("PERSONAL_DATA_RISK");
  });

  it("refuses names, places and quoted values wherever text goes", () => {
    expect(codeOf(() => assertAuditEventSafe({ ...base, detail: "Maria Popescu" }))).toBe("PERSONAL_DATA_RISK");
    expect(codeOf(() => assertAuditEventSafe({ ...base, detail: "field persons[0].name is too long" }))).toBe(
      "PERSONAL_DATA_RISK",
    );
    expect(codeOf(() => assertAuditEventSafe({ ...base, legalBasis: `${EUROPOL_BASIS} as Hans Müller asked` }))).toBe(
      "PERSONAL_DATA_RISK",
    );
    expect(codeOf(() => assertAuditEventSafe({ ...base, officer: "Maria Popescu" }))).toBe("PERSONAL_DATA_RISK");
    expect(codeOf(() => assertAuditEventSafe({ ...base, ruleIds: ["Maria"] }))).toBe("PERSONAL_DATA_RISK");
    expect(codeOf(() => assertAuditEventSafe({ ...base, alertId: "Maria" }))).toBe("PERSONAL_DATA_RISK");
    expect(codeOf(() => assertAuditEventSafe({ ...base, code: "seen in Bucharest" }))).toBe("PERSONAL_DATA_RISK");
    expect(codeOf(() => assertAuditEventSafe({ ...base, traceId: "Maria" }))).toBe("PERSONAL_DATA_RISK");
    expect(codeOf(() => assertAuditEventSafe({ ...base, policyVersion: "v1 by Maria" }))).toBe("PERSONAL_DATA_RISK");
    expect(
      codeOf(() =>
        decisionEvent(ctx(), {
          alert,
          policyVersion: POLICY_VERSION,
          decisions: [
            {
              recipient: "frontex",
              delivered: false,
              ruleIds: ["frontex.x"],
              reasonCode: "NO",
              reason: "victim in Bucharest",
            },
          ],
        }),
      ),
    ).toBe("PERSONAL_DATA_RISK");
    expect(
      codeOf(() =>
        consultationEvent(ctx(), {
          officer: "officer.europol.jdoe",
          requestId: "r-1",
          query: { kind: "events", params: { name: "Popescu" } },
          why: WHY,
        }),
      ),
    ).toBe("PERSONAL_DATA_RISK");
    expect(
      codeOf(() =>
        disclosureEvent(ctx(), {
          alert,
          recipient: "europol",
          copyId: "c",
          copyDigest: sha("c"),
          why: WHY,
          step: { kind: "transferred", channel: "siena", channelReference: "Popescu" },
        }),
      ),
    ).toBe("PERSONAL_DATA_RISK");
    expect(
      codeOf(() => deadLetterEvent(ctx(), { stage: "Maria", messageId: "m-1", code: "GAVE_UP", attempts: 3 })),
    ).toBe("PERSONAL_DATA_RISK");
  });

  it("a capitalised name anywhere in any text field is refused (property)", () => {
    fc.assert(
      fc.property(nameArb, fc.nat({ max: 4 }), (name, where) => {
        const variants = [
          { ...base, detail: `alert received ${name}` },
          { ...base, legalBasis: `${EUROPOL_BASIS} ${name}` },
          { ...base, query: `trail party=${name}` },
          { ...base, detail: `copy routed reference=${name}` },
          {
            ...decided,
            decisions: decided.decisions.map((d) => ({ ...d, handlingNotice: `Not to be disseminated, ${name}` })),
          },
        ];
        expect(codeOf(() => assertAuditEventSafe(variants[where] ?? base))).toBe("PERSONAL_DATA_RISK");
        expect(isSafePhrase(name, 240)).toBe(false);
        expect(isSafeCitation(name, 2000)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("structural problems are INVALID_EVENT", () => {
    expect(codeOf(() => assertAuditEventSafe({ ...base, eventId: "e1" }))).toBe("INVALID_EVENT");
    expect(codeOf(() => assertAuditEventSafe({ ...base, actor: "" }))).toBe("INVALID_EVENT");
    expect(codeOf(() => assertAuditEventSafe({ ...base, manifestDigest: new Uint8Array(5) }))).toBe("INVALID_EVENT");
    expect(codeOf(() => assertAuditEventSafe({ ...base, occurredAt: undefined }))).toBe("INVALID_EVENT");
    expect(codeOf(() => assertAuditEventSafe({ ...base, artefact: new Uint8Array(64 * 1024) }))).toBe("INVALID_EVENT");
    expect(codeOf(() => collectionEvent(ctx(), { alert: { ...alert, manifestDigest: new Uint8Array(0) } }))).toBe(
      "INVALID_EVENT",
    );
  });

  it("text stays bounded", () => {
    expect(isSafePhrase("alert ".repeat(60).trim(), 240)).toBe(false);
    expect(isSafeCitation(`${EUROPOL_BASIS} `.repeat(30), 2000)).toBe(false);
    expect(isSafeCitation("Regulation\u0000(EU)", 2000)).toBe(false);
  });
});
