import { readFileSync } from "node:fs";
import {
  AgeBand,
  type CaseAlert,
  crimeAreaToJSON,
  dataSubjectCategoryToJSON,
  exploitationFormToJSON,
  HandlingCode,
  handlingCodeToJSON,
  presentUnits,
  purposeToJSON,
} from "@ariadne/contracts";
import { decide, parseMandates, validateAlert } from "@ariadne/policy";
import { arbitraryAlert } from "@ariadne/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { NOW, SHIPPED_MANDATES } from "./fixtures.ts";

/**
 * The oracle: the shipped mandates read straight from the YAML with enum *names*, and each
 * rule re-stated in the plainest way, without anything from the policy library but decide()
 * under test. If decide() and this disagree, one of them misreads the mandates.
 */
interface RawMandate {
  id: string;
  third_party: boolean;
  crime_areas: string[];
  exploitation_forms: string[];
  purposes: string[];
  handling_codes: string[];
  fields: string[];
  persons: Record<string, string[] | undefined>;
  minors: { fields: string[]; identity_fields?: string[]; identity_purposes?: string[]; text_fields?: string[] };
}
const bytes = readFileSync(SHIPPED_MANDATES);
const RAW: Map<string, RawMandate> = new Map(
  (parse(bytes.toString("utf8")) as { recipients: RawMandate[] }).recipients.map((m) => [m.id, m]),
);
const MANDATES = parseMandates(bytes);
const MINOR_BANDS = new Set([AgeBand.AGE_BAND_0_12, AgeBand.AGE_BAND_13_15, AgeBand.AGE_BAND_16_17]);
const UNIT = /^([a-z_]+)\[([^\]]+)\]\.([a-z_0-9]+)$/;

/** Why the oracle refuses a unit for a recipient, or undefined when the mandate allows it. */
function oracleRefuses(m: RawMandate, alert: CaseAlert, unit: string): string | undefined {
  const purposes = (alert.header?.purposes ?? []).map(purposeToJSON);
  const identityReleased = purposes.some((p) => (m.minors.identity_purposes ?? []).includes(p));
  const isMinor = (p: CaseAlert["persons"][number]) => p.minor || MINOR_BANDS.has(p.ageBand);
  const match = UNIT.exec(unit);
  if (match && match[1] === "persons") {
    const [, , ref, field] = match;
    const person = alert.persons.find((p) => p.ref === ref);
    if (!person) return "no such person";
    const pattern = `persons.${field}`;
    if (!(m.persons[dataSubjectCategoryToJSON(person.category)] ?? []).includes(pattern)) return "category";
    if (isMinor(person)) {
      const ok =
        m.minors.fields.includes(pattern) || (identityReleased && (m.minors.identity_fields ?? []).includes(pattern));
      if (!ok) return "minor";
    }
    return undefined;
  }
  const pattern = match ? `${match[1]}.${match[3]}` : unit;
  if (!m.fields.includes(pattern)) return "fields";
  if (alert.persons.some(isMinor) && !identityReleased && (m.minors.text_fields ?? []).includes(pattern)) {
    return "minor text";
  }
  return undefined;
}

describe("decide against the shipped mandates, on random valid alerts", () => {
  it("never lets a unit, a recipient or a handling code outside the mandate through (10,000 alerts)", () => {
    const seen = {
      alerts: 0,
      delivered: 0,
      refused: 0,
      minors: 0,
      minorUnitsWithheld: 0,
      restricted: 0,
      thirdParty: 0,
    };
    fc.assert(
      fc.property(arbitraryAlert(), (alert) => {
        seen.alerts++;
        expect(validateAlert(alert, { now: NOW })).toEqual([]);
        const units = presentUnits(alert);
        const unitSet = new Set(units);
        const h = alert.handling;
        const code = h?.code ?? HandlingCode.HANDLING_CODE_UNSPECIFIED;
        const restricted = code === HandlingCode.HANDLING_CODE_H2 || code === HandlingCode.HANDLING_CODE_H3;
        const decisions = decide(alert, units, MANDATES);
        // Plain checks collected per alert: one expect per alert keeps 10,000 runs fast.
        const bad: string[] = [];
        const check = (ok: boolean, what: string) => {
          if (!ok) bad.push(what);
        };
        check(
          decisions.map((d) => d.recipient).join() ===
            [...RAW.keys()].filter((id) => id !== alert.header?.originator).join(),
          "candidates are every mandate's recipient but the originator",
        );
        for (const d of decisions) {
          const m = RAW.get(d.recipient);
          if (!m) throw new Error(`decision for a recipient without mandate: ${d.recipient}`);
          const r = d.recipient;
          check(
            d.allowedUnits.every((u) => unitSet.has(u)),
            `${r}: allowed units are a subset of the units`,
          );
          check(d.withheldCount === units.length - d.allowedUnits.length, `${r}: withheld count`);
          if (!d.delivered) {
            seen.refused++;
            check(d.allowedUnits.length === 0, `${r}: a refused copy holds nothing`);
            continue;
          }
          seen.delivered++;
          // The recipient: in scope, permitted, consented, accepting the handling code.
          check(m.crime_areas.includes(crimeAreaToJSON(alert.crimeArea)), `${r}: crime area`);
          const forms = alert.exploitationForms.map(exploitationFormToJSON);
          check(forms.length === 0 || forms.some((f) => m.exploitation_forms.includes(f)), `${r}: forms`);
          const purposes = (alert.header?.purposes ?? []).map(purposeToJSON);
          check(
            purposes.some((p) => m.purposes.includes(p)),
            `${r}: purposes`,
          );
          check(m.handling_codes.includes(handlingCodeToJSON(code)), `${r}: handling code accepted`);
          if (restricted) {
            seen.restricted++;
            check(h?.permittedRecipients.includes(r) === true, `${r}: H2/H3 only to permitted recipients`);
          }
          if (m.third_party) {
            seen.thirdParty++;
            check(h?.thirdPartyConsent.includes(r) === true, `${r}: third party only with consent`);
          }
          if (code === HandlingCode.HANDLING_CODE_H1) {
            check(d.handlingNotice.includes("not to be used in judicial proceedings"), `${r}: H1 stamp`);
          }
          // Every unit of the copy.
          check(d.allowedUnits.includes("handling"), `${r}: the handling unit travels`);
          for (const u of d.allowedUnits) {
            const why = oracleRefuses(m, alert, u);
            check(why === undefined, `${r}: ${u} outside the mandate (${why})`);
          }
          // A minor's units the minors rule keeps back stay back.
          const allowed = new Set(d.allowedUnits);
          for (const p of alert.persons.filter((x) => x.minor || MINOR_BANDS.has(x.ageBand))) {
            seen.minors++;
            for (const u of units) {
              if (!u.startsWith(`persons[${p.ref}].`) || oracleRefuses(m, alert, u) !== "minor") continue;
              seen.minorUnitsWithheld++;
              check(!allowed.has(u), `${r}: minor's ${u} released`);
            }
          }
        }
        expect(bad).toEqual([]);
      }),
      { numRuns: 10_000 },
    );
    // The generator must reach every rule, or the property proves little.
    expect(seen.alerts).toBeGreaterThanOrEqual(10_000);
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(100);
  }, 600_000);
});
