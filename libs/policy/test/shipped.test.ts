import { readFileSync } from "node:fs";
import { type CaseAlert, Purpose, presentUnits, RoutingDecision } from "@ariadne/contracts";
import { type Decision, decide, explain, parseMandates, toRoutingDecision } from "@ariadne/policy";
import { describe, expect, it } from "vitest";
import { example, mutate, SHIPPED_MANDATES } from "./fixtures.ts";
import { type ExampleFile, type ExpectedExample, expectedAllowed, SHIPPED_EXPECTED } from "./shipped-expected.ts";

const MANDATES = parseMandates(readFileSync(SHIPPED_MANDATES));

function decisions(alert: CaseAlert): Map<string, Decision> {
  return new Map(decide(alert, presentUnits(alert), MANDATES).map((d) => [d.recipient, d]));
}
function get(map: Map<string, Decision>, id: string): Decision {
  const d = map.get(id);
  if (!d) throw new Error(`no decision for ${id}`);
  return d;
}

describe("the shipped mandates on the examples, every recipient written out by hand", () => {
  for (const [file, expected] of Object.entries(SHIPPED_EXPECTED) as [ExampleFile, ExpectedExample][]) {
    describe(file, () => {
      const alert = example(file);
      const actual = decide(alert, presentUnits(alert), MANDATES);

      it("the example holds exactly the units written out", () => {
        expect(presentUnits(alert)).toEqual(expected.units);
      });

      it("decides every candidate but the originator, in the mandates' order", () => {
        expect(actual.map((d) => d.recipient)).toEqual(expected.decisions.map((d) => d.recipient));
        expect(actual.map((d) => d.recipient)).not.toContain(alert.header?.originator);
      });

      for (const want of expected.decisions) {
        const label = want.delivered
          ? `${want.recipient} receives exactly its units; each withheld one by its rule`
          : `${want.recipient} is refused: ${want.reasonCode}`;
        it(label, () => {
          const got = get(new Map(actual.map((d) => [d.recipient, d])), want.recipient);
          expect(got.delivered).toBe(want.delivered);
          expect(got.withheld.map((w) => [w.unit, w.ruleId])).toEqual(
            want.delivered ? want.withheld : expected.units.map((u) => [u, want.ruleId]),
          );
          expect(got.withheldCount).toBe(got.withheld.length);
          if (!want.delivered) {
            expect(got.reasonCode).toBe(want.reasonCode);
            expect(got.ruleIds).toEqual([want.ruleId]);
            expect(got.allowedUnits).toEqual([]);
            expect(got.handlingNotice).toBe("");
            return;
          }
          expect(got.reasonCode).toBe("ALLOWED");
          expect(got.purposes).toEqual(want.purposes);
          expect(got.allowedUnits).toEqual(expectedAllowed(expected, want));
          // Where the copy is written out too, the two hand-written lists agree with each other.
          if (want.allowed) expect(got.allowedUnits).toEqual(want.allowed);
        });
      }
    });
  }
});

describe("the shipped mandates on variants of the examples", () => {
  it("minor, H2: the notice of the restriction is stamped on both copies", () => {
    const d = decisions(example("minor-sexual-exploitation-online.yaml"));
    for (const id of ["europol", "ncp.ro"]) expect(get(d, id).handlingNotice).toMatch(/^H2: not to be disseminated/);
  });

  it("the minor case without victim identification keeps the child's identity and the summary back", () => {
    const alert = mutate(example("minor-sexual-exploitation-online.yaml"), (a) => {
      if (a.header) a.header.purposes = a.header.purposes.filter((p) => p !== Purpose.PURPOSE_VICTIM_IDENTIFICATION);
    });
    const europol = get(decisions(alert), "europol");
    expect(europol.withheld.map((w) => [w.unit, w.ruleId])).toEqual([
      ["persons[P1].name", "europol#minors"],
      ["persons[P1].date_of_birth", "europol#minors"],
      ["persons[P1].online_identifiers", "europol#minors"],
      ["persons[P1].physical_description", "europol#minors"],
      ["summary", "europol#minors.text_fields"],
    ]);
    // What stays of the child: the minors' fields, and the pointer to the place (which travels).
    expect(europol.allowedUnits.filter((u) => u.startsWith("persons[P1]"))).toEqual([
      "persons[P1].category",
      "persons[P1].role",
      "persons[P1].minor",
      "persons[P1].age_band",
      "persons[P1].sex",
      "persons[P1].nationalities",
      "persons[P1].location_refs",
    ]);
    expect(europol.allowedUnits).toContain("persons[P2].name"); // the adult suspect
  });

  it("forced criminality with the originator's consent: the third country receives a narrow copy", () => {
    const alert = mutate(example("forced-criminality-external-border.yaml"), (a) => {
      if (a.handling) a.handling.thirdPartyConsent = ["ncp.ua"];
    });
    const ua = get(decisions(alert), "ncp.ua");
    expect(ua.delivered).toBe(true);
    expect(ua.ruleIds).toContain("ncp.ua#third_party");
    expect(ua.purposes).toEqual([Purpose.PURPOSE_INVESTIGATION]);
    expect(ua.allowedUnits).toEqual([
      "header.priority",
      "header.language",
      "header.purposes",
      "crime_area",
      "exploitation_forms",
      "handling",
      "evaluation",
      ...["category", "role", "name", "age_band", "sex", "nationalities", "identity_documents"].map(
        (f) => `persons[P1].${f}`,
      ),
      ...["category", "minor", "age_band", "sex", "nationalities"].map((f) => `persons[P2].${f}`),
      ...["category", "age_band", "sex", "nationalities"].map((f) => `persons[P3].${f}`),
      "route.origin_countries",
      "route.transit_countries",
      "route.destination_countries",
      "route.border_crossings",
      ...["L1", "L2", "L3"].flatMap((l) => ["kind", "country", "city"].map((f) => `locations[${l}].${f}`)),
      ...["kind", "name", "country", "role"].map((f) => `organisations[O1].${f}`),
      ...["kind", "registration_plate", "registration_country", "make_model"].map((f) => `vehicles[V1].${f}`),
      "modus_operandi",
    ]);
  });

  it("labour, H1: every copy is stamped with the judicial-use restriction", () => {
    const d = decisions(example("labour-fake-job-ads.yaml"));
    const copies = [...d.values()].filter((x) => x.delivered);
    expect(copies.length).toBe(6);
    for (const x of copies) {
      expect(x.handlingNotice).toContain("not to be used in judicial proceedings without the provider's permission");
    }
  });
});

describe("explain", () => {
  const d = decisions(example("minor-sexual-exploitation-online.yaml"));

  it("answers why a recipient did not get an alert", () => {
    const text = explain(get(d, "frontex"));
    expect(text).toContain(
      "Frontex (frontex) did not receive alert 019380a2-7d2f-7b4c-8a21-3c8d5e6f7a02 v1: PURPOSE_OUT_OF_MANDATE",
    );
    expect(text).toContain("Refused by: frontex#purposes");
    expect(text).toContain("Regulation (EU) 2019/1896");
    expect(text).toContain(MANDATES.version);
  });

  it("says what a delivered copy left out, by rule, without alert content", () => {
    const alert = example("forced-criminality-external-border.yaml");
    const text = explain(get(decisions(alert), "frontex"));
    expect(text).toContain("Withheld by frontex#persons.DATA_SUBJECT_CATEGORY_VICTIM: persons.role, persons.name");
    expect(text).toContain("Handling notice on the copy: H0");
    for (const secret of ["Lungu", "Popa", "Doctorul", "Albița", "BA0000919"]) expect(text).not.toContain(secret);
  });

  it("works from the audit record of a decision", () => {
    const record = RoutingDecision.decode(RoutingDecision.encode(toRoutingDecision(get(d, "eurojust"))).finish());
    const text = explain({ ...record, alertId: "019380a2-7d2f-7b4c-8a21-3c8d5e6f7a02", version: 1 });
    expect(text).toContain(
      "eurojust did not receive alert 019380a2-7d2f-7b4c-8a21-3c8d5e6f7a02 v1: HANDLING_NOT_PERMITTED",
    );
    expect(text).toContain("Refused by: policy#handling.permitted_recipients");
  });
});
