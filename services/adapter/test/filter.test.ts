import { CaseAlert, CrimeArea, ExploitationForm, FeedFilter, Priority, Purpose } from "@ariadne/contracts";
import { describe, expect, it } from "vitest";
import { consultablePurposes, matchesFilter } from "../src/feed/filter.ts";

const copy = CaseAlert.fromPartial({
  header: { priority: Priority.PRIORITY_URGENT },
  crimeArea: CrimeArea.CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS,
  relatedCrimeAreas: [CrimeArea.CRIME_AREA_DOCUMENT_FRAUD],
  exploitationForms: [
    ExploitationForm.EXPLOITATION_FORM_BEGGING,
    ExploitationForm.EXPLOITATION_FORM_CRIMINAL_ACTIVITIES,
  ],
});
/** The same copy with everything the filter looks at withheld (proto3 defaults). */
const withheld = CaseAlert.fromPartial({});
const f = (p: Partial<FeedFilter>) => FeedFilter.fromPartial(p);

describe("matchesFilter", () => {
  it("accepts anything with no filter or empty lists", () => {
    expect(matchesFilter(undefined, copy, "ncp.fr")).toBe(true);
    expect(matchesFilter(f({}), withheld, "ncp.fr")).toBe(true);
  });

  it("matches the crime area or a related one", () => {
    expect(matchesFilter(f({ crimeAreas: [CrimeArea.CRIME_AREA_DOCUMENT_FRAUD] }), copy, "ncp.fr")).toBe(true);
    expect(matchesFilter(f({ crimeAreas: [CrimeArea.CRIME_AREA_CYBERCRIME] }), copy, "ncp.fr")).toBe(false);
  });

  it("reads the originating country from the attested originator", () => {
    expect(matchesFilter(f({ originatingCountries: ["FR"] }), copy, "ncp.fr")).toBe(true);
    expect(matchesFilter(f({ originatingCountries: ["DE"] }), copy, "ncp.fr")).toBe(false);
    // Not an NCP: no member state, no match.
    expect(matchesFilter(f({ originatingCountries: ["FR"] }), copy, "europol")).toBe(false);
  });

  it("matches priority and forms of exploitation as disclosed", () => {
    expect(matchesFilter(f({ priorities: [Priority.PRIORITY_URGENT, Priority.PRIORITY_HIGH] }), copy, "ncp.fr")).toBe(
      true,
    );
    expect(matchesFilter(f({ priorities: [Priority.PRIORITY_ROUTINE] }), copy, "ncp.fr")).toBe(false);
    expect(matchesFilter(f({ exploitationForms: [ExploitationForm.EXPLOITATION_FORM_BEGGING] }), copy, "ncp.fr")).toBe(
      true,
    );
    expect(matchesFilter(f({ exploitationForms: [ExploitationForm.EXPLOITATION_FORM_SEXUAL] }), copy, "ncp.fr")).toBe(
      false,
    );
  });

  it("never matches a withheld field", () => {
    expect(matchesFilter(f({ priorities: [Priority.PRIORITY_URGENT] }), withheld, "ncp.fr")).toBe(false);
    expect(
      matchesFilter(f({ crimeAreas: [CrimeArea.CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS] }), withheld, "ncp.fr"),
    ).toBe(false);
    expect(
      matchesFilter(f({ exploitationForms: [ExploitationForm.EXPLOITATION_FORM_BEGGING] }), withheld, "ncp.fr"),
    ).toBe(false);
  });

  it("combines lists with AND", () => {
    const both = f({ originatingCountries: ["FR"], priorities: [Priority.PRIORITY_ROUTINE] });
    expect(matchesFilter(both, copy, "ncp.fr")).toBe(false);
  });
});

describe("consultablePurposes", () => {
  it("keeps the officer's purposes the copy was routed for, once each", () => {
    expect(
      consultablePurposes(
        [Purpose.PURPOSE_CRIMINAL_ANALYSIS, Purpose.PURPOSE_PREVENTION, Purpose.PURPOSE_CRIMINAL_ANALYSIS],
        [Purpose.PURPOSE_CRIMINAL_ANALYSIS, Purpose.PURPOSE_INVESTIGATION],
      ),
    ).toEqual([Purpose.PURPOSE_CRIMINAL_ANALYSIS]);
    expect(consultablePurposes([Purpose.PURPOSE_PREVENTION], [Purpose.PURPOSE_INVESTIGATION])).toEqual([]);
  });
});
