import { PARTY_ID } from "@ariadne/bus";
import {
  allFieldPatterns,
  CrimeArea,
  DataSubjectCategory,
  ExploitationForm,
  HandlingCode,
  Purpose,
} from "@ariadne/contracts";
import { z } from "zod";

/**
 * Stable codes of mandate-file problems: zod's own issue codes in upper case, then ours.
 * They name the problem in FieldIssue.code; the path says where.
 */
export const MANDATE_ISSUE_CODES = [
  "TOO_LARGE",
  "MALFORMED",
  "INVALID_TYPE",
  "INVALID_VALUE",
  "INVALID_FORMAT",
  "INVALID_KEY",
  "INVALID_UNION",
  "INVALID_ELEMENT",
  "TOO_SMALL",
  "TOO_BIG",
  "NOT_MULTIPLE_OF",
  "UNRECOGNIZED_KEYS",
  // A field pattern that allFieldPatterns() does not list.
  "UNKNOWN_FIELD_PATTERN",
  // A person pattern under fields, or a non-person pattern under persons/minors.
  "WRONG_SECTION",
  // handling (in fields), persons.category or persons.minor (in a non-empty person list) missing.
  "REQUIRED_FIELD_MISSING",
  "DUPLICATE",
  "DUPLICATE_RECIPIENT",
  // minors.identity_purposes names a purpose the mandate does not serve.
  "PURPOSE_NOT_IN_MANDATE",
] as const;

export type MandateIssueCode = (typeof MANDATE_ISSUE_CODES)[number];

/** The format tag the file starts with, so a future format can be told apart. */
export const MANDATES_SCHEMA = "ariadne.mandates/v1";

/** Enum names a mandate may use: the contract's values without *_UNSPECIFIED and UNRECOGNIZED. */
export function enumNames(e: Record<string, string | number>): [string, ...string[]] {
  const names = Object.keys(e).filter(
    (k) => Number.isNaN(Number(k)) && k !== "UNRECOGNIZED" && !k.endsWith("_UNSPECIFIED"),
  );
  return names as [string, ...string[]];
}

export const CRIME_AREA = z.enum(enumNames(CrimeArea));
export const EXPLOITATION_FORM = z.enum(enumNames(ExploitationForm));
export const PURPOSE = z.enum(enumNames(Purpose));
export const HANDLING_CODE = z.enum(enumNames(HandlingCode));
export const CATEGORY = z.enum(enumNames(DataSubjectCategory));

let patternSet: ReadonlySet<string> | undefined;
const PATTERNS = (): ReadonlySet<string> => {
  patternSet ??= new Set(allFieldPatterns());
  return patternSet;
};
const isPersonPattern = (p: string) => p.startsWith("persons.");

/** A field pattern outside persons: person fields are granted per category. */
const FIELD = z.string().superRefine((p, ctx) => {
  if (!PATTERNS().has(p)) {
    ctx.addIssue({
      code: "custom",
      message: `unknown field pattern "${p}"`,
      params: { code: "UNKNOWN_FIELD_PATTERN" },
    });
  } else if (isPersonPattern(p)) {
    ctx.addIssue({
      code: "custom",
      message: `"${p}" is a person field: grant it under persons.<category>`,
      params: { code: "WRONG_SECTION" },
    });
  }
});

const PERSON_FIELD = z.string().superRefine((p, ctx) => {
  if (!PATTERNS().has(p)) {
    ctx.addIssue({
      code: "custom",
      message: `unknown field pattern "${p}"`,
      params: { code: "UNKNOWN_FIELD_PATTERN" },
    });
  } else if (!isPersonPattern(p)) {
    ctx.addIssue({ code: "custom", message: `"${p}" is not a person field`, params: { code: "WRONG_SECTION" } });
  }
});

const MINORS = z.strictObject({
  fields: z.array(PERSON_FIELD),
  identity_fields: z.array(PERSON_FIELD).default([]),
  identity_purposes: z.array(PURPOSE).default([]),
  text_fields: z.array(FIELD).default([]),
});

// Units that travel with every unit of a person: without them a recipient could not tell a
// victim from a suspect, or a child from an adult, and would apply the wrong rules.
const PROTECTIVE = ["persons.category", "persons.minor"] as const;

const MANDATE = z
  .strictObject({
    id: z.string().regex(PARTY_ID, "not a party id"),
    display_name: z.string().min(1).max(100),
    legal_basis: z.string().min(10).max(2000),
    third_party: z.boolean(),
    crime_areas: z.array(CRIME_AREA).min(1),
    exploitation_forms: z.array(EXPLOITATION_FORM).min(1),
    purposes: z.array(PURPOSE).min(1),
    handling_codes: z.array(HANDLING_CODE).min(1),
    fields: z.array(FIELD),
    persons: z.partialRecord(CATEGORY, z.array(PERSON_FIELD)),
    minors: MINORS,
  })
  .superRefine((m, ctx) => {
    const issue = (path: (string | number)[], code: string, message: string) =>
      ctx.addIssue({ code: "custom", path, message, params: { code } });
    const lists: [string[], (string | number)[]][] = [
      [m.crime_areas, ["crime_areas"]],
      [m.exploitation_forms, ["exploitation_forms"]],
      [m.purposes, ["purposes"]],
      [m.handling_codes, ["handling_codes"]],
      [m.fields, ["fields"]],
      [m.minors.fields, ["minors", "fields"]],
      [m.minors.identity_fields, ["minors", "identity_fields"]],
      [m.minors.identity_purposes, ["minors", "identity_purposes"]],
      [m.minors.text_fields, ["minors", "text_fields"]],
      ...Object.entries(m.persons).map(([c, l]): [string[], string[]] => [l ?? [], ["persons", c]]),
    ];
    for (const [list, path] of lists) {
      list.forEach((v, i) => {
        if (list.indexOf(v) !== i) issue([...path, i], "DUPLICATE", `"${v}" listed twice`);
      });
    }
    if (!m.fields.includes("handling")) {
      issue(["fields"], "REQUIRED_FIELD_MISSING", `"handling" must be listed: every copy carries its handling code`);
    }
    const protective: [string[], (string | number)[]][] = [
      ...Object.entries(m.persons).map(([c, l]): [string[], string[]] => [l ?? [], ["persons", c]]),
      [m.minors.fields, ["minors", "fields"]],
    ];
    for (const [list, path] of protective) {
      if (list.length === 0) continue;
      for (const p of PROTECTIVE) {
        if (!list.includes(p))
          issue(path, "REQUIRED_FIELD_MISSING", `"${p}" must be listed: it travels with every person unit`);
      }
    }
    if (m.minors.text_fields.includes("handling")) {
      issue(["minors", "text_fields"], "WRONG_SECTION", `"handling" travels with every copy and cannot be withheld`);
    }
    m.minors.identity_purposes.forEach((p, i) => {
      if (!m.purposes.includes(p)) {
        issue(["minors", "identity_purposes", i], "PURPOSE_NOT_IN_MANDATE", `${p} is not among the mandate's purposes`);
      }
    });
  });

export const MANDATES_FILE = z
  .strictObject({
    schema: z.literal(MANDATES_SCHEMA),
    recipients: z.array(MANDATE).min(1),
  })
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.recipients.forEach((m, i) => {
      if (seen.has(m.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["recipients", i, "id"],
          message: `recipient "${m.id}" has a second mandate`,
          params: { code: "DUPLICATE_RECIPIENT" },
        });
      }
      seen.add(m.id);
    });
  });

export type MandatesFile = z.output<typeof MANDATES_FILE>;
export type RawMandate = MandatesFile["recipients"][number];
