import { CrimeArea, ExploitationForm, Priority, Purpose } from "@ariadne/contracts";
import { describe, expect, it } from "vitest";
import { continuesPrevious, firstProblem, type VerifyReport } from "../src/audit/offline-verify.ts";
import { CliError, errorLine, exitCodeOf } from "../src/errors.ts";
import { feedFilters } from "../src/feed/filters.ts";
import { justification, parseAlertId, parseEnumValue, parseSince } from "../src/options.ts";

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return (err as CliError).code;
  }
  return undefined;
}

describe("option parsing", () => {
  it("reads enum values however a person types them, and refuses the unspecified one", () => {
    for (const text of ["criminal-analysis", "CRIMINAL_ANALYSIS", "PURPOSE_CRIMINAL_ANALYSIS"]) {
      expect(parseEnumValue("purpose", Purpose, "PURPOSE_", text)).toBe(Purpose.PURPOSE_CRIMINAL_ANALYSIS);
    }
    expect(codeOf(() => parseEnumValue("purpose", Purpose, "PURPOSE_", "unspecified"))).toBe("USAGE");
    expect(codeOf(() => parseEnumValue("purpose", Purpose, "PURPOSE_", "curiosity"))).toBe("USAGE");
  });

  it("defaults the justification of a consultation", () => {
    const why = justification(undefined, undefined);
    expect(why.purposes).toEqual([Purpose.PURPOSE_CRIMINAL_ANALYSIS]);
    expect(why.legalBasis).toMatch(/2016\/680 Art\. 25/);
    expect(justification(["investigation", "investigation"], "x").purposes).toEqual([Purpose.PURPOSE_INVESTIGATION]);
  });

  it("reads --since as an ISO time or a duration back from now", () => {
    const now = new Date("2026-11-28T12:00:00Z");
    expect(parseSince("2h", now).toISOString()).toBe("2026-11-28T10:00:00.000Z");
    expect(parseSince("7d", now).toISOString()).toBe("2026-11-21T12:00:00.000Z");
    expect(parseSince("2026-11-28T09:30:00Z", now).toISOString()).toBe("2026-11-28T09:30:00.000Z");
    expect(codeOf(() => parseSince("yesterday", now))).toBe("USAGE");
  });

  it("takes only UUIDs as alert ids", () => {
    expect(parseAlertId("019380A2-6C1E-7A3B-9F10-2B7C4D5E6F01")).toBe("019380a2-6c1e-7a3b-9f10-2b7c4d5e6f01");
    expect(codeOf(() => parseAlertId("ALERT-1"))).toBe("USAGE");
  });

  it("builds feed filters; --ncp and --country name the same member state once", () => {
    expect(
      feedFilters({
        crimeArea: ["trafficking-in-human-beings"],
        form: ["labour"],
        priority: ["urgent"],
        ncp: ["ncp.de"],
        country: ["de", "NL"],
      }),
    ).toEqual({
      crimeAreas: [CrimeArea.CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS],
      exploitationForms: [ExploitationForm.EXPLOITATION_FORM_LABOUR],
      priorities: [Priority.PRIORITY_URGENT],
      originatingCountries: ["DE", "NL"],
    });
    expect(codeOf(() => feedFilters({ ncp: ["europol"] }))).toBe("USAGE");
    expect(codeOf(() => feedFilters({ country: ["DEU"] }))).toBe("USAGE");
  });
});

describe("error lines", () => {
  it("are `ariadne: CODE: message` on one line, with the code's exit status", () => {
    const err = new CliError("REJECTED", "refused\nsecond line");
    expect(errorLine(err)).toBe("ariadne: REJECTED: refused");
    expect(exitCodeOf(err)).toBe(3);
    expect(errorLine(Object.assign(new Error("boom"), { code: "PUBLISH_FAILED" }))).toBe(
      "ariadne: PUBLISH_FAILED: boom",
    );
    expect(errorLine(new Error("boom"))).toBe("ariadne: INTERNAL: boom");
    expect(exitCodeOf(new Error("boom"))).toBe(1);
  });
});

describe("export verification reports", () => {
  const head = (treeSize: number, rootHash: string) => ({ logId: "ariadne-audit/local", treeSize, rootHash });
  const report = (fields: Partial<VerifyReport>): VerifyReport => ({ ok: true, entries: 0, problems: [], ...fields });

  it("point at the damaged entry rather than at the root it breaks", () => {
    const r = report({
      ok: false,
      problems: [
        { code: "ROOT_MISMATCH", line: 2, message: "root" },
        { code: "SIGNATURE_INVALID", line: 9, index: 4, message: "entry 4" },
      ],
    });
    expect(firstProblem(r)).toBe("line 9 (entry 4): SIGNATURE_INVALID: entry 4 (and 1 more)");
  });

  it("accept a later export only when it proves consistency with the previous checkpoint", () => {
    const previous = report({ checkpoint: head(10, "aa") });
    expect(
      continuesPrevious(report({ checkpoint: head(20, "bb"), earlierCheckpoint: head(10, "aa") }), previous),
    ).toBeUndefined();
    expect(continuesPrevious(report({ checkpoint: head(10, "aa") }), previous)).toBeUndefined();
    expect(continuesPrevious(report({ checkpoint: head(10, "cc") }), previous)).toMatch(/rewritten/);
    expect(continuesPrevious(report({ checkpoint: head(5, "dd") }), previous)).toMatch(/older/);
    expect(
      continuesPrevious(report({ checkpoint: head(20, "bb"), earlierCheckpoint: head(8, "ee") }), previous),
    ).toMatch(/size 8, not with the previous one \(size 10\)/);
    expect(continuesPrevious(report({ checkpoint: head(20, "bb") }), previous)).toMatch(/no consistency proof/);
  });
});
