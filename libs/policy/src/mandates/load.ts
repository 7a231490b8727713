import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import {
  CrimeArea,
  DataSubjectCategory,
  ExploitationForm,
  type FieldIssue,
  HandlingCode,
  Purpose,
} from "@ariadne/contracts";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { PolicyError } from "../errors.ts";
import { MANDATES_FILE, type MandateIssueCode, type RawMandate } from "./schema.ts";
import type { Mandate, MandateSet } from "./types.ts";

/** Far beyond any real mandates file; refuses a wrong file early. */
export const MAX_MANDATES_BYTES = 1024 * 1024;

/** The policy version: SHA-256 (hex) of the exact file bytes, recorded with every decision. */
export function policyVersion(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Parses and checks a mandates file (YAML, or JSON which is YAML). Every problem is listed
 * with its path, so a bad edit is fixed in one go; throws PolicyError MANDATES_INVALID.
 */
export function parseMandates(input: Uint8Array | string): MandateSet {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const version = policyVersion(bytes);
  if (bytes.byteLength > MAX_MANDATES_BYTES) {
    throw invalid([{ path: "(file)", code: "TOO_LARGE", message: `larger than ${MAX_MANDATES_BYTES} bytes` }]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(new TextDecoder("utf-8", { fatal: true }).decode(bytes), { strict: true, uniqueKeys: true });
  } catch (err) {
    const first = (err as Error).message.split("\n")[0] ?? "";
    throw invalid([{ path: "(file)", code: "MALFORMED", message: `not valid YAML/JSON: ${first}` }]);
  }
  const result = MANDATES_FILE.safeParse(raw);
  if (!result.success) throw invalid(result.error.issues.map((i) => toFieldIssue(i, raw)));
  return { version, recipients: result.data.recipients.map(compile) };
}

/** Reads and parses a mandates file; an unreadable file is MANDATES_UNREADABLE. */
export async function loadMandatesFile(path: string): Promise<MandateSet> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "EIO";
    throw new PolicyError("MANDATES_UNREADABLE", `cannot read mandates file ${path}: ${code}`, [], { cause: err });
  }
  return parseMandates(bytes);
}

function invalid(fields: FieldIssue[]): PolicyError {
  const list = fields.map((f) => `${f.path}: ${f.message}`).join("; ");
  return new PolicyError("MANDATES_INVALID", `invalid mandates: ${list}`, fields);
}

/**
 * zod's issue as a FieldIssue: the path in brackets-and-dots, our code for our own checks, and
 * the recipient's id before the message, since "recipients[5]" alone sends a reader counting.
 */
function toFieldIssue(issue: z.core.$ZodIssue, raw: unknown): FieldIssue {
  const path = issue.path.reduce<string>(
    (acc, k) => (typeof k === "number" ? `${acc}[${k}]` : acc === "" ? String(k) : `${acc}.${String(k)}`),
    "",
  );
  const own = issue.code === "custom" ? (issue.params as { code?: MandateIssueCode } | undefined)?.code : undefined;
  const code = own ?? (issue.code.toUpperCase() as MandateIssueCode);
  const id = issue.path[0] === "recipients" ? recipientId(raw, issue.path[1]) : undefined;
  return { path: path || "(root)", code, message: id ? `${id}: ${issue.message}` : issue.message };
}

function recipientId(raw: unknown, index: PropertyKey | undefined): string | undefined {
  if (typeof index !== "number" || typeof raw !== "object" || raw === null) return undefined;
  const recipients = (raw as { recipients?: unknown }).recipients;
  const entry = Array.isArray(recipients) ? (recipients[index] as { id?: unknown } | undefined) : undefined;
  return typeof entry?.id === "string" ? entry.id : undefined;
}

const value = <E extends Record<string, string | number>>(e: E, name: string) => e[name] as E[keyof E];

function compile(m: RawMandate): Mandate {
  const persons = new Map<DataSubjectCategory, ReadonlySet<string>>();
  for (const [category, fields] of Object.entries(m.persons)) {
    persons.set(value(DataSubjectCategory, category), new Set(fields));
  }
  return {
    id: m.id,
    displayName: m.display_name,
    legalBasis: m.legal_basis.trim(),
    thirdParty: m.third_party,
    crimeAreas: new Set(m.crime_areas.map((n) => value(CrimeArea, n))),
    exploitationForms: new Set(m.exploitation_forms.map((n) => value(ExploitationForm, n))),
    purposes: new Set(m.purposes.map((n) => value(Purpose, n))),
    handlingCodes: new Set(m.handling_codes.map((n) => value(HandlingCode, n))),
    fields: new Set(m.fields),
    persons,
    minors: {
      fields: new Set(m.minors.fields),
      identityFields: new Set(m.minors.identity_fields),
      identityPurposes: new Set(m.minors.identity_purposes.map((n) => value(Purpose, n))),
      textFields: new Set(m.minors.text_fields),
    },
  };
}
