import { Priority } from "@ariadne/contracts";
import { describe, expect, it } from "vitest";
import { FrontexIncidentSchema, impactLevel, toFrontexIncident } from "../src/mod.ts";
import { example, leaves, metaFor, minimise } from "./fixtures.ts";

const forced = example("forced-criminality-external-border.yaml");
const labour = example("labour-fake-job-ads.yaml");
const minorCase = example("minor-sexual-exploitation-online.yaml");
const meta = (alert: typeof forced) =>
  metaFor(alert, "frontex", { legalBasis: "Regulation (EU) 2019/1896 Arts. 87-90", handlingNotice: "" });

describe("toFrontexIncident: a copy with every field disclosed", () => {
  it("maps the external-border example field by field", () => {
    expect(toFrontexIncident(forced, meta(forced))).toEqual({
      format: "FRONTEX-JORA-LIKE/1",
      incidentId: "INC-019380a2-8e3a-7c5d-9b32-4d9e6f7a8b03-1",
      ariadneCopyId: "019380a2-8e3a-7c5d-9b32-4d9e6f7a8b03.1.frontex",
      reportedAt: "2025-11-05T07:00:00.000Z",
      reportingParty: { party: "ncp.fr", memberState: "FR" },
      incidentType: "SUSPECTED_THB",
      relatedIncidentTypes: ["DOCUMENT_FRAUD", "FACILITATION_OF_IRREGULAR_MIGRATION"],
      exploitationPurposes: ["CRIMINAL_ACTIVITIES", "BEGGING"],
      impactLevel: "CRITICAL",
      impactFactors: ["PRIORITY_URGENT", "MINORS_INVOLVED", "PERSONS_3_OR_MORE"],
      route: {
        originCountries: ["MD"],
        transitCountries: ["RO", "HU", "AT", "DE"],
        destinationCountries: ["FR"],
        legs: [
          { fromCountry: "MD", toCountry: "RO", transportMode: "LAND_CAR_VAN", departedOn: "2025-10-28" },
          { fromCountry: "RO", toCountry: "FR", transportMode: "LAND_CAR_VAN", arrivedOn: "2025-10-31" },
        ],
      },
      borderCrossings: [
        {
          borderSection: "RO-MD-LAND",
          crossingPoint: "Leușeni–Albița (RO-MD road BCP)",
          country: "RO",
          neighbourCountry: "MD",
          borderType: "LAND",
          externalBorder: true,
          crossedOn: "2025-10-28",
          crossingStatus: "regular check; minors presented forged RO identity cards",
        },
      ],
      modusOperandi: ["DOCUMENT_FRAUD", "FACILITATED_CROSSING", "FAMILY_NETWORK", "VIOLENCE_THREATS"],
      documentFraud: [
        { documentType: "ID_CARD", issuingCountry: "RO", fraudType: "FORGED", retainedByThirdParty: true },
        { documentType: "ID_CARD", issuingCountry: "RO", fraudType: "FORGED", retainedByThirdParty: true },
      ],
      personsInvolved: {
        total: 4,
        suspects: 1,
        convicted: 0,
        victims: 2,
        potentialVictims: 0,
        witnesses: 0,
        contacts: 1,
        categoryWithheld: 0,
        minors: 1,
        nationalities: [{ country: "MD", count: 4 }],
      },
      vehicles: [
        { type: "VAN", registrationPlate: "C 000 XY", registrationCountry: "MD", makeModel: "Volkswagen Crafter" },
      ],
      period: { from: "2025-10-28", to: "2025-10-31" },
      handling: { code: "H0" },
      legalBasis: "Regulation (EU) 2019/1896 Arts. 87-90",
    });
  });

  it("carries no identity of anyone, even when the copy discloses it", () => {
    for (const alert of [forced, labour, minorCase]) {
      const json = JSON.stringify(toFrontexIncident(alert, meta(alert)));
      const identities = alert.persons.flatMap((p) => [
        ...leaves(p.name),
        p.dateOfBirth,
        p.physicalDescription,
        ...p.addresses,
        ...p.identityDocuments.map((d) => d.number),
        ...p.onlineIdentifiers.map((o) => o.value),
        p.role,
      ]);
      for (const s of identities.filter((x) => x !== "")) expect(json).not.toContain(s);
    }
  });

  it("maps the labour example: coach route, no crossing, no fraud indicator, MEDIUM impact", () => {
    const r = toFrontexIncident(labour, meta(labour));
    expect(r.impactLevel).toBe("MEDIUM");
    expect(r.impactFactors).toEqual(["PRIORITY_HIGH", "PERSONS_3_OR_MORE"]);
    expect(r.route?.legs).toEqual([
      {
        fromCountry: "RO",
        toCountry: "NL",
        transportMode: "LAND_COACH",
        departedOn: "2025-08-30",
        arrivedOn: "2025-09-01",
      },
    ]);
    expect(r).not.toHaveProperty("borderCrossings");
    expect(r).not.toHaveProperty("documentFraud");
    expect(r.period).toEqual({ from: "2025-08-30", to: "2025-09-01" });
    expect(r.personsInvolved).toMatchObject({ total: 4, suspects: 2, victims: 1, potentialVictims: 1, minors: 0 });
    expect(r.personsInvolved.nationalities).toEqual([
      { country: "MD", count: 2 },
      { country: "RO", count: 3 },
    ]);
    expect(r.vehicles).toEqual([
      { type: "COACH", registrationPlate: "IS-00-FLX", registrationCountry: "RO", makeModel: "Mercedes-Benz Sprinter" },
    ]);
    expect(r.modusOperandi).toEqual([
      "FRAUDULENT_JOB_OFFER",
      "ONLINE_RECRUITMENT",
      "DEBT_BONDAGE",
      "DOCUMENT_CONFISCATION",
      "SUBCONTRACTING_CHAIN",
    ]);
  });

  it("maps the air crossing of the minor example: internal border, CRITICAL impact", () => {
    const r = toFrontexIncident(minorCase, meta(minorCase));
    expect(r.impactLevel).toBe("CRITICAL");
    expect(r.borderCrossings).toEqual([
      {
        borderSection: "DE-AIR",
        crossingPoint: "Berlin Brandenburg Airport (BER)",
        country: "DE",
        borderType: "AIR",
        externalBorder: false,
        crossedOn: "2025-09-21",
        crossingStatus: "intra-Schengen flight, no border check",
      },
    ]);
    expect(r.route?.legs?.[0]?.transportMode).toBe("AIR");
    expect(r.exploitationPurposes).toEqual(["SEXUAL"]);
    expect(r.relatedIncidentTypes).toEqual(["CHILD_SEXUAL_EXPLOITATION", "CYBER_ENABLED_CRIME"]);
  });
});

describe("toFrontexIncident: minimised copies", () => {
  it("counts persons whose category is withheld apart, and recomputes impact from what is left", () => {
    const copy = minimise(forced, (p) => p !== "header.priority" && !/^persons\[P[12]\]\.category$/.test(p));
    const r = toFrontexIncident(copy, meta(forced));
    expect(r.personsInvolved).toMatchObject({
      total: 4,
      suspects: 0,
      victims: 1,
      contacts: 1,
      categoryWithheld: 2,
      minors: 1,
    });
    expect(r.impactLevel).toBe("HIGH");
    expect(r.impactFactors).toEqual(["MINORS_INVOLVED", "PERSONS_3_OR_MORE"]);
  });

  it("without route, crossings and documents there is no route, section, period or fraud indicator", () => {
    const copy = minimise(forced, (p) => !p.startsWith("route.") && !p.endsWith(".identity_documents"));
    const r = toFrontexIncident(copy, meta(forced));
    for (const key of ["route", "borderCrossings", "period", "documentFraud"]) expect(r).not.toHaveProperty(key);
    expect(r.modusOperandi).toContain("DOCUMENT_FRAUD");
  });

  it("drops a vehicle row whose carried fields were all withheld", () => {
    const copy = minimise(
      forced,
      (p) => !/^vehicles\[V1\]\.(kind|registration_plate|registration_country|make_model)$/.test(p),
    );
    expect(copy.vehicles).toHaveLength(1); // the colour is still disclosed, but this channel has no field for it
    expect(toFrontexIncident(copy, meta(forced))).not.toHaveProperty("vehicles");
  });

  it("produces what its own schema accepts, and the schema refuses counts that do not add up", () => {
    const r = toFrontexIncident(forced, meta(forced));
    expect(FrontexIncidentSchema.safeParse(JSON.parse(JSON.stringify(r))).success).toBe(true);
    const wrong = { ...r, personsInvolved: { ...r.personsInvolved, total: 5 } };
    expect(FrontexIncidentSchema.safeParse(wrong).error?.issues.map((i) => i.path.join("."))).toEqual([
      "personsInvolved.total",
    ]);
  });
});

describe("impactLevel (EUROSUR Art. 34, documented rule)", () => {
  const P = Priority;
  it.each([
    [P.PRIORITY_IMMEDIATE, 0, 1, "CRITICAL"],
    [P.PRIORITY_URGENT, 1, 1, "CRITICAL"],
    [P.PRIORITY_URGENT, 0, 1, "HIGH"],
    [P.PRIORITY_ROUTINE, 1, 1, "HIGH"],
    [P.PRIORITY_UNSPECIFIED, 0, 10, "HIGH"],
    [P.PRIORITY_HIGH, 0, 1, "MEDIUM"],
    [P.PRIORITY_ROUTINE, 0, 3, "MEDIUM"],
    [P.PRIORITY_ROUTINE, 0, 2, "LOW"],
    [P.PRIORITY_UNSPECIFIED, 0, 0, "LOW"],
  ] as const)("priority %s, %s minors, %s persons -> %s", (priority, minors, persons, level) => {
    expect(impactLevel({ priority, minors, persons }).level).toBe(level);
  });

  it("lists the factors that were present", () => {
    expect(impactLevel({ priority: P.PRIORITY_IMMEDIATE, minors: 2, persons: 12 }).factors).toEqual([
      "PRIORITY_IMMEDIATE",
      "MINORS_INVOLVED",
      "PERSONS_10_OR_MORE",
    ]);
    expect(impactLevel({ priority: P.PRIORITY_UNSPECIFIED, minors: 0, persons: 0 }).factors).toEqual([]);
  });
});
