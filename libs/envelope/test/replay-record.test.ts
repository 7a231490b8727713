import { describe, expect, it } from "vitest";
import { MemoryReplayGuard } from "../src/mod.ts";

const ID = "019380a2-6c1e-7a3b-9f10-2b7c4d5e6f01";
const digest = (n: number) => new Uint8Array(32).fill(n);

describe("replay guard records: what the first claim said", () => {
  it("keeps the first claim's digest, sequence and policy version; a redelivery does not overwrite them", async () => {
    const guard = new MemoryReplayGuard();
    expect(await guard.recorded(ID, 1)).toBeUndefined();
    expect(await guard.claim(ID, 1, digest(1), 10, "a".repeat(64))).toBe("fresh");
    expect(await guard.claim(ID, 1, digest(1), 10, "b".repeat(64))).toBe("redelivery");
    expect(await guard.recorded(ID, 1)).toEqual({ digest: digest(1), sequence: 10, policyVersion: "a".repeat(64) });
    // A claim that said nothing records nothing.
    await guard.claim(ID, 2, digest(2), 11);
    expect(await guard.recorded(ID, 2)).toEqual({ digest: digest(2), sequence: 11 });
  });

  it("forgets with the claim's TTL", async () => {
    let now = 0;
    const guard = new MemoryReplayGuard({ ttlMs: 1000, clock: () => now });
    await guard.claim(ID, 1, digest(1), 10, "a".repeat(64));
    now = 1001;
    expect(await guard.recorded(ID, 1)).toBeUndefined();
  });
});
