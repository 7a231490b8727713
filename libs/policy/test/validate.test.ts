import { readdirSync } from "node:fs";
import { join } from "node:path";
import {
  type CaseAlert,
  CrimeArea,
  HandlingCode,
  OnlineIdentifier_Kind,
  type Person_Sex,
  Purpose,
  Vehicle_Kind,
} from "@ariadne/contracts";
import { assertValidAlert, PolicyError, VALIDATION_CODES, validateAlert } from "@ariadne/policy";
import { describe, expect, it } from "vitest";
import { baseAlert, example, mutate, NOW, REPO } from "./fixtures.ts";

const issuesOf = (alert: CaseAlert) => validateAlert(alert, { now: NOW }).map((i) => `${i.path} ${i.code}`);

function header(a: CaseAlert) {
  if (!a.header) throw new Error("fixture has a header");
  return a.header;
}
function at<T>(list: readonly T[], i: number): T {
  const v = list[i];
  if (v === undefined) throw new Error(`fixture has entry ${i}`);
  return v;
}
function route(a: CaseAlert) {
  if (!a.route) throw new Error("fixture has a route");
  return a.route;
}
function handling(a: CaseAlert) {
  if (!a.handling) throw new Error("fixture has handling");
  return a.handling;
}

describe("validateAlert on the examples", () => {
  const files = readdirSync(join(REPO, "examples")).filter((f) => f.endsWith(".yaml"));
  it.each(files)("%s is valid", (file) => {
    expect(issuesOf(example(file))).toEqual([]);
  });

  it("the fixture is valid", () => {
    expect(issuesOf(baseAlert())).toEqual([]);
  });
});

type Case = [name: string, change: (a: CaseAlert) => void, expected: string[]];

const CASES: Case[] = [
  // REQUIRED
  [
    "no header",
    (a) => {
      a.header = undefined;
    },
    ["header REQUIRED"],
  ],
  [
    "no crime area",
    (a) => {
      a.crimeArea = CrimeArea.CRIME_AREA_UNSPECIFIED;
    },
    ["crimeArea REQUIRED"],
  ],
  [
    "trafficking without a form",
    (a) => {
      a.exploitationForms = [];
    },
    ["exploitationForms REQUIRED"],
  ],
  [
    "no handling",
    (a) => {
      a.handling = undefined;
    },
    ["handling REQUIRED"],
  ],
  [
    "no handling code",
    (a) => {
      handling(a).code = HandlingCode.HANDLING_CODE_UNSPECIFIED;
    },
    ["handling.code REQUIRED"],
  ],
  [
    "H3 without restrictions",
    (a) => {
      a.handling = {
        code: HandlingCode.HANDLING_CODE_H3,
        restrictions: " ",
        permittedRecipients: ["europol"],
        thirdPartyConsent: [],
      };
    },
    ["handling.restrictions REQUIRED"],
  ],
  [
    "H2 without permitted recipients",
    (a) => {
      handling(a).code = HandlingCode.HANDLING_CODE_H2;
    },
    ["handling.permittedRecipients REQUIRED"],
  ],
  [
    "no evaluation",
    (a) => {
      a.evaluation = undefined;
    },
    ["evaluation REQUIRED"],
  ],
  [
    "one evaluation axis",
    (a) => {
      a.evaluation = { sourceReliability: 1, informationAccuracy: 0 };
    },
    ["evaluation.informationAccuracy REQUIRED"],
  ],
  [
    "no purpose",
    (a) => {
      header(a).purposes = [];
    },
    ["header.purposes REQUIRED"],
  ],
  [
    "no priority",
    (a) => {
      header(a).priority = 0;
    },
    ["header.priority REQUIRED"],
  ],
  [
    "no language",
    (a) => {
      header(a).language = "";
    },
    ["header.language REQUIRED"],
  ],
  [
    "no originator",
    (a) => {
      header(a).originator = "";
    },
    ["header.originator REQUIRED"],
  ],
  [
    "no alert id",
    (a) => {
      header(a).alertId = "";
    },
    ["header.alertId REQUIRED"],
  ],
  [
    "no created_at",
    (a) => {
      header(a).createdAt = undefined;
    },
    ["header.createdAt REQUIRED"],
  ],
  [
    "person without category",
    (a) => {
      at(a.persons, 0).category = 0;
    },
    ["persons[0].category REQUIRED"],
  ],
  [
    "entity without ref",
    (a) => {
      a.vehicles.push({
        ref: "",
        kind: Vehicle_Kind.KIND_VAN,
        registrationPlate: "",
        registrationCountry: "",
        makeModel: "",
        colour: "",
      });
    },
    ["vehicles[1].ref REQUIRED"],
  ],
  [
    "entity without kind",
    (a) => {
      at(a.locations, 0).kind = 0;
    },
    ["locations[0].kind REQUIRED"],
  ],
  [
    "financial instrument without identifier",
    (a) => {
      at(a.financialInstruments, 0).identifier = "";
    },
    ["financialInstruments[0].identifier REQUIRED"],
  ],
  [
    "advertisement without url",
    (a) => {
      at(a.advertisements, 0).url = "";
    },
    ["advertisements[0].url REQUIRED"],
  ],
  [
    "border crossing without point or country",
    (a) => {
      route(a).borderCrossings.push({
        crossingPoint: "",
        country: "",
        neighbourCountry: "",
        borderType: 0,
        externalBorder: false,
        crossedOn: "",
        crossingStatus: "",
      });
    },
    ["route.borderCrossings[0].crossingPoint REQUIRED", "route.borderCrossings[0].country REQUIRED"],
  ],
  [
    "empty name",
    (a) => {
      at(a.persons, 0).name = { givenNames: "", familyName: "", aliases: [] };
    },
    ["persons[0].name REQUIRED"],
  ],
  // INVALID_CODE
  [
    "unrecognized crime area",
    (a) => {
      a.crimeArea = CrimeArea.UNRECOGNIZED;
    },
    ["crimeArea INVALID_CODE"],
  ],
  [
    "unknown enum number deep inside",
    (a) => {
      at(a.persons, 0).sex = 99 as Person_Sex;
    },
    ["persons[0].sex INVALID_CODE"],
  ],
  [
    "unspecified inside a list",
    (a) => {
      header(a).purposes = [Purpose.PURPOSE_UNSPECIFIED];
    },
    ["header.purposes[0] INVALID_CODE"],
  ],
  // identity and parties
  [
    "alert id not v7",
    (a) => {
      header(a).alertId = "6f1c2a4e-8b1d-4c3a-9e2f-1a2b3c4d5e6f";
    },
    ["header.alertId INVALID_ALERT_ID"],
  ],
  [
    "link to a non-id",
    (a) => {
      header(a).links = [{ alertId: "nope", relation: 1 }];
    },
    ["header.links[0].alertId INVALID_ALERT_ID"],
  ],
  [
    "link to itself",
    (a) => {
      header(a).links = [{ alertId: header(a).alertId, relation: 1 }];
    },
    ["header.links[0].alertId SELF_LINK"],
  ],
  [
    "link without relation",
    (a) => {
      header(a).links = [{ alertId: "019380a2-6c1e-7a3b-9f10-2b7c4d5e6f01", relation: 0 }];
    },
    ["header.links[0].relation REQUIRED"],
  ],
  [
    "version 0",
    (a) => {
      header(a).version = 0;
    },
    ["header.version INVALID_VERSION"],
  ],
  [
    "originator not a party id",
    (a) => {
      header(a).originator = "NCP DE";
    },
    ["header.originator INVALID_PARTY"],
  ],
  [
    "permitted recipient not a party id",
    (a) => {
      a.handling = {
        code: HandlingCode.HANDLING_CODE_H2,
        restrictions: "",
        permittedRecipients: ["Europol!"],
        thirdPartyConsent: [],
      };
    },
    ["handling.permittedRecipients[0] INVALID_PARTY"],
  ],
  // time
  [
    "created in the future",
    (a) => {
      header(a).createdAt = new Date(NOW.getTime() + 3_600_000);
    },
    ["header.createdAt IN_FUTURE"],
  ],
  [
    "born after the alert",
    (a) => {
      at(a.persons, 0).dateOfBirth = "2026";
    },
    ["persons[0].dateOfBirth IN_FUTURE"],
  ],
  [
    "advert captured after the alert",
    (a) => {
      at(a.advertisements, 0).capturedAt = new Date("2025-10-03T00:00:00Z");
    },
    ["advertisements[0].capturedAt IN_FUTURE"],
  ],
  [
    "respond_by before creation",
    (a) => {
      header(a).respondBy = new Date("2025-10-01T00:00:00Z");
    },
    ["header.respondBy DATE_ORDER"],
  ],
  [
    "arrival before departure",
    (a) => {
      a.route = { ...route(a), legs: [{ ...at(route(a).legs, 0), departedOn: "2025-10-01", arrivedOn: "2025-09" }] };
    },
    ["route.legs[0].arrivedOn DATE_ORDER"],
  ],
  [
    "partial dates that may overlap",
    (a) => {
      a.route = { ...route(a), legs: [{ ...at(route(a).legs, 0), departedOn: "2025-09-30", arrivedOn: "2025-09" }] };
    },
    [],
  ],
  [
    "impossible date",
    (a) => {
      at(a.persons, 1).dateOfBirth = "2009-02-30";
    },
    ["persons[1].dateOfBirth INVALID_DATE"],
  ],
  [
    "not an ISO date",
    (a) => {
      at(route(a).legs, 0).departedOn = "20.09.2025";
    },
    ["route.legs[0].departedOn INVALID_DATE"],
  ],
  // language
  [
    "language not BCP 47",
    (a) => {
      header(a).language = "en_US";
    },
    ["header.language INVALID_LANGUAGE"],
  ],
  [
    "advert language not BCP 47",
    (a) => {
      at(a.advertisements, 0).language = "de_DE";
    },
    ["advertisements[0].language INVALID_LANGUAGE"],
  ],
  // minors
  [
    "minor without age band",
    (a) => {
      at(a.persons, 1).ageBand = 0;
    },
    ["persons[1].ageBand MINOR_WITHOUT_AGE_BAND"],
  ],
  [
    "minor with an adult band",
    (a) => {
      const p = at(a.persons, 1);
      p.ageBand = 4;
      p.dateOfBirth = "";
    },
    ["persons[1].ageBand MINOR_WITHOUT_AGE_BAND"],
  ],
  [
    "minor band not marked minor",
    (a) => {
      const p = at(a.persons, 1);
      p.minor = false;
      p.dateOfBirth = "";
    },
    ["persons[1].minor AGE_BAND_IMPLIES_MINOR"],
  ],
  [
    "child by date of birth, marked adult",
    (a) => {
      const p = at(a.persons, 1);
      p.minor = false;
      p.ageBand = 0;
    },
    ["persons[1].dateOfBirth AGE_INCONSISTENT"],
  ],
  [
    "date of birth outside the band",
    (a) => {
      at(a.persons, 0).dateOfBirth = "1960-05";
    },
    ["persons[0].dateOfBirth AGE_INCONSISTENT"],
  ],
  [
    "marked minor, born too early",
    (a) => {
      const p = at(a.persons, 1);
      p.dateOfBirth = "1990";
      p.ageBand = 0;
    },
    ["persons[1].ageBand MINOR_WITHOUT_AGE_BAND", "persons[1].dateOfBirth AGE_INCONSISTENT"],
  ],
  // refs and pointers
  [
    "malformed ref",
    (a) => {
      a.vehicles.push({
        ref: "V 2",
        kind: Vehicle_Kind.KIND_VAN,
        registrationPlate: "",
        registrationCountry: "",
        makeModel: "",
        colour: "",
      });
    },
    ["vehicles[1].ref INVALID_REF"],
  ],
  [
    "ref reused across lists",
    (a) => {
      at(a.locations, 0).ref = "P1";
      at(a.persons, 1).locationRefs = [];
    },
    ["locations[0].ref DUPLICATE_REF"],
  ],
  [
    "pointer to nothing",
    (a) => {
      at(a.persons, 1).locationRefs = ["L9"];
    },
    ["persons[1].locationRefs[0] UNKNOWN_REF"],
  ],
  [
    "pointer to the wrong list",
    (a) => {
      at(a.financialInstruments, 0).holderRef = "L1";
    },
    ["financialInstruments[0].holderRef UNKNOWN_REF"],
  ],
  [
    "leg names an unknown vehicle",
    (a) => {
      at(route(a).legs, 0).vehicleRef = "V9";
    },
    ["route.legs[0].vehicleRef UNKNOWN_REF"],
  ],
  [
    "organisation pointer to a person",
    (a) => {
      at(a.persons, 0).organisationRefs = ["P2"];
    },
    ["persons[0].organisationRefs[0] UNKNOWN_REF"],
  ],
  // countries
  [
    "EU is no country",
    (a) => {
      at(a.persons, 0).nationalities = ["EU"];
    },
    ["persons[0].nationalities[0] INVALID_COUNTRY"],
  ],
  [
    "lower case country",
    (a) => {
      at(a.locations, 0).country = "de";
    },
    ["locations[0].country INVALID_COUNTRY"],
  ],
  [
    "route country",
    (a) => {
      route(a).transitCountries = ["XX"];
    },
    ["route.transitCountries[0] INVALID_COUNTRY"],
  ],
  // formats
  [
    "advert url not http(s)",
    (a) => {
      at(a.advertisements, 0).url = "ftp://example.org/x";
    },
    ["advertisements[0].url INVALID_URL"],
  ],
  [
    "website not a url",
    (a) => {
      at(a.organisations, 0).website = "escort-listings dot example";
    },
    ["organisations[0].website INVALID_URL"],
  ],
  [
    "IBAN with a wrong check number",
    (a) => {
      at(a.financialInstruments, 0).identifier = "DE88 3704 0044 0532 0130 00";
    },
    ["financialInstruments[0].identifier INVALID_IBAN"],
  ],
  [
    "e-mail that is not one",
    (a) => {
      at(a.persons, 0).onlineIdentifiers = [
        { kind: OnlineIdentifier_Kind.KIND_EMAIL, value: "not-an-email", platform: "" },
      ];
    },
    ["persons[0].onlineIdentifiers[0].value INVALID_IDENTIFIER"],
  ],
  [
    "phone number with letters",
    (a) => {
      at(a.persons, 0).onlineIdentifiers = [
        { kind: OnlineIdentifier_Kind.KIND_PHONE_NUMBER, value: "call me", platform: "" },
      ];
    },
    ["persons[0].onlineIdentifiers[0].value INVALID_IDENTIFIER"],
  ],
  [
    "latitude beyond the pole",
    (a) => {
      at(a.locations, 0).latitude = 91;
    },
    ["locations[0].latitude INVALID_COORDINATES"],
  ],
  [
    "capture digest not sha-256",
    (a) => {
      at(a.advertisements, 0).captureSha256 = "abc";
    },
    ["advertisements[0].captureSha256 INVALID_DIGEST"],
  ],
  // sets
  [
    "purpose twice",
    (a) => {
      header(a).purposes = [Purpose.PURPOSE_INVESTIGATION, Purpose.PURPOSE_INVESTIGATION];
    },
    ["header.purposes[1] DUPLICATE"],
  ],
  [
    "related crime area repeats the crime area",
    (a) => {
      a.relatedCrimeAreas = [CrimeArea.CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS];
    },
    ["relatedCrimeAreas[0] DUPLICATE"],
  ],
  [
    "nationality twice",
    (a) => {
      at(a.persons, 0).nationalities = ["RO", "RO"];
    },
    ["persons[0].nationalities[1] DUPLICATE"],
  ],
  // handling consistency
  [
    "restrictions without H3",
    (a) => {
      handling(a).restrictions = "only for the JIT";
    },
    ["handling.restrictions NOT_APPLICABLE"],
  ],
  [
    "permitted recipients with H1",
    (a) => {
      a.handling = {
        code: HandlingCode.HANDLING_CODE_H1,
        restrictions: "",
        permittedRecipients: ["europol"],
        thirdPartyConsent: [],
      };
    },
    ["handling.permittedRecipients NOT_APPLICABLE"],
  ],
  // sizes
  [
    "summary too long",
    (a) => {
      a.summary = "x".repeat(4001);
    },
    ["summary TOO_LONG"],
  ],
  [
    "role too long",
    (a) => {
      at(a.persons, 0).role = "x".repeat(501);
    },
    ["persons[0].role TOO_LONG"],
  ],
  [
    "too many case references",
    (a) => {
      header(a).caseReferences = Array.from({ length: 21 }, (_, i) => ({
        system: "INPOL",
        reference: `R${i}`,
        authority: "",
      }));
    },
    ["header.caseReferences TOO_MANY"],
  ],
];

describe("validateAlert, one code at a time", () => {
  it.each(CASES)("%s", (_name, change, expected) => {
    expect(issuesOf(mutate(baseAlert(), change))).toEqual(expected);
  });

  it("covers every validation code", () => {
    const covered = new Set(CASES.flatMap(([, , expected]) => expected.map((e) => e.split(" ")[1])));
    expect([...covered].sort()).toEqual([...VALIDATION_CODES].sort());
  });

  it("never repeats alert content in a message", () => {
    for (const [, change] of CASES) {
      const alert = mutate(baseAlert(), change);
      const texts = JSON.stringify(alert).match(/"[^"]{4,}"/g) ?? [];
      const values = texts.map((t) => t.slice(1, -1)).filter((t) => !/^[a-z][a-zA-Z]*$/.test(t)); // keys
      for (const issue of validateAlert(alert, { now: NOW })) {
        for (const v of values) expect(issue.message).not.toContain(v);
      }
    }
  });

  it("reports every problem at once, in a stable order", () => {
    const alert = mutate(baseAlert(), (a) => {
      header(a).version = 0;
      at(a.persons, 0).nationalities = ["EU"];
      at(a.locations, 0).latitude = 100;
    });
    expect(issuesOf(alert)).toEqual([
      "header.version INVALID_VERSION",
      "persons[0].nationalities[0] INVALID_COUNTRY",
      "locations[0].latitude INVALID_COORDINATES",
    ]);
  });

  it("honours the allowed clock skew", () => {
    const alert = mutate(baseAlert(), (a) => {
      header(a).createdAt = new Date(NOW.getTime() + 60_000);
    });
    expect(validateAlert(alert, { now: NOW })).toEqual([]);
    expect(validateAlert(alert, { now: NOW, maxClockSkewMs: 0 }).map((i) => i.code)).toEqual(["IN_FUTURE"]);
  });
});

describe("assertValidAlert", () => {
  it("passes a valid alert", () => {
    expect(() => assertValidAlert(baseAlert(), { now: NOW })).not.toThrow();
  });

  it("throws one PolicyError VALIDATION_FAILED listing every field", () => {
    const alert = mutate(baseAlert(), (a) => {
      header(a).version = 0;
      a.crimeArea = CrimeArea.CRIME_AREA_UNSPECIFIED;
    });
    try {
      assertValidAlert(alert, { now: NOW });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PolicyError);
      const e = err as PolicyError;
      expect(e.code).toBe("VALIDATION_FAILED");
      expect(e.fields.map((f) => `${f.path} ${f.code}`)).toEqual([
        "header.version INVALID_VERSION",
        "crimeArea REQUIRED",
      ]);
    }
  });
});
