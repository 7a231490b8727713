import { durables, STREAMS } from "@ariadne/bus";
import { Receipt_Evidence } from "@ariadne/contracts";
import { jetstreamManager } from "@nats-io/jetstream";
import { describe, expect, it } from "vitest";
import { counter } from "./support/metrics.ts";
import { routeExample } from "./support/route.ts";
import { eventually, World } from "./support/world.ts";

describe("graceful stop", () => {
  it("abandons a delivery hanging on the channel after the grace period; it comes back and is delivered once", async () => {
    await using world = await World.start();
    const europol = await world.standin("europol", { mode: "hang" });
    const first = await world.adapter("europol", europol.url, {
      channelTimeoutMs: 120_000,
      delivery: { stopGraceMs: 200 },
    });
    const [copy] = await routeExample(world, "labour-fake-job-ads", { agencies: ["europol"] });
    await eventually(
      "a delivery in flight",
      async () => (await counter(first.metrics, "ariadne_inflight_messages")) === 1,
    );
    expect(first.adapter.checks["consumer"] && (await first.adapter.checks["consumer"]())).toBe(true);

    // Stop returns although the channel never answers; the message is still unacked.
    await first.stop();
    const jsm = await jetstreamManager(world.nc);
    expect((await jsm.consumers.info(STREAMS.DELIVERY, durables.adapter("europol"))).num_ack_pending).toBe(1);

    europol.control({ mode: "ok" });
    await world.adapter("europol", europol.url);
    await eventually("delivered by the next adapter", async () =>
      (await world.returns("ncp.nl")).some((i) => i.receipt?.evidence === Receipt_Evidence.EVIDENCE_DELIVERY),
    );
    expect(europol.records().map((r) => r.idempotencyKey)).toEqual([copy?.copyId]);
  }, 60_000);
});
