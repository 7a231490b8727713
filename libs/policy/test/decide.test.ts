import {
  type CaseAlert,
  CrimeArea,
  DataSubjectCategory,
  ExploitationForm,
  HandlingCode,
  Purpose,
  presentUnits,
} from "@ariadne/contracts";
import { type Decision, decide, parseMandates, REASON_CODES } from "@ariadne/policy";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { baseAlert, mutate, testMandatesDoc } from "./fixtures.ts";

const MANDATES = parseMandates(stringify(testMandatesDoc()));

function decisionFor(alert: CaseAlert, recipient: string, units = presentUnits(alert)): Decision {
  const d = decide(alert, units, MANDATES).find((x) => x.recipient === recipient);
  if (!d) throw new Error(`no decision for ${recipient}`);
  return d;
}
const withHandling =
  (code: HandlingCode, permitted: string[] = [], consent: string[] = [], restrictions = "") =>
  (a: CaseAlert) => {
    a.handling = { code, restrictions, permittedRecipients: permitted, thirdPartyConsent: consent };
  };
const withPurposes =
  (...purposes: Purpose[]) =>
  (a: CaseAlert) => {
    if (a.header) a.header.purposes = purposes;
  };
const person = (a: CaseAlert, ref: string) => {
  const p = a.persons.find((x) => x.ref === ref);
  if (!p) throw new Error(`no person ${ref}`);
  return p;
};

describe("decide: which recipients, and why", () => {
  type Case = [name: string, change: (a: CaseAlert) => void, recipient: string, code: string, rules: string[]];
  const H = HandlingCode;
  const cases: Case[] = [
    [
      "in mandate",
      () => {},
      "narrow",
      "ALLOWED",
      [
        "narrow#crime_areas",
        "narrow#exploitation_forms",
        "narrow#purposes",
        "narrow#handling_codes",
        "policy#handling.H0",
        "narrow#fields",
      ],
    ],
    [
      "crime area outside",
      (a) => {
        a.crimeArea = CrimeArea.CRIME_AREA_MONEY_LAUNDERING;
      },
      "analysis",
      "CRIME_AREA_OUT_OF_MANDATE",
      ["analysis#crime_areas"],
    ],
    [
      "no form of exploitation inside",
      (a) => {
        a.exploitationForms = [ExploitationForm.EXPLOITATION_FORM_ORGAN_REMOVAL];
      },
      "analysis",
      "EXPLOITATION_FORM_OUT_OF_MANDATE",
      ["analysis#exploitation_forms"],
    ],
    [
      "one form inside is enough",
      (a) => {
        a.exploitationForms = [
          ExploitationForm.EXPLOITATION_FORM_ORGAN_REMOVAL,
          ExploitationForm.EXPLOITATION_FORM_LABOUR,
        ];
      },
      "analysis",
      "ALLOWED",
      [],
    ],
    [
      "no purpose inside",
      withPurposes(Purpose.PURPOSE_PREVENTION),
      "analysis",
      "PURPOSE_OUT_OF_MANDATE",
      ["analysis#purposes"],
    ],
    [
      "H2, not permitted",
      withHandling(H.HANDLING_CODE_H2, ["narrow"]),
      "analysis",
      "HANDLING_NOT_PERMITTED",
      ["policy#handling.permitted_recipients"],
    ],
    [
      "H3, not permitted",
      withHandling(H.HANDLING_CODE_H3, ["narrow"], [], "after the action day"),
      "analysis",
      "HANDLING_NOT_PERMITTED",
      ["policy#handling.permitted_recipients"],
    ],
    [
      "H2, permitted",
      withHandling(H.HANDLING_CODE_H2, ["analysis"]),
      "analysis",
      "ALLOWED",
      ["policy#handling.permitted_recipients", "policy#handling.H2"],
    ],
    [
      "permitted, but the code is not accepted",
      withHandling(H.HANDLING_CODE_H3, ["narrow"], [], "no use before the action day"),
      "narrow",
      "HANDLING_CODE_NOT_ACCEPTED",
      ["narrow#handling_codes"],
    ],
    ["H1 accepted by a narrow mandate", withHandling(H.HANDLING_CODE_H1), "narrow", "ALLOWED", ["policy#handling.H1"]],
    ["third party without consent", () => {}, "third", "THIRD_PARTY_NO_CONSENT", ["third#third_party"]],
    [
      "third party with consent",
      withHandling(H.HANDLING_CODE_H0, [], ["third"]),
      "third",
      "ALLOWED",
      ["third#third_party"],
    ],
    [
      "third party permitted under H2 but without consent",
      withHandling(H.HANDLING_CODE_H2, ["third"]),
      "third",
      "THIRD_PARTY_NO_CONSENT",
      ["third#third_party"],
    ],
    [
      "third party consented but not permitted under H2",
      withHandling(H.HANDLING_CODE_H2, ["analysis"], ["third"]),
      "third",
      "HANDLING_NOT_PERMITTED",
      ["policy#handling.permitted_recipients"],
    ],
    ["nothing but handling", () => {}, "empty", "NO_FIELDS_ALLOWED", ["empty#fields"]],
  ];

  it.each(cases)("%s: %s -> %s", (_name, change, recipient, code, rules) => {
    const d = decisionFor(mutate(baseAlert(), change), recipient);
    expect(d.reasonCode).toBe(code);
    expect(d.delivered).toBe(code === "ALLOWED");
    if (code === "ALLOWED") expect(d.ruleIds).toEqual(expect.arrayContaining(rules));
    else expect(d.ruleIds).toEqual(rules);
  });

  it("covers every reason code", () => {
    const covered = new Set([...cases.map((c) => c[3]), "HANDLING_UNIT_MISSING"]);
    expect([...covered].sort()).toEqual([...REASON_CODES].sort());
  });

  it("refuses a copy that could not carry its handling", () => {
    const alert = baseAlert();
    const d = decisionFor(
      alert,
      "analysis",
      presentUnits(alert).filter((u) => u !== "handling"),
    );
    expect(d).toMatchObject({
      delivered: false,
      reasonCode: "HANDLING_UNIT_MISSING",
      ruleIds: ["policy#handling.travels"],
    });
  });

  it("never makes the originator a candidate, and keeps the mandates' order", () => {
    const decisions = decide(baseAlert(), presentUnits(baseAlert()), MANDATES);
    expect(decisions.map((d) => d.recipient)).toEqual(["analysis", "narrow", "third", "empty"]);
  });

  it("a refused decision discloses nothing and says what it withheld", () => {
    const alert = mutate(baseAlert(), withPurposes(Purpose.PURPOSE_PREVENTION));
    const units = presentUnits(alert);
    const d = decisionFor(alert, "analysis");
    expect(d.allowedUnits).toEqual([]);
    expect(d.withheldCount).toBe(units.length);
    expect(d.withheld.every((w) => w.ruleId === "analysis#purposes")).toBe(true);
    expect(d.handlingNotice).toBe("");
    expect(d.legalBasis).toBe("Test regulation, Art. 1 (analysis)");
  });

  it("records the policy version, the alert id and the purposes served", () => {
    const d = decisionFor(baseAlert(), "analysis");
    expect(d.policyVersion).toBe(MANDATES.version);
    expect(d.alertId).toBe(baseAlert().header?.alertId);
    expect(d.version).toBe(1);
    expect(d.purposes).toEqual([Purpose.PURPOSE_CRIMINAL_ANALYSIS]);
  });
});

describe("decide: handling codes are enforced and stamped", () => {
  it.each([
    [HandlingCode.HANDLING_CODE_H0, [], "H0: use only to prevent or combat crime within the recipient's mandate"],
    [HandlingCode.HANDLING_CODE_H1, [], "H1: not to be used in judicial proceedings without the provider's permission"],
    [HandlingCode.HANDLING_CODE_H2, ["analysis"], "H2: not to be disseminated without the provider's permission"],
    [
      HandlingCode.HANDLING_CODE_H3,
      ["analysis"],
      "H3: other restrictions apply, stated by the provider in handling.restrictions",
    ],
  ])("code %s stamps its notice, and the handling unit travels", (code, permitted, notice) => {
    const restrictions = code === HandlingCode.HANDLING_CODE_H3 ? "no use before the action day" : "";
    const d = decisionFor(mutate(baseAlert(), withHandling(code, permitted, [], restrictions)), "analysis");
    expect(d.delivered).toBe(true);
    expect(d.handlingCode).toBe(code);
    expect(d.handlingNotice).toBe(notice);
    expect(d.allowedUnits).toContain("handling");
    expect(d.reason).not.toContain("action day");
  });
});

describe("decide: which units", () => {
  const analysisUnits = (change: (a: CaseAlert) => void = () => {}, units?: (all: string[]) => string[]) => {
    const alert = mutate(baseAlert(), change);
    const all = presentUnits(alert);
    return decisionFor(alert, "analysis", units ? units(all) : all);
  };
  const withheldBy = (d: Decision, unit: string) => d.withheld.find((w) => w.unit === unit)?.ruleId;

  it("the copy holds exactly the mandate's units, in the order offered", () => {
    const d = analysisUnits();
    expect(d.allowedUnits).toEqual([
      "header.case_references",
      "crime_area",
      "exploitation_forms",
      "handling",
      "persons[P1].category",
      "persons[P1].name",
      "persons[P1].nationalities",
      "persons[P1].organisation_refs",
      "persons[P2].category",
      "persons[P2].minor",
      "persons[P2].age_band",
      "locations[L1].country",
      "locations[L1].city",
      "organisations[O1].name",
      "financial_instruments[F1].identifier",
      "financial_instruments[F1].holder_ref",
      "advertisements[A1].url",
      "advertisements[A1].poster_ref",
    ]);
    expect(d.withheldCount).toBe(presentUnits(baseAlert()).length - d.allowedUnits.length);
    expect(d.withheld.length).toBe(d.withheldCount);
  });

  it("withholds fields outside the mandate by its fields rule", () => {
    const d = analysisUnits();
    expect(withheldBy(d, "header.priority")).toBe("analysis#fields");
    expect(withheldBy(d, "vehicles[V1].kind")).toBe("analysis#fields");
    expect(withheldBy(d, "route.legs")).toBe("analysis#fields");
  });

  it("gives person fields only for the categories and fields listed", () => {
    const d = analysisUnits();
    expect(withheldBy(d, "persons[P1].role")).toBe("analysis#persons.DATA_SUBJECT_CATEGORY_SUSPECT");
    const witness = analysisUnits((a) => {
      person(a, "P1").category = DataSubjectCategory.DATA_SUBJECT_CATEGORY_WITNESS;
    });
    expect(witness.allowedUnits.filter((u) => u.startsWith("persons[P1]"))).toEqual([]);
    expect(withheldBy(witness, "persons[P1].name")).toBe("analysis#persons.DATA_SUBJECT_CATEGORY_WITNESS");
  });

  it("narrows a minor's record and withholds free text, unless the alert asks to identify a victim", () => {
    const d = analysisUnits();
    expect(withheldBy(d, "persons[P2].name")).toBe("analysis#minors");
    expect(withheldBy(d, "persons[P2].date_of_birth")).toBe("analysis#minors");
    expect(withheldBy(d, "persons[P2].location_refs")).toBe("analysis#minors");
    expect(withheldBy(d, "summary")).toBe("analysis#minors.text_fields");
    expect(d.ruleIds).toContain("analysis#minors");

    const identify = analysisUnits(
      withPurposes(Purpose.PURPOSE_CRIMINAL_ANALYSIS, Purpose.PURPOSE_VICTIM_IDENTIFICATION),
    );
    expect(identify.allowedUnits).toEqual(expect.arrayContaining(["persons[P2].name", "summary"]));
    expect(withheldBy(identify, "persons[P2].date_of_birth")).toBe("analysis#minors"); // not an identity field here
    expect(identify.ruleIds).toContain("analysis#minors.identity");
  });

  it("treats a minor's age band as a minor even without the flag", () => {
    const d = analysisUnits(
      (a) => {
        person(a, "P2").minor = false;
      },
      (all) => all,
    );
    expect(d.allowedUnits.filter((u) => u.startsWith("persons[P2]"))).toEqual([]);
    expect(withheldBy(d, "persons[P2].category")).toBe("policy#persons.protective_units");
  });

  it("sends no person unit without the person's category and minor flag", () => {
    const noCategory = analysisUnits(undefined, (all) => all.filter((u) => u !== "persons[P1].category"));
    expect(noCategory.allowedUnits.filter((u) => u.startsWith("persons[P1]"))).toEqual([]);
    expect(withheldBy(noCategory, "persons[P1].name")).toBe("policy#persons.protective_units");
    const noMinorFlag = analysisUnits(undefined, (all) => all.filter((u) => u !== "persons[P2].minor"));
    expect(noMinorFlag.allowedUnits.filter((u) => u.startsWith("persons[P2]"))).toEqual([]);
  });

  it("drops pointers whose targets do not travel", () => {
    const d = analysisUnits((a) => {
      const o = a.organisations[0];
      if (o) o.name = ""; // O1 keeps only its kind, which analysis does not receive
      person(a, "P1").category = DataSubjectCategory.DATA_SUBJECT_CATEGORY_WITNESS;
    });
    expect(withheldBy(d, "persons[P1].organisation_refs")).toBe("analysis#persons.DATA_SUBJECT_CATEGORY_WITNESS");
    expect(withheldBy(d, "advertisements[A1].poster_ref")).toBe("policy#pointers");
    expect(withheldBy(d, "financial_instruments[F1].holder_ref")).toBe("policy#pointers");
    expect(d.allowedUnits).toEqual(
      expect.arrayContaining(["advertisements[A1].url", "financial_instruments[F1].identifier"]),
    );
  });

  it("keeps a pointer when at least one target travels", () => {
    const d = analysisUnits((a) => {
      a.organisations.push({
        ref: "O2",
        kind: 1,
        name: "",
        country: "",
        registrationNumber: "",
        website: "",
        role: "",
      });
      person(a, "P1").organisationRefs = ["O2", "O1"];
    });
    expect(d.allowedUnits).toContain("persons[P1].organisation_refs");
  });

  it("never lets a unit through that it cannot place", () => {
    const d = analysisUnits(undefined, (all) => [...all, "persons[P9].name", "bogus", "header.alert_id", "crime_area"]);
    expect(withheldBy(d, "persons[P9].name")).toBe("policy#unknown_unit");
    expect(withheldBy(d, "bogus")).toBe("policy#unknown_unit");
    expect(withheldBy(d, "header.alert_id")).toBe("policy#unknown_unit");
    expect(d.allowedUnits.filter((u) => u === "crime_area")).toHaveLength(1); // offered twice, counted once
  });

  it("is deterministic", () => {
    const alert = baseAlert();
    expect(decide(alert, presentUnits(alert), MANDATES)).toEqual(decide(alert, presentUnits(alert), MANDATES));
  });
});
