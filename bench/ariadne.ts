// The real pipeline under load: this process seals and publishes as the NCPs, the stack's
// processes (router, 3 adapters, 3 stand-in endpoints, audit) do the rest, and "delivered"
// means the stand-in endpoint recorded (and fsynced) the copy.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AGENCIES } from "@ariadne/agencies";
import { H, subjects } from "@ariadne/bus";
import { type CaseAlert, newAlertId } from "@ariadne/contracts";
import { encodeEnvelope, MESSAGE_TYPES, readDeployment, type Signer, sealAlert, signerFor } from "@ariadne/envelope";
import { formatTraceparent, newTrace } from "@ariadne/runtime";
import { type RunningStack, StackConfig, startStack } from "@ariadne/stack";
import { type JetStreamClient, jetstream } from "@nats-io/jetstream";
import { connect, type NatsConnection, headers as newHeaders } from "@nats-io/transport-node";
import { Deliveries } from "./deliveries.ts";
import { EXAMPLES, freshExample } from "./examples.ts";
import { percentile, sampleProc } from "./proc-stats.ts";

export interface Sealed {
  readonly alertId: string;
  readonly example: number;
  readonly originator: string;
  readonly bytes: Uint8Array;
}

export interface ThroughputResult {
  readonly alerts: number;
  readonly delivered: number;
  readonly alertsPerSecond: number;
  readonly envelopeBytes: number;
  /** CPU microseconds per alert, by process name. */
  readonly cpuMicrosPerAlert: Record<string, number>;
}

export interface LatencyResult {
  readonly targetRate: number;
  readonly alerts: number;
  readonly delivered: number;
  readonly achievedSendRate: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
}

export class AriadneBench {
  private readonly signers = new Map<string, Signer>();
  /** Copies each example gets (learnt in the warm-up: what the mandates let through). */
  private readonly copiesOf: number[] = [];

  private constructor(
    readonly stack: RunningStack,
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly deliveries: Deliveries,
    private readonly dataDir: string,
  ) {}

  /** The stack logs at `info` as in production unless told otherwise (to weigh logging's cost). */
  static async start(natsUrl: string, logLevel = "info"): Promise<AriadneBench> {
    const dataDir = await mkdtemp(join(tmpdir(), "ariadne-bench-"));
    const config = StackConfig.parse({ dataDir, natsUrl, console: false, logLevel });
    const quiet = { step: () => undefined, done: () => undefined };
    const stack = await startStack(config, quiet);
    const nc = await connect({ servers: natsUrl, name: "bench-ncps" });
    const files = AGENCIES.map((a) => join(dataDir, "standins", a, "records.jsonl"));
    return new AriadneBench(stack, nc, jetstream(nc), new Deliveries(files), dataDir);
  }

  /** PIDs of the pipeline's processes by name. */
  pids(): Map<string, number> {
    const out = new Map<string, number>();
    for (const p of this.stack.processes) if (p.pid !== undefined) out.set(p.spec.name, p.pid);
    return out;
  }

  private async signer(party: string): Promise<Signer> {
    let s = this.signers.get(party);
    if (!s) {
      s = await signerFor(await readDeployment(join(this.dataDir, "keys")), party);
      this.signers.set(party, s);
    }
    return s;
  }

  async seal(count: number): Promise<Sealed[]> {
    const out: Sealed[] = [];
    for (let i = 0; i < count; i++) {
      const example = i % EXAMPLES.length;
      const alert: CaseAlert = freshExample(example);
      const originator = alert.header?.originator ?? "";
      out.push({
        alertId: alert.header?.alertId ?? newAlertId(),
        example,
        originator,
        bytes: encodeEnvelope(sealAlert(alert, await this.signer(originator))),
      });
    }
    return out;
  }

  private publish(s: Sealed): Promise<unknown> {
    const h = newHeaders();
    h.set(H.type, MESSAGE_TYPES.AlertManifest);
    h.set(H.alertId, s.alertId);
    h.set(H.alertVersion, "1");
    h.set(H.traceparent, formatTraceparent(newTrace()));
    return this.js.publish(subjects.intake(s.originator), s.bytes, { headers: h, msgID: `${s.alertId}.1` });
  }

  private expected(sealed: readonly Sealed[]): Map<string, number> {
    return new Map(sealed.map((s) => [s.alertId, this.copiesOf[s.example] ?? 0]));
  }

  /** One alert of each example through the pipeline: warms it up and learns the copy counts. */
  async warmUp(): Promise<number[]> {
    const sealed = await this.seal(EXAMPLES.length * 4);
    await Promise.all(sealed.map((s) => this.publish(s)));
    await this.deliveries.waitFor(new Map(sealed.map((s) => [s.alertId, 1])), Date.now() + 60_000);
    // Stragglers (the other recipients' copies) get a moment more.
    await new Promise((r) => setTimeout(r, 3000));
    await this.deliveries.poll();
    for (let e = 0; e < EXAMPLES.length; e++) {
      this.copiesOf[e] = Math.max(
        ...sealed.filter((s) => s.example === e).map((s) => this.deliveries.byAlert.get(s.alertId)?.copies ?? 0),
      );
    }
    return [...this.copiesOf];
  }

  /** Saturation: publish `count` pre-sealed alerts as fast as JetStream takes them. */
  async throughput(count: number, timeoutMs: number): Promise<ThroughputResult> {
    const sealed = await this.seal(count);
    const pids = this.pids();
    const before = new Map([...pids].map(([n, pid]) => [n, sampleProc(pid).cpuMicros]));
    const t0 = Date.now();
    for (let i = 0; i < sealed.length; i += 200)
      await Promise.all(sealed.slice(i, i + 200).map((s) => this.publish(s)));
    const expected = this.expected(sealed);
    const delivered = await this.deliveries.waitFor(expected, t0 + timeoutMs);
    let end = t0;
    for (const s of sealed) end = Math.max(end, this.deliveries.byAlert.get(s.alertId)?.lastAt ?? t0);
    const cpu: Record<string, number> = {};
    for (const [n, pid] of pids) cpu[n] = (sampleProc(pid).cpuMicros - (before.get(n) ?? 0)) / count;
    return {
      alerts: count,
      delivered,
      alertsPerSecond: delivered / Math.max(0.001, (end - t0) / 1000),
      envelopeBytes: Math.round(sealed.reduce((a, s) => a + s.bytes.length, 0) / sealed.length),
      cpuMicrosPerAlert: cpu,
    };
  }

  /** Open loop: alert i is due at t0 + i/rate; latency runs from that intended time. */
  async latency(rate: number, count: number, drainMs: number): Promise<LatencyResult> {
    const sealed = await this.seal(count);
    const t0 = Date.now() + 100;
    const intended = new Map<string, number>();
    const acks: Promise<unknown>[] = [];
    for (let i = 0; i < sealed.length; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const s = sealed[i] as Sealed;
      intended.set(s.alertId, due);
      acks.push(this.publish(s));
    }
    const sendSeconds = (Date.now() - t0) / 1000;
    await Promise.all(acks);
    const expected = this.expected(sealed);
    const delivered = await this.deliveries.waitFor(expected, Date.now() + drainMs);
    const lat: number[] = [];
    for (const [id, due] of intended) {
      const d = this.deliveries.byAlert.get(id);
      if (d && d.copies >= (expected.get(id) ?? 0)) lat.push(d.lastAt - due);
    }
    lat.sort((a, b) => a - b);
    return {
      targetRate: rate,
      alerts: count,
      delivered,
      achievedSendRate: count / Math.max(0.001, sendSeconds),
      p50: percentile(lat, 50),
      p99: percentile(lat, 99),
      p999: percentile(lat, 99.9),
    };
  }

  peakRss(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [n, pid] of this.pids()) out[n] = sampleProc(pid).peakRssBytes;
    return out;
  }

  async stop(): Promise<void> {
    await this.nc.drain();
    await this.stack.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
