import { AlertManifest, CaseAlert, Disclosure, presentUnits } from "@ariadne/contracts";
import { createTestKeys, type TestKeys } from "@ariadne/testing";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { compareBytes, sha256 } from "../src/bytes.ts";
import {
  type EnvelopeErrorCode,
  encodeEnvelope,
  minimise,
  openAlert,
  SALT_BYTES,
  type Signer,
  sealAlert,
  type Verifier,
} from "../src/mod.ts";
import { example, examples } from "./support/alerts.ts";
import { arbitraryAlert } from "./support/arbitrary-alert.ts";

let keys: TestKeys;
let verifier: Verifier;
let ncpDe: Signer;

beforeAll(async () => {
  keys = await createTestKeys();
  verifier = keys.verifier();
  ncpDe = await keys.signer("ncp.de");
});

function codeOf(fn: () => unknown): EnvelopeErrorCode | "none" {
  try {
    fn();
    return "none";
  } catch (err) {
    return (err as { code?: EnvelopeErrorCode }).code ?? "none";
  }
}

describe("sealAlert on the examples", () => {
  it.each(examples())(
    "$name: one disclosure per present unit, and opening rebuilds the alert",
    async ({ alert, originator }) => {
      const sealed = sealAlert(alert, await keys.signer(originator));
      const disclosures = sealed.disclosures.map((d) => Disclosure.decode(d));
      expect(disclosures.map((d) => d.path)).toEqual(presentUnits(alert));
      for (const d of disclosures) expect(d.salt).toHaveLength(SALT_BYTES);
      expect(new Set(disclosures.map((d) => Buffer.from(d.salt).toString("hex"))).size).toBe(disclosures.length);

      const manifest = AlertManifest.decode(sealed.payload);
      expect(manifest.alertId).toBe(alert.header?.alertId);
      expect(manifest.originator).toBe(originator);
      expect(manifest.createdAt).toEqual(alert.header?.createdAt);
      const hex = (ds: Uint8Array[]) => ds.map((x) => Buffer.from(x).toString("hex"));
      expect(hex(manifest.digests)).toEqual(hex(sealed.disclosures.map(sha256).sort(compareBytes)));

      const opened = openAlert(encodeEnvelope(sealed), verifier, { party: originator });
      expect(opened.alert).toEqual(alert);
      expect(opened.paths).toEqual(presentUnits(alert));
      expect(opened.withheldCount).toBe(0);
      expect(opened.envelope.signature).toBe(sealed.signature);
      expect(Buffer.from(opened.manifestDigest).equals(sha256(sealed.payload))).toBe(true);
      const i = disclosures.findIndex((d) => d.path === "crime_area");
      expect(hex([opened.digests.get("crime_area") ?? new Uint8Array()])).toEqual(
        hex([sha256(sealed.disclosures[i] as Uint8Array)]),
      );
    },
  );

  it("cuts a field's repeated occurrences into one unit, tags included", () => {
    const alert = example("labour-fake-job-ads.yaml");
    const sealed = sealAlert(alert, ncpDeFor(alert));
    const unit = sealed.disclosures.map((d) => Disclosure.decode(d)).find((d) => d.path === "competent_authorities");
    const expected = CaseAlert.encode(
      CaseAlert.fromPartial({ competentAuthorities: alert.competentAuthorities }),
    ).finish();
    expect(Buffer.from(unit?.value ?? []).equals(Buffer.from(expected))).toBe(true);
  });
});

function ncpDeFor(alert: CaseAlert): Signer {
  // The examples come from several NCPs; re-label one so the de signer may seal it.
  if (alert.header) alert.header.originator = "ncp.de";
  return ncpDe;
}

/**
 * What sealing cannot carry: an entity with nothing but its ref, or a route with no fields,
 * holds no unit (field-paths.ts), so it does not survive. Everything else comes back byte for byte.
 */
function withoutEmptyParts(alert: CaseAlert): CaseAlert {
  const units = presentUnits(alert);
  const hasUnits = (prefix: string) => units.some((u) => u.startsWith(prefix));
  const keep = <T extends { ref: string }>(list: string, es: T[]) => es.filter((e) => hasUnits(`${list}[${e.ref}].`));
  return {
    ...alert,
    route: hasUnits("route.") ? alert.route : undefined,
    persons: keep("persons", alert.persons),
    locations: keep("locations", alert.locations),
    organisations: keep("organisations", alert.organisations),
    vehicles: keep("vehicles", alert.vehicles),
    financialInstruments: keep("financial_instruments", alert.financialInstruments),
    advertisements: keep("advertisements", alert.advertisements),
  };
}

describe("sealAlert on random alerts", () => {
  it("discloses exactly presentUnits(alert), and any subset opens to exactly that subset", () => {
    fc.assert(
      fc.property(arbitraryAlert("ncp.de"), fc.infiniteStream(fc.boolean()), (alert, picks) => {
        const sealed = sealAlert(alert, ncpDe);
        const units = presentUnits(alert);
        const full = openAlert(sealed, verifier);
        expect(full.paths).toEqual(units);
        expect(presentUnits(full.alert)).toEqual(units);
        expect(CaseAlert.encode(full.alert).finish()).toEqual(CaseAlert.encode(withoutEmptyParts(alert)).finish());

        const chosen = units.filter(() => picks.next().value as boolean);
        const copy = openAlert(minimise(sealed, chosen), verifier);
        expect(copy.paths).toEqual(chosen);
        expect(presentUnits(copy.alert)).toEqual(chosen);
        expect(copy.withheldCount).toBe(units.length - chosen.length);
        expect(copy.alert.header?.alertId).toBe(alert.header?.alertId);
        expect(copy.alert.header?.createdAt).toEqual(alert.header?.createdAt);
      }),
      { numRuns: 150 },
    );
  });
});

describe("minimise", () => {
  it("keeps the signed payload and signature and only the allowed disclosures; withheld content is absent", () => {
    const alert = example("minor-sexual-exploitation-online.yaml");
    const sealed = sealAlert(alert, ncpDe);
    const copy = minimise(sealed, ["crime_area", "route.border_crossings", "no.such.path"]);
    expect(copy.payload).toBe(sealed.payload);
    expect(copy.signature).toBe(sealed.signature);
    expect(copy.disclosures).toHaveLength(2);
    const bytes = Buffer.from(encodeEnvelope(copy));
    const name = alert.persons[0]?.name?.familyName ?? "";
    expect(name).not.toBe("");
    expect(bytes.includes(Buffer.from(name))).toBe(false);
    const opened = openAlert(bytes, verifier);
    expect(opened.alert.persons).toEqual([]);
    expect(opened.alert.route?.borderCrossings).toEqual(alert.route?.borderCrossings);
  });
});

describe("ALERT_INVALID: what cannot be sealed", () => {
  const base = () => example("minor-sexual-exploitation-online.yaml");
  it.each([
    ["no header", (a: CaseAlert) => ({ ...a, header: undefined })],
    ["no alert id", (a: CaseAlert) => ({ ...a, header: a.header && { ...a.header, alertId: "" } })],
    ["version 0", (a: CaseAlert) => ({ ...a, header: a.header && { ...a.header, version: 0 } })],
    ["another originator", (a: CaseAlert) => ({ ...a, header: a.header && { ...a.header, originator: "ncp.nl" } })],
    ["an entity without ref", (a: CaseAlert) => ({ ...a, persons: a.persons.map((p) => ({ ...p, ref: "" })) })],
    ["an entity with a bad ref", (a: CaseAlert) => ({ ...a, vehicles: [{ ...CaseAlertVehicle(), ref: "V 1" }] })],
    ["two entities with one ref", (a: CaseAlert) => ({ ...a, persons: [...a.persons, ...a.persons] })],
  ])("%s", (_, mutate) => {
    expect(codeOf(() => sealAlert(mutate(base()), ncpDe))).toBe("ALERT_INVALID");
  });
});

function CaseAlertVehicle() {
  return CaseAlert.fromPartial({ vehicles: [{ ref: "V1", makeModel: "x" }] })
    .vehicles[0] as CaseAlert["vehicles"][number];
}
