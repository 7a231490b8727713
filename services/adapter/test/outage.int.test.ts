import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { STREAMS } from "@ariadne/bus";
import { newId, Receipt_Evidence } from "@ariadne/contracts";
import { jetstreamManager } from "@nats-io/jetstream";
import { describe, expect, it } from "vitest";
import { counter } from "./support/metrics.ts";
import { EXAMPLES, type RoutedCopy, routeExample } from "./support/route.ts";
import { eventually, World } from "./support/world.ts";

describe("outage: the channel errors, then hangs, then loses answers, then recovers", () => {
  it("ends with every alert delivered exactly once and in the endpoint's log", async () => {
    await using world = await World.start();
    const europol = await world.standin("europol", { mode: "fail" });
    const { adapter, metrics } = await world.adapter("europol", europol.url, { channelTimeoutMs: 500 });

    // Six copies: the three examples and three more alerts made from them.
    const copies: RoutedCopy[] = [];
    for (const name of EXAMPLES) {
      copies.push(...(await routeExample(world, name, { agencies: ["europol"] })));
      copies.push(
        ...(await routeExample(world, name, {
          agencies: ["europol"],
          mutate: (a) => {
            if (a.header) a.header.alertId = newId();
          },
        })),
      );
    }
    expect(copies).toHaveLength(6);
    const retries = (code: string) => counter(metrics, "ariadne_adapter_deliveries_total", { outcome: "retry", code });

    // Down: 503 for every delivery and poll; every copy is retried, readiness says why.
    await eventually("every copy refused at least once", async () => (await retries("CHANNEL_UNAVAILABLE")) >= 12);
    expect(adapter.checks["channel"]?.()).toBe("CHANNEL_UNAVAILABLE");
    expect(europol.records()).toHaveLength(0);

    // Hanging: requests are never answered; the adapter gives up on each and tries again.
    europol.control({ mode: "hang" });
    const before = await retries("CHANNEL_TIMEOUT");
    await eventually("deliveries timing out", async () => (await retries("CHANNEL_TIMEOUT")) >= before + 6);
    expect(europol.records()).toHaveLength(0);

    // Back, but the first two answers are lost after recording: the lost-acknowledgement case.
    europol.control({ mode: "ok", dropNext: 2 });
    await eventually("all six delivered", () => europol.records().length === 6 || undefined, 30_000);
    for (const c of copies) {
      await eventually(`delivery receipt of ${c.copyId}`, async () =>
        (await world.returns(c.alert.header?.originator ?? "")).some(
          (i) =>
            i.receipt?.evidence === Receipt_Evidence.EVIDENCE_DELIVERY && i.receipt.alertId === c.alert.header?.alertId,
        ),
      );
    }

    // Exactly once at the endpoint, in memory and in its log file; answers lost were replayed.
    const keys = europol.records().map((r) => r.idempotencyKey);
    expect(keys.sort()).toEqual(copies.map((c) => c.copyId).sort());
    const log = (await readFile(join(europol.dataDir, "records.jsonl"), "utf8"))
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => (JSON.parse(l) as { idempotencyKey: string }).idempotencyKey);
    expect(log.sort()).toEqual(copies.map((c) => c.copyId).sort());
    expect(await counter(metrics, "ariadne_adapter_deliveries_total", { outcome: "replayed" })).toBe(2);
    expect(await counter(metrics, "ariadne_adapter_deliveries_total", { outcome: "delivered" })).toBe(4);

    // One delivery receipt per copy, no dead letter, nothing left unacked.
    for (const originator of new Set(copies.map((c) => c.alert.header?.originator ?? ""))) {
      const receipts = (await world.returns(originator)).filter(
        (i) => i.receipt?.evidence === Receipt_Evidence.EVIDENCE_DELIVERY,
      );
      expect(new Set(receipts.map((r) => r.receipt?.alertId)).size).toBe(receipts.length);
    }
    const jsm = await jetstreamManager(world.nc);
    expect((await jsm.streams.info(STREAMS.DEADLETTER)).state.messages).toBe(0);
    await eventually("consumer settled", async () => {
      const info = await jsm.consumers.info(STREAMS.DELIVERY, "adapter-europol");
      return info.num_ack_pending === 0 && info.num_pending === 0;
    });
    expect(adapter.checks["channel"]?.()).toBe(true);
  }, 120_000);
});
