import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { allFieldPatterns, DataSubjectCategory, Purpose } from "@ariadne/contracts";
import { loadMandatesFile, MANDATE_ISSUE_CODES, type MandateSet, PolicyError, parseMandates } from "@ariadne/policy";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { SHIPPED_MANDATES, testMandatesDoc } from "./fixtures.ts";

function refusal(input: string | Uint8Array): PolicyError {
  try {
    parseMandates(input);
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError);
    return err as PolicyError;
  }
  throw new Error("expected the mandates to be refused");
}
const issues = (input: string) => refusal(input).fields.map((f) => `${f.path} ${f.code}`);

type Doc = ReturnType<typeof testMandatesDoc>;
type Recipient = Doc["recipients"][number] & Record<string, unknown>;
function edited(change: (doc: Doc, first: Recipient) => void): string {
  const doc = testMandatesDoc();
  const first = doc.recipients[0] as Recipient;
  change(doc, first);
  return stringify(doc);
}

describe("the shipped mandates", () => {
  const bytes = readFileSync(SHIPPED_MANDATES);
  const set: MandateSet = parseMandates(bytes);
  const byId = new Map(set.recipients.map((m) => [m.id, m]));
  const get = (id: string) => {
    const m = byId.get(id);
    if (!m) throw new Error(`no mandate for ${id}`);
    return m;
  };
  const personFields = (id: string, c: DataSubjectCategory) => [...(get(id).persons.get(c) ?? [])];

  it("load, and their version is the SHA-256 of the file bytes", () => {
    expect(set.version).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(set.version).toMatch(/^[0-9a-f]{64}$/);
  });

  it("name Europol, Eurojust, Frontex, four member-state NCPs and a third party", () => {
    expect(set.recipients.map((m) => m.id)).toEqual([
      "europol",
      "eurojust",
      "frontex",
      "ncp.nl",
      "ncp.de",
      "ncp.fr",
      "ncp.ro",
      "ncp.ua",
    ]);
    expect(set.recipients.filter((m) => m.thirdParty).map((m) => m.id)).toEqual(["ncp.ua"]);
    for (const m of set.recipients) expect(m.legalBasis).toMatch(/(Regulation|Directive) \(EU\) \d{4}\/\d+/);
  });

  it("use only patterns the contract has", () => {
    const all = new Set(allFieldPatterns());
    for (const m of set.recipients) {
      const used = [...m.fields, ...[...m.persons.values()].flatMap((s) => [...s]), ...m.minors.fields];
      for (const p of used) expect(all.has(p), `${m.id}: ${p}`).toBe(true);
    }
  });

  it("give Eurojust no victim identities or contact details", () => {
    for (const c of [
      DataSubjectCategory.DATA_SUBJECT_CATEGORY_VICTIM,
      DataSubjectCategory.DATA_SUBJECT_CATEGORY_POTENTIAL_VICTIM,
    ]) {
      const fields = personFields("eurojust", c);
      for (const p of [
        "persons.name",
        "persons.addresses",
        "persons.online_identifiers",
        "persons.identity_documents",
      ]) {
        expect(fields).not.toContain(p);
      }
    }
    expect(personFields("eurojust", DataSubjectCategory.DATA_SUBJECT_CATEGORY_SUSPECT)).toContain("persons.name");
    expect([...get("eurojust").fields]).toEqual(
      expect.arrayContaining(["header.case_references", "competent_authorities"]),
    );
  });

  it("give Frontex routes and documents, no victim identities, and suspects only narrowly", () => {
    expect([...get("frontex").fields]).toEqual(
      expect.arrayContaining(["route.border_crossings", "route.legs", "modus_operandi"]),
    );
    expect(personFields("frontex", DataSubjectCategory.DATA_SUBJECT_CATEGORY_VICTIM)).not.toContain("persons.name");
    expect(personFields("frontex", DataSubjectCategory.DATA_SUBJECT_CATEGORY_VICTIM)).not.toContain(
      "persons.identity_documents",
    );
    const suspect = personFields("frontex", DataSubjectCategory.DATA_SUBJECT_CATEGORY_SUSPECT);
    expect(suspect).toContain("persons.identity_documents");
    for (const p of ["persons.name", "persons.date_of_birth", "persons.online_identifiers", "persons.addresses"]) {
      expect(suspect).not.toContain(p);
    }
  });

  it("release a minor's identity to Europol only for victim identification", () => {
    const minors = get("europol").minors;
    expect([...minors.fields]).not.toContain("persons.name");
    expect([...minors.identityFields]).toContain("persons.name");
    expect([...minors.identityPurposes]).toEqual([Purpose.PURPOSE_VICTIM_IDENTIFICATION]);
  });
});

describe("parseMandates refuses a bad file, listing every bad path", () => {
  const cases: [string, string, string[]][] = [
    [
      "unknown pattern",
      edited((_, r) => r.fields.push("persons.nmae")),
      ["recipients[0].fields[12] UNKNOWN_FIELD_PATTERN"],
    ],
    [
      "person field under fields",
      edited((_, r) => r.fields.push("persons.name")),
      ["recipients[0].fields[12] WRONG_SECTION"],
    ],
    [
      "non-person field under persons",
      edited((_, r) => r.persons.DATA_SUBJECT_CATEGORY_SUSPECT?.push("summary")),
      ["recipients[0].persons.DATA_SUBJECT_CATEGORY_SUSPECT[6] WRONG_SECTION"],
    ],
    [
      "handling not listed",
      edited((_, r) => {
        r.fields = r.fields.filter((f) => f !== "handling");
      }),
      ["recipients[0].fields REQUIRED_FIELD_MISSING"],
    ],
    [
      "a category list without persons.minor",
      edited((_, r) => {
        r.persons.DATA_SUBJECT_CATEGORY_VICTIM = ["persons.category", "persons.name"];
      }),
      ["recipients[0].persons.DATA_SUBJECT_CATEGORY_VICTIM REQUIRED_FIELD_MISSING"],
    ],
    [
      "a purpose twice",
      edited((_, r) => r.purposes.push("PURPOSE_CRIMINAL_ANALYSIS")),
      ["recipients[0].purposes[2] DUPLICATE"],
    ],
    [
      "two mandates for one recipient",
      edited((d) => {
        d.recipients.push({ ...(d.recipients[1] as Recipient) });
      }),
      ["recipients[5].id DUPLICATE_RECIPIENT"],
    ],
    [
      "a minor identity purpose the mandate does not serve",
      edited((_, r) => {
        r.minors.identity_purposes = ["PURPOSE_PREVENTION"];
      }),
      ["recipients[0].minors.identity_purposes[0] PURPOSE_NOT_IN_MANDATE"],
    ],
    ["an unknown key", edited((_, r) => Object.assign(r, { colour: "blue" })), ["recipients[0] UNRECOGNIZED_KEYS"]],
    ["an unknown code", edited((_, r) => r.crime_areas.push("THB")), ["recipients[0].crime_areas[2] INVALID_VALUE"]],
    [
      "an unknown category",
      edited((_, r) => Object.assign(r.persons, { DATA_SUBJECT_CATEGORY_VIP: [] })),
      ["recipients[0].persons UNRECOGNIZED_KEYS"],
    ],
    [
      "a wrong type",
      edited((_, r) => Object.assign(r, { third_party: "no" })),
      ["recipients[0].third_party INVALID_TYPE"],
    ],
    [
      "a bad recipient id",
      edited((_, r) => Object.assign(r, { id: "Europol HQ" })),
      ["recipients[0].id INVALID_FORMAT"],
    ],
    ["no crime area", edited((_, r) => Object.assign(r, { crime_areas: [] })), ["recipients[0].crime_areas TOO_SMALL"]],
    ["another format", edited((d) => Object.assign(d, { schema: "ariadne.mandates/v2" })), ["schema INVALID_VALUE"]],
    ["not YAML", "recipients: [unclosed", ["(file) MALFORMED"]],
    ["a key twice", "schema: a\nschema: b\n", ["(file) MALFORMED"]],
  ];

  it.each(cases)("%s", (_name, text, expected) => {
    const err = refusal(text);
    expect(err.code).toBe("MANDATES_INVALID");
    expect(err.fields.map((f) => `${f.path} ${f.code}`)).toEqual(expected);
  });

  it("uses only documented issue codes", () => {
    for (const [, text] of cases) {
      for (const f of refusal(text).fields) expect(MANDATE_ISSUE_CODES).toContain(f.code);
    }
  });

  it("lists every problem of every recipient in one error, message included", () => {
    const text = edited((d, r) => {
      r.fields.push("locations.nope");
      (d.recipients[2] as Recipient).handling_codes = ["H9"];
      (d.recipients[3] as Recipient).purposes.push("PURPOSE_INVESTIGATION");
    });
    const err = refusal(text);
    expect(issues(text)).toEqual([
      "recipients[0].fields[12] UNKNOWN_FIELD_PATTERN",
      "recipients[2].handling_codes[0] INVALID_VALUE",
      "recipients[3].purposes[1] DUPLICATE",
    ]);
    for (const f of err.fields) expect(err.message).toContain(f.path);
    expect(err.fields[1]?.message).toMatch(/^third: /);
  });

  it("refuses a file too large to be a mandates file", () => {
    expect(issues(`# ${"x".repeat(1024 * 1024)}\n`)).toEqual(["(file) TOO_LARGE"]);
  });

  it("an unreadable file is MANDATES_UNREADABLE", async () => {
    await expect(loadMandatesFile("/nonexistent/mandates.yaml")).rejects.toMatchObject({
      code: "MANDATES_UNREADABLE",
    });
  });

  it("any byte changes the policy version, even a comment", () => {
    const text = stringify(testMandatesDoc());
    expect(parseMandates(text).version).not.toBe(parseMandates(`# reviewed\n${text}`).version);
    expect(parseMandates(text).version).toBe(parseMandates(new TextEncoder().encode(text)).version);
  });
});
