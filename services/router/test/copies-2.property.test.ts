import { describe, expect, it } from "vitest";
import { checkCopyProperty } from "./support/copy-property.ts";

// 10,000 random alerts in two files of 5,000, which vitest runs on both cores at once.
describe("property (part 2 of 2): copies under the shipped mandates", () => {
  it("no copy holds a unit outside its recipient's mandate; every delivered unit is the originator's, verified", () => {
    const { copies, refused } = checkCopyProperty(5_000);
    // Both sides of the mandates were exercised, not only refusals.
    expect(copies).toBeGreaterThan(5_000);
    expect(refused).toBeGreaterThan(5_000);
  }, 240_000);
});
