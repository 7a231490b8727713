import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Agency } from "@ariadne/agencies";
import { type ControlState, type Standin, startStandin } from "@ariadne/agency-standin";
import { ensureStreams, STREAMS, subjects } from "@ariadne/bus";
import { AgencyReply, Receipt } from "@ariadne/contracts";
import { MESSAGE_TYPES, publishRegistry, writeDeployment } from "@ariadne/envelope";
import { loadMandatesFile, type MandateSet } from "@ariadne/policy";
import { createLogger, Metrics } from "@ariadne/runtime";
import { createTestKeys, type NatsServer, REPO_ROOT, startNats, TEST_PARTIES, type TestKeys } from "@ariadne/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { DeliverySettings, EventsSettings, FeedSettings } from "../../src/config.ts";
import { type Adapter, createAdapter } from "../../src/service.ts";
import { type AuditBackend, type AuditStandin, type Logged, startAuditBackend } from "./audit-backend.ts";

/** Two officers of other agencies besides the fixture's officer.europol.liaison-1. */
export const PARTIES = [
  ...TEST_PARTIES,
  { id: "officer.frontex.liaison-2", roles: ["officer"] as const },
  { id: "officer.europol.analyst-3", roles: ["officer"] as const },
];

export const FAST_DELIVERY: DeliverySettings = {
  maxAttempts: 60,
  backoff: { baseMs: 50, maxMs: 400 },
  concurrency: 4,
  ackWaitMs: 3000,
  copyMaxAgeMs: 24 * 3_600_000,
  stopGraceMs: 5000,
};
export const FAST_EVENTS: EventsSettings = { pollMs: 100, pageSize: 100 };
export const FEED: FeedSettings = { enabled: true, window: 100, leaseMs: 10_000, maxFeeds: 10, batch: 20 };

export interface AdapterOptions {
  readonly delivery?: Partial<DeliverySettings>;
  readonly events?: Partial<EventsSettings>;
  readonly feed?: Partial<FeedSettings>;
  readonly channelTimeoutMs?: number;
  readonly auditTimeoutMs?: number;
}

export interface RunningAdapter extends AsyncDisposable {
  readonly adapter: Adapter;
  readonly metrics: Metrics;
  stop(): Promise<void>;
}

export interface ReturnedItem {
  readonly type: string;
  readonly party: string;
  readonly receipt?: Receipt;
  readonly reply?: AgencyReply;
  readonly seq: number;
  /** Nats-Msg-Id the message was stored under. */
  readonly msgId: string | undefined;
}

/**
 * A test world on a real nats-server: streams, real keys and registry (also in KV and on disk
 * for child processes), the audit stand-in, the shipped mandates, stand-in channels on demand.
 */
export class World implements AsyncDisposable {
  readonly standins: Standin[] = [];
  readonly adapters: RunningAdapter[] = [];
  readonly extraConnections: NatsConnection[] = [];

  private constructor(
    readonly server: NatsServer,
    readonly nc: NatsConnection,
    readonly keys: TestKeys,
    /** The audit log: the real audit service, or the stand-in (which can be made to fail). */
    readonly auditBackend: AuditBackend,
    readonly mandates: MandateSet,
    /** Deployment folder: keys/<party>/<kid>.jwk, operator.pub.jwk (for child processes). */
    readonly dir: string,
  ) {}

  /** The stand-in's controls (down, refuse); only when the stand-in runs. */
  get audit(): AuditStandin {
    if (this.auditBackend.kind !== "standin") throw new Error("this world runs the real audit service");
    return this.auditBackend.standin;
  }

  /** Every event in the audit log so far, verified, in log order. */
  auditLog(): Promise<Logged[]> {
    return this.auditBackend.logged();
  }

  static async start(opts: { audit?: "service" | "standin" } = {}): Promise<World> {
    const server = await startNats();
    const nc = await connect({ servers: server.url });
    await ensureStreams(await jetstreamManager(nc), { replicas: 1 });
    const keys = await createTestKeys({ parties: PARTIES });
    const dir = await mkdtemp(join(tmpdir(), "ariadne-adapter-test-"));
    await writeDeployment(dir, keys.deployment);
    await publishRegistry(nc, keys.deployment.registryJws);
    const audit = await startAuditBackend(opts.audit ?? "standin", server.url, keys);
    const mandates = await loadMandatesFile(join(REPO_ROOT, "deploy/mandates.yaml"));
    return new World(server, nc, keys, audit, mandates, dir);
  }

  keyFile(party: string): string {
    const kid = this.keys.deployment.privateKeys.get(party)?.[0]?.kid;
    return join(this.dir, "keys", party, `${kid}.jwk`);
  }

  async connection(): Promise<NatsConnection> {
    const nc = await connect({ servers: this.server.url });
    this.extraConnections.push(nc);
    return nc;
  }

  async standin<A extends Agency>(agency: A, control: Partial<ControlState> = {}): Promise<Standin<A>> {
    const dataDir = await mkdtemp(join(tmpdir(), `ariadne-adapter-standin-${agency}-`));
    const s = await startStandin({ agency, dataDir, control });
    this.standins.push(s);
    return s;
  }

  /** An adapter in this process, on a connection of its own (as a separate replica would be). */
  async adapter(agency: Agency, channelUrl: string, opts: AdapterOptions = {}): Promise<RunningAdapter> {
    const nc = await this.connection();
    const metrics = new Metrics(`adapter.${agency}`);
    const adapter = await createAdapter({
      agency,
      nc,
      signer: await this.keys.signer(`adapter.${agency}`),
      trust: this.keys.store,
      verifier: this.keys.verifier(),
      channelUrl,
      channelTimeoutMs: opts.channelTimeoutMs ?? 2000,
      auditTimeoutMs: opts.auditTimeoutMs ?? 1000,
      delivery: { ...FAST_DELIVERY, ...opts.delivery },
      events: { ...FAST_EVENTS, ...opts.events },
      feed: { ...FEED, ...opts.feed },
      logger: createLogger({ service: `adapter.${agency}`, level: process.env["ARIADNE_TEST_LOG"] ?? "silent" }),
      metrics,
    });
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await adapter.stop();
      await nc.drain();
    };
    const running = { adapter, metrics, stop, [Symbol.asyncDispose]: stop };
    this.adapters.push(running);
    return running;
  }

  /** Everything returned to a party so far, verified (Receipt or AgencyReply signed by its issuer). */
  async returns(party: string): Promise<ReturnedItem[]> {
    const js = jetstream(this.nc);
    const consumer = await js.consumers.get(STREAMS.RETURN, { filter_subjects: [subjects.ret(party)] });
    const info = await consumer.info();
    const out: ReturnedItem[] = [];
    if (info.num_pending === 0) return out;
    const verifier = this.keys.verifier();
    const batch = await consumer.fetch({ max_messages: info.num_pending, expires: 2000 });
    for await (const m of batch) {
      const v = verifier.verify(m.data, {
        type: [MESSAGE_TYPES.Receipt, MESSAGE_TYPES.AgencyReply],
        maxAgeMs: Number.POSITIVE_INFINITY,
      });
      out.push({
        type: v.type,
        party: v.party,
        seq: m.seq,
        msgId: m.headers?.get("Nats-Msg-Id"),
        ...(v.type === MESSAGE_TYPES.Receipt
          ? { receipt: Receipt.decode(v.payload) }
          : { reply: AgencyReply.decode(v.payload) }),
      });
      if (m.info.pending === 0) break;
    }
    return out;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    for (const a of this.adapters.reverse()) await a.stop().catch(() => undefined);
    for (const s of this.standins) {
      await s.close();
      await rm(s.dataDir, { recursive: true, force: true });
    }
    await this.auditBackend.stop();
    for (const c of this.extraConnections) if (!c.isClosed()) await c.close();
    await this.nc.close();
    await this.server.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Polls `check` until it returns a value other than undefined/false (a deadline, not a timing assertion). */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`, { cause: last });
    await sleep(50);
  }
}
