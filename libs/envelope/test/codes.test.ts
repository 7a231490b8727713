import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENVELOPE_ERROR_CODES, EnvelopeError } from "../src/mod.ts";

describe("error codes", () => {
  it("every code is asserted by some test in this package", () => {
    const dir = new URL("./", import.meta.url);
    const sources = readdirSync(dir)
      .filter((f) => f.endsWith(".test.ts") && f !== "codes.test.ts")
      .map((f) => readFileSync(new URL(f, dir), "utf8"))
      .join("\n");
    const untested = ENVELOPE_ERROR_CODES.filter((code) => !sources.includes(`"${code}"`));
    expect(untested).toEqual([]);
  });

  it("are stable strings on one error class", () => {
    const err = new EnvelopeError("REPLAY", "x");
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("EnvelopeError");
    expect(err.code).toBe("REPLAY");
    expect(new Set(ENVELOPE_ERROR_CODES).size).toBe(ENVELOPE_ERROR_CODES.length);
  });
});
