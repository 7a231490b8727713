import { describe, expect, it } from "vitest";
import {
  allFieldPatterns,
  FieldPathError,
  formatUnitPath,
  parseUnitPath,
  patternOf,
  unitFieldNumbers,
} from "../src/mod.ts";

describe("unit paths", () => {
  it.each([
    ["crime_area", "crime_area", { field: 2 }],
    ["summary", "summary", { field: 14 }],
    ["header.case_references", "header.case_references", { outer: 1, field: 5 }],
    ["route.border_crossings", "route.border_crossings", { outer: 7, field: 5 }],
    ["persons[P1].name", "persons.name", { outer: 6, field: 4 }],
    ["financial_instruments[F-2].identifier", "financial_instruments.identifier", { outer: 11, field: 3 }],
  ])("%s has pattern %s and round-trips", (path, pattern, numbers) => {
    expect(patternOf(path)).toBe(pattern);
    expect(formatUnitPath(parseUnitPath(path))).toBe(path);
    expect(unitFieldNumbers(parseUnitPath(path))).toEqual(numbers);
  });

  it.each([
    ["persons.name", "needs [ref]"],
    ["persons[P1]", "needs [ref].field"],
    ["persons[P1].ref", "unknown"],
    ["persons[P 1].name", "not a unit path"],
    ["header.alert_id", "not a disclosable"],
    ["header", "needs .field"],
    ["summary.text", "no sub-fields"],
    ["crime_area[1]", "not a list"],
    ["nope", "unknown alert field"],
    ["persons[P1].nope", "unknown Person field"],
  ])("refuses %s (%s)", (path, why) => {
    expect(() => parseUnitPath(path)).toThrow(FieldPathError);
    expect(() => parseUnitPath(path)).toThrow(why);
  });

  it("lists every pattern a mandate may name, and nothing else", () => {
    const all = allFieldPatterns();
    expect(all).toContain("persons.name");
    expect(all).toContain("header.case_references");
    expect(all).toContain("summary");
    expect(all).not.toContain("header.alert_id");
    expect(all).not.toContain("persons.ref");
    expect(all).not.toContain("persons");
    expect(new Set(all).size).toBe(all.length);
  });
});

describe("presentUnits", () => {
  it("lists what an example alert holds, by entity ref", async () => {
    const { readFileSync } = await import("node:fs");
    const { parseAlertDocument, presentUnits } = await import("../src/mod.ts");
    const text = readFileSync(
      new URL("../../../examples/minor-sexual-exploitation-online.yaml", import.meta.url),
      "utf8",
    );
    const units = presentUnits(parseAlertDocument(text));
    expect(units).toContain("crime_area");
    expect(units).toContain("header.case_references");
    expect(units).toContain("persons[P1].minor");
    expect(units).toContain("persons[P1].name");
    expect(units).toContain("route.border_crossings");
    expect(units).not.toContain("header.alert_id");
    expect(units).not.toContain("persons[P3].minor"); // false is the proto3 default: not on the wire
    expect(units).not.toContain("vehicles");
    for (const u of units) expect(formatUnitPath(parseUnitPath(u))).toBe(u);
  });
});
