import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { durables, STREAMS } from "@ariadne/bus";
import { Receipt_Evidence } from "@ariadne/contracts";
import { DEPLOYMENT_FILES } from "@ariadne/envelope";
import { REPO_ROOT } from "@ariadne/testing";
import { jetstreamManager } from "@nats-io/jetstream";
import { describe, expect, it } from "vitest";
// The stack's supervisor runs a service's main.ts as a child process and waits for /readyz.
import { type ProcessSpec, startProcess } from "../../stack/src/supervisor.ts";
import { freePort, HoldingProxy } from "./support/holding-proxy.ts";
import { EXAMPLES, type RoutedCopy, routeExample } from "./support/route.ts";
import { eventually, World } from "./support/world.ts";

async function metricValue(url: string, name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(" ") + 1));
}

describe("crash: kill -9 of an adapter process between the endpoint's record and the ack", () => {
  it("produces no duplicate at the endpoint after restart, and the restarted adapter stops gracefully", async () => {
    await using world = await World.start();
    const europol = await world.standin("europol");
    await using proxy = await HoldingProxy.start(europol.url);
    const logDir = await mkdtemp(join(tmpdir(), "ariadne-adapter-crash-"));
    const spec = async (name: string): Promise<ProcessSpec> => {
      const port = await freePort();
      return {
        name,
        entry: join(REPO_ROOT, "services/adapter/src/main.ts"),
        env: {
          ARIADNE_NATS_URL: world.server.url,
          ARIADNE_HTTP_PORT: String(port),
          ARIADNE_LOG_LEVEL: "info",
          ARIADNE_AGENCY: "europol",
          ARIADNE_PARTY: "adapter.europol",
          ARIADNE_KEY_FILE: world.keyFile("adapter.europol"),
          ARIADNE_OPERATOR_KEY_FILE: join(world.dir, DEPLOYMENT_FILES.operatorPublic),
          ARIADNE_CHANNEL_URL: proxy.url,
          // The first process waits on the held answer far longer than the test lasts.
          ARIADNE_CHANNEL_TIMEOUT_MS: "120000",
          ARIADNE_ADAPTER_ACK_WAIT_MS: "2000",
          ARIADNE_ADAPTER_BACKOFF_BASE_MS: "50",
          ARIADNE_ADAPTER_BACKOFF_MAX_MS: "500",
          ARIADNE_EVENTS_POLL_MS: "100",
          ARIADNE_AUDIT_TIMEOUT_MS: "2000",
        },
        readyUrl: `http://127.0.0.1:${port}/readyz`,
      };
    };
    try {
      const first = await startProcess(await spec("adapter-europol-1"), logDir);
      proxy.hold = true;
      const copies: RoutedCopy[] = [];
      for (const name of EXAMPLES) copies.push(...(await routeExample(world, name, { agencies: ["europol"] })));
      // The endpoint recorded all three and answered; the answers are held, nothing is acked.
      await eventually("three records, three answers held", () => europol.records().length === 3 && proxy.held === 3);
      const jsm = await jetstreamManager(world.nc);
      expect((await jsm.consumers.info(STREAMS.DELIVERY, durables.adapter("europol"))).num_ack_pending).toBe(3);

      await first.stop("SIGKILL");
      proxy.hold = false;
      const second = await startProcess(await spec("adapter-europol-2"), logDir);
      const url = second.spec.readyUrl?.replace(/\/readyz$/, "") ?? "";

      // The copies come back after ack_wait; the new process delivers them again under the same keys.
      for (const c of copies) {
        await eventually(`delivery receipt of ${c.copyId}`, async () =>
          (await world.returns(c.alert.header?.originator ?? "")).some(
            (i) =>
              i.receipt?.evidence === Receipt_Evidence.EVIDENCE_DELIVERY &&
              i.receipt.alertId === c.alert.header?.alertId,
          ),
        );
      }
      await eventually("all acked", async () => {
        const info = await jsm.consumers.info(STREAMS.DELIVERY, durables.adapter("europol"));
        return info.num_ack_pending === 0 && info.num_pending === 0;
      });
      expect(await metricValue(url, "ariadne_adapter_deliveries_total", 'outcome="replayed"')).toBe(3);

      // No duplicate: one record per copy, in memory and in the endpoint's log file.
      expect(
        europol
          .records()
          .map((r) => r.idempotencyKey)
          .sort(),
      ).toEqual(copies.map((c) => c.copyId).sort());
      const lines = (await readFile(join(europol.dataDir, "records.jsonl"), "utf8")).split("\n").filter((l) => l);
      expect(lines).toHaveLength(3);
      // One delivery receipt per copy (the replay signs the same receipt id, stored once).
      for (const c of copies) {
        const receipts = (await world.returns(c.alert.header?.originator ?? "")).filter(
          (i) =>
            i.receipt?.evidence === Receipt_Evidence.EVIDENCE_DELIVERY && i.receipt.alertId === c.alert.header?.alertId,
        );
        expect(receipts).toHaveLength(1);
      }

      // Graceful stop: SIGTERM drains and exits 0.
      expect(await second.stop("SIGTERM")).toBe(0);
    } finally {
      await rm(logDir, { recursive: true, force: true });
    }
  }, 120_000);
});
