import { describe, expect, it } from "vitest";
import { MemoryReplayGuard } from "../src/mod.ts";

const ID = "019380a2-7d2f-7b4c-8a21-3c8d5e6f7a02";
const digest = (n: number) => new Uint8Array(32).fill(n);

describe("MemoryReplayGuard", () => {
  it("fresh, then redelivery for the same stream message, then REPLAY for another", async () => {
    const guard = new MemoryReplayGuard();
    expect(await guard.claim(ID, 1, digest(1), 10)).toBe("fresh");
    expect(await guard.claim(ID, 1, digest(1), 10)).toBe("redelivery");
    await expect(guard.claim(ID, 1, digest(1), 11)).rejects.toMatchObject({ code: "REPLAY" });
    await expect(guard.claim(ID, 1, digest(2), 10)).rejects.toMatchObject({ code: "REPLAY" });
    expect(await guard.claim(ID, 2, digest(3), 12)).toBe("fresh");
  });

  it("forgets after its TTL", async () => {
    let now = 0;
    const guard = new MemoryReplayGuard({ ttlMs: 1000, clock: () => now });
    expect(await guard.claim(ID, 1, digest(1), 10)).toBe("fresh");
    now = 999;
    await expect(guard.claim(ID, 1, digest(1), 11)).rejects.toMatchObject({ code: "REPLAY" });
    now = 1000;
    expect(await guard.claim(ID, 1, digest(1), 11)).toBe("fresh");
  });

  it("MALFORMED: an alert id or version unfit as a key", async () => {
    const guard = new MemoryReplayGuard();
    await expect(guard.claim("a.b>", 1, digest(1), 1)).rejects.toMatchObject({ code: "MALFORMED" });
    await expect(guard.claim(ID, 0, digest(1), 1)).rejects.toMatchObject({ code: "MALFORMED" });
  });
});
