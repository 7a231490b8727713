import { CrimeArea } from "@ariadne/contracts";
import { describe, expect, it } from "vitest";
import { repliesFor } from "../src/mod.ts";
import { example, messageFor } from "./helpers.ts";

const minorCase = example("minor-sexual-exploitation-online");
const forced = example("forced-criminality-external-border");

describe("reply rules (pure)", () => {
  it("Europol: no suspect with a means of communication, no match", () => {
    const m = messageFor("europol", { ...minorCase, persons: minorCase.persons.filter((p) => p.ref !== "P2") });
    expect(repliesFor("europol", m)).toEqual([
      { kind: "NO_MATCH", agencyReference: "NO-MATCH", text: "no match in Europol analysis projects" },
    ]);
  });

  it("Europol: a victim's own identifiers do not make a match", () => {
    const victimsOnly = { ...minorCase, persons: minorCase.persons.filter((p) => p.ref === "P1"), advertisements: [] };
    expect(repliesFor("europol", messageFor("europol", victimsOnly))[0]?.kind).toBe("NO_MATCH");
  });

  it("Europol: the project follows the crime area", () => {
    const smuggling = { ...forced, crimeArea: CrimeArea.CRIME_AREA_MIGRANT_SMUGGLING };
    expect(repliesFor("europol", messageFor("europol", smuggling))[0]?.agencyReference).toBe("AP MIGRANT SMUGGLING");
    const withheld = { ...forced, crimeArea: CrimeArea.CRIME_AREA_UNSPECIFIED };
    expect(repliesFor("europol", messageFor("europol", withheld))[0]?.agencyReference).toBe("AP PHOENIX");
  });

  it("Eurojust: the desk of the notifying state, whatever the type", () => {
    expect(repliesFor("eurojust", messageFor("eurojust", forced))).toEqual([
      { kind: "DESK_ASSIGNED", agencyReference: "NATIONAL-DESK-FR", text: "national desk FR assigned (REQUEST_JIT)" },
    ]);
  });

  it("Frontex: an internal section when no external border was crossed", () => {
    expect(repliesFor("frontex", messageFor("frontex", minorCase))).toEqual([
      {
        kind: "RISK_ASSESSMENT_UPDATED",
        agencyReference: "RA-DE-AIR",
        text: "risk assessment updated for border section DE-AIR (impact CRITICAL)",
      },
    ]);
  });

  it("replies carry references and codes, never what the message says about people", () => {
    for (const agency of ["europol", "eurojust", "frontex"] as const) {
      for (const alert of [minorCase, forced]) {
        const text = JSON.stringify(repliesFor(agency, messageFor(agency, alert)));
        for (const p of alert.persons) {
          for (const s of [p.name?.familyName, p.name?.givenNames, p.role]) if (s) expect(text).not.toContain(s);
        }
      }
    }
  });
});
