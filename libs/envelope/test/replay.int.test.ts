import { startNats } from "@ariadne/testing";
import { connect } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { NatsKvReplayGuard } from "../src/mod.ts";

const ID = "019380a2-7d2f-7b4c-8a21-3c8d5e6f7a02";
const digest = new Uint8Array(32).fill(9);

describe("NatsKvReplayGuard", () => {
  it("lets exactly one of several router processes claim an alert version; the others see REPLAY or redelivery", async () => {
    await using server = await startNats();
    const ncs = await Promise.all([1, 2, 3].map(() => connect({ servers: server.url })));
    try {
      const guards = await Promise.all(ncs.map((nc) => NatsKvReplayGuard.open(nc, { ttlMs: 60_000 })));
      // Three routers race on the same intake message (same sequence): one fresh, two redeliveries.
      const results = await Promise.all(guards.map((g) => g.claim(ID, 1, digest, 41)));
      expect(results.sort()).toEqual(["fresh", "redelivery", "redelivery"]);
      // The same alert version published again (another stream message): a replay, for everyone.
      for (const g of guards) await expect(g.claim(ID, 1, digest, 42)).rejects.toMatchObject({ code: "REPLAY" });
      expect(await guards[1]?.claim(ID, 2, digest, 43)).toBe("fresh");
    } finally {
      await Promise.all(ncs.map((nc) => nc.close()));
    }
  });
});
