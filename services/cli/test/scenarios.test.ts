import { validateAlert } from "@ariadne/policy";
import { describe, expect, it } from "vitest";
import { demoSteps, loadScenarios } from "../src/scenarios.ts";

describe("demo scenarios", () => {
  const templates = loadScenarios();
  const now = new Date();

  it("are the examples, from several NCPs", () => {
    expect(new Set(templates.map((t) => t.header?.originator)).size).toBeGreaterThanOrEqual(3);
  });

  it("yield valid new alerts, valid new versions of earlier ones, and invalid ones only when asked", () => {
    const steps = [...demoSteps(templates, 30, { withErrors: true, now: () => now })];
    expect(steps).toHaveLength(30);
    const ids = new Set<string>();
    for (const s of steps) {
      const issues = validateAlert(s.alert, { now });
      if (s.kind === "invalid") {
        expect(issues.map((i) => i.code)).toContain("MINOR_WITHOUT_AGE_BAND");
      } else {
        expect(issues).toEqual([]);
      }
      const key = `${s.alert.header?.alertId}.${s.alert.header?.version}`;
      expect(ids.has(key)).toBe(false);
      ids.add(key);
    }
    const updates = steps.filter((s) => s.kind === "update");
    expect(updates.length).toBeGreaterThan(0);
    for (const u of updates) {
      expect(u.alert.header?.version).toBeGreaterThan(1);
      expect(
        steps.some(
          (s) =>
            s.kind !== "invalid" &&
            s.alert.header?.alertId === u.alert.header?.alertId &&
            s.alert.header?.version === 1,
        ),
      ).toBe(true);
    }
    expect(steps.some((s) => (s.alert.header?.links.length ?? 0) > 0)).toBe(true);
    expect([...demoSteps(templates, 30, { now: () => now })].some((s) => s.kind === "invalid")).toBe(false);
  });
});
