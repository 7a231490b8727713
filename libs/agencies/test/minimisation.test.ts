import { presentUnits } from "@ariadne/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AGENCIES, CHANNELS, mapToChannel } from "../src/mod.ts";
import { EXAMPLE_FILES, example, metaFor, minimise, withheldOnlyStrings } from "./fixtures.ts";

// The property every mapping owes the data subjects: whatever subset of an alert a mandate lets
// through, the channel message holds nothing of what was withheld, and is valid for its channel.
describe("any minimised copy", () => {
  for (const file of EXAMPLE_FILES) {
    const alert = example(file);
    const units = presentUnits(alert);
    for (const agency of AGENCIES) {
      it(`${file} -> ${agency}: no withheld value leaks, the message is valid and deterministic`, () => {
        fc.assert(
          fc.property(fc.array(fc.boolean(), { minLength: units.length, maxLength: units.length }), (mask) => {
            const kept = new Set(units.filter((_, i) => mask[i]));
            const keep = (path: string) => kept.has(path);
            const copy = minimise(alert, keep);
            const meta = metaFor(alert, agency, { handlingNotice: "" });
            const message = mapToChannel(agency, copy, meta);
            const json = JSON.stringify(message);
            for (const secret of withheldOnlyStrings(alert, keep, meta)) expect(json).not.toContain(secret);
            expect(CHANNELS[agency].schema.safeParse(JSON.parse(json)).success).toBe(true);
            expect(JSON.stringify(mapToChannel(agency, copy, meta))).toBe(json);
          }),
          { numRuns: 60 },
        );
      });
    }
  }
});
