import { AuditClient } from "@ariadne/audit";
import { ensureStreams } from "@ariadne/bus";
import { NatsKvReplayGuard, type Signer } from "@ariadne/envelope";
import { MandateStore } from "@ariadne/policy";
import { createLogger, Metrics } from "@ariadne/runtime";
import { createTestKeys, type NatsServer, startNats, type TestKeys } from "@ariadne/testing";
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { createRouter, type Router, type RouterOptions } from "../../src/mod.ts";
import { SHIPPED_MANDATES } from "./alerts.ts";
import { AuditStandin } from "./audit-standin.ts";
import { RealAudit } from "./real-audit.ts";

export interface Harness extends AsyncDisposable {
  readonly server: NatsServer;
  readonly keys: TestKeys;
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  /** The audit stand-in (started unless the real audit service runs). */
  readonly audit: AuditStandin;
  /** The real audit service, when `realAudit` was asked for. */
  readonly realAudit: RealAudit | undefined;
  readonly mandates: MandateStore;
  readonly router: Router;
  readonly metrics: Metrics;
  signer(party: string): Promise<Signer>;
}

export interface HarnessOptions {
  readonly mandatesFile?: string;
  readonly options?: Partial<RouterOptions>;
  /** Run the real audit service (services/audit) instead of the stand-in. */
  readonly realAudit?: boolean;
}

/** A real nats-server, streams, keys, the audit stand-in and one router in this process. */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const server = await startNats();
  const keys = await createTestKeys();
  const nc = await connect({ servers: server.url });
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  await ensureStreams(jsm, { replicas: 1 });
  const audit = new AuditStandin(nc, keys.verifier());
  let realAudit: RealAudit | undefined;
  if (opts.realAudit) {
    realAudit = new RealAudit(
      server.url,
      { audit: await keys.signer("audit"), operator: await keys.signer("operator") },
      keys.verifier(),
      nc,
    );
    await realAudit.start();
  } else {
    await audit.start();
  }
  const mandates = await MandateStore.open(opts.mandatesFile ?? SHIPPED_MANDATES, { pollIntervalMs: 0 });
  const router = await keys.signer("router");
  const metrics = new Metrics("router");
  const instance = createRouter({
    nc,
    signer: router,
    verifier: keys.verifier(),
    mandates,
    replayGuard: await NatsKvReplayGuard.open(nc),
    audit: new AuditClient({ nc, sign: (t, p) => router.sign(t, p), timeoutMs: 2000 }),
    logger: createLogger({ service: "router-test", level: process.env["ROUTER_TEST_LOG"] ?? "silent" }),
    metrics,
    options: {
      ackWaitMs: 10_000,
      backoff: { baseMs: 50, maxMs: 500 },
      auditRetry: { baseMs: 20, maxMs: 200 },
      ...opts.options,
    },
  });
  await instance.start();
  return {
    server,
    keys,
    nc,
    js,
    jsm,
    audit,
    realAudit,
    mandates,
    router: instance,
    metrics,
    signer: (party) => keys.signer(party),
    async [Symbol.asyncDispose]() {
      await instance.stop();
      await realAudit?.down();
      mandates.close();
      await nc.close();
      await server[Symbol.asyncDispose]();
    },
  };
}

/** A metric's value by name and labels, read from the Prometheus registry. */
export async function metricValue(
  metrics: Metrics,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  let sum = 0;
  for (const v of values) {
    const l = v.labels as Record<string, string | number>;
    if (Object.entries(labels).every(([k, want]) => String(l[k]) === want)) sum += v.value;
  }
  return sum;
}
