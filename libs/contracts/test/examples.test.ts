import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { CaseAlert, DocumentError, isAlertId, newAlertId, parseAlertDocument } from "../src/mod.ts";

const EXAMPLES = join(import.meta.dirname, "../../../examples");
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".yaml"));

/** The document with proto3 defaults removed and times normalised: what toJSON may omit or reformat. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(normalise);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const n = normalise(v);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  if (value === false || value === 0 || value === "") return undefined;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value)) return new Date(value).toISOString();
  return value;
}

describe("examples", () => {
  it("there are at least three", () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  for (const file of files) {
    it(`${file} round-trips through the generated code`, () => {
      const text = readFileSync(join(EXAMPLES, file), "utf8");
      const alert = parseAlertDocument(text);
      const bytes = CaseAlert.encode(alert).finish();
      const decoded = CaseAlert.decode(bytes);
      expect(decoded).toEqual(alert);
      // Byte-stable for the same object, and the JSON form is the document itself.
      expect(CaseAlert.encode(decoded).finish()).toEqual(bytes);
      expect(normalise(CaseAlert.toJSON(decoded))).toEqual(normalise(parseYaml(text)));
      expect(isAlertId(decoded.header?.alertId ?? "")).toBe(true);
      expect(decoded.persons.length).toBeGreaterThan(0);
    });
  }
});

describe("parseAlertDocument is strict", () => {
  const base = readFileSync(join(EXAMPLES, "labour-fake-job-ads.yaml"), "utf8");
  const codeOf = (text: string) => {
    try {
      parseAlertDocument(text);
      return "OK";
    } catch (err) {
      expect(err).toBeInstanceOf(DocumentError);
      return `${(err as DocumentError).code} ${(err as DocumentError).fields.map((f) => `${f.path}:${f.code}`).join(",")}`;
    }
  };

  it("names an unknown field", () => {
    expect(codeOf(`${base}\nsumary: typo\n`)).toBe("VALIDATION_FAILED sumary:UNKNOWN_FIELD");
  });
  it("names an unknown code", () => {
    expect(codeOf(base.replace("crimeArea: CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS", "crimeArea: THB"))).toBe(
      "VALIDATION_FAILED crimeArea:INVALID_ENUM",
    );
  });
  it("names a wrong type deep inside", () => {
    expect(codeOf(base.replace("version: 1", "version: one"))).toBe("VALIDATION_FAILED header.version:INVALID_TYPE");
    expect(codeOf(base.replace('createdAt: "2025-09-15T08:42:00Z"', "createdAt: yesterday"))).toBe(
      "VALIDATION_FAILED header.createdAt:INVALID_TIMESTAMP",
    );
  });
  it("refuses what is not YAML, duplicate keys and oversize input", () => {
    expect(codeOf("header: [unclosed")).toBe("MALFORMED ");
    expect(codeOf("summary: a\nsummary: b\n")).toBe("MALFORMED ");
    expect(codeOf(`summary: "${"x".repeat(1024 * 1024)}"`)).toBe("MALFORMED ");
    expect(codeOf("- a list\n- not an alert\n")).toBe("VALIDATION_FAILED (root):INVALID_TYPE");
  });
  it("mints sortable v7 ids", () => {
    const a = newAlertId();
    const b = newAlertId();
    expect(isAlertId(a)).toBe(true);
    expect(a < b).toBe(true);
  });
});
