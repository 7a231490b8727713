// L1/L2 baselines: relay-worker.ts in its own process over the bench's nats-server.
import { type ChildProcess, fork } from "node:child_process";
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection, headers as newHeaders } from "@nats-io/transport-node";
import { sampleProc } from "./proc-stats.ts";

const WORKER = fileURLToPath(new URL("./relay-worker.ts", import.meta.url));
const TSX = createRequire(import.meta.url).resolve("tsx/esm");

export interface RelayResult {
  readonly mode: "L1" | "L2";
  readonly recipients: number;
  readonly bytes: number;
  readonly alerts: number;
  readonly alertsPerSecond: number;
  readonly relayCpuMicrosPerAlert: number;
  readonly relayPeakRssBytes: number;
}

export class Baselines {
  private run = 0;
  private readonly publisher = generateKeyPairSync("ed25519");

  private constructor(
    private readonly url: string,
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
  ) {}

  static async start(url: string): Promise<Baselines> {
    const nc = await connect({ servers: url, name: "bench-baseline" });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "BIN", subjects: ["bin.>"] });
    await jsm.streams.add({ name: "BOUT", subjects: ["bout.>"] });
    return new Baselines(url, nc, jsm);
  }

  /** Fills BIN, then times the relay until BOUT holds every copy. */
  async relay(mode: "L1" | "L2", recipients: number, bytes: number, alerts: number): Promise<RelayResult> {
    const durable = `relay${this.run++}`;
    await this.jsm.streams.purge("BIN");
    await this.jsm.streams.purge("BOUT");
    const payloads = Array.from({ length: alerts }, () => randomBytes(bytes));
    const sigs = payloads.map((p) =>
      mode === "L2" ? Buffer.from(sign(null, p, this.publisher.privateKey)).toString("base64") : "",
    );
    const child: ChildProcess = fork(WORKER, [], {
      execArgv: ["--import", TSX],
      env: {
        ...process.env,
        BENCH_NATS_URL: this.url,
        BENCH_MODE: mode,
        BENCH_RECIPIENTS: String(recipients),
        BENCH_DURABLE: durable,
        BENCH_PUBLISHER_KEY: this.publisher.publicKey.export({ format: "der", type: "spki" }).toString("base64"),
      },
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    await new Promise<void>((resolve, reject) => {
      child.once("message", () => resolve());
      child.once("exit", (code) => reject(new Error(`relay worker exited with ${code}`)));
    });
    const pid = child.pid ?? 0;
    const cpu0 = sampleProc(pid).cpuMicros;
    const js = jetstream(this.nc);
    const t0 = performance.now();
    for (let i = 0; i < alerts; i += 500) {
      await Promise.all(
        payloads.slice(i, i + 500).map((p, j) => {
          const h = newHeaders();
          if (mode === "L2") h.set("Bench-Sig", sigs[i + j] ?? "");
          return js.publish(`bin.${durable}`, p, { headers: h, msgID: `${durable}.${i + j}` });
        }),
      );
    }
    const want = alerts * recipients;
    while ((await this.jsm.streams.info("BOUT")).state.messages < want) await new Promise((r) => setTimeout(r, 10));
    const seconds = (performance.now() - t0) / 1000;
    const stats = sampleProc(pid);
    child.kill("SIGTERM");
    await exited;
    await this.jsm.consumers.delete("BIN", durable).catch(() => undefined);
    return {
      mode,
      recipients,
      bytes,
      alerts,
      alertsPerSecond: alerts / seconds,
      relayCpuMicrosPerAlert: (stats.cpuMicros - cpu0) / alerts,
      relayPeakRssBytes: stats.peakRssBytes,
    };
  }

  async stop(): Promise<void> {
    await this.jsm.streams.delete("BIN");
    await this.jsm.streams.delete("BOUT");
    await this.nc.close();
  }
}
