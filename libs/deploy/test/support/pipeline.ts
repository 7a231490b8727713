import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAdapter } from "@ariadne/adapter";
import type { Agency } from "@ariadne/agencies";
import { type Standin, startStandin } from "@ariadne/agency-standin";
import { AuditClient } from "@ariadne/audit";
import { createAuditService } from "@ariadne/audit-service";
import { H, STREAMS } from "@ariadne/bus";
import { NcpClient } from "@ariadne/client";
import { CaseAlert, newAlertId, parseAlertDocument } from "@ariadne/contracts";
import { NatsKvReplayGuard } from "@ariadne/envelope";
import { MandateStore } from "@ariadne/policy";
import { createRouter } from "@ariadne/router";
import { createLogger, Metrics } from "@ariadne/runtime";
import { REPO_ROOT, type TestKeys } from "@ariadne/testing";
import { DeliverPolicy, jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { type RunningDeployment, Violations } from "./deployment.ts";

const EXAMPLES = [
  "minor-sexual-exploitation-online.yaml",
  "labour-fake-job-ads.yaml",
  "forced-criminality-external-border.yaml",
] as const;

const logLevel = process.env["ARIADNE_TEST_LOG"] ?? "silent";
const silent = (service: string) => createLogger({ service, level: logLevel });

/** The examples, encoded once: every alert is a decoded copy under a fresh id and its publisher. */
const encoded = EXAMPLES.map((name) =>
  CaseAlert.encode(parseAlertDocument(readFileSync(join(REPO_ROOT, "examples", name), "utf8"))).finish(),
);

export function alertFor(i: number, originator: string): CaseAlert {
  const alert = CaseAlert.decode(encoded[i % encoded.length] ?? new Uint8Array());
  if (!alert.header) throw new Error("example without header");
  alert.header.alertId = newAlertId();
  alert.header.version = 1;
  alert.header.originator = originator;
  return alert;
}

export interface Services extends AsyncDisposable {
  readonly standins: ReadonlyMap<Agency, Standin>;
  /** What the server refused any service connection ("<party> publish <subject>"): must stay empty. */
  refused(): string[];
}

/**
 * The real services in this process, each on its own connection with its own party's
 * generated credentials (nkey, TLS): the audit service, `routers` routers sharing the durable,
 * an adapter per agency against its stand-in channel.
 */
export async function startServices(
  bus: RunningDeployment,
  keys: TestKeys,
  agencies: readonly Agency[],
  routers: number,
): Promise<Services> {
  const stops: (() => Promise<void>)[] = [];
  const dirs: string[] = [];
  const watched: { party: string; v: Violations }[] = [];
  const conn = async (party: string) => {
    const nc = await bus.connect(party, { reconnect: true });
    watched.push({ party, v: new Violations(nc, "") });
    return nc;
  };

  const auditNc = await conn("audit");
  const audit = createAuditService({
    nc: auditNc,
    signer: await keys.signer("audit"),
    verifier: keys.verifier(),
    logger: silent("audit"),
    metrics: new Metrics("audit"),
    options: { logId: "ariadne-audit/pipeline-test", checkpointIntervalMs: 3_600_000 },
  });
  await audit.start();
  stops.push(() => audit.stop());

  const standins = new Map<Agency, Standin>();
  for (const agency of agencies) {
    const dataDir = await mkdtemp(join(tmpdir(), `ariadne-pipeline-${agency}-`));
    dirs.push(dataDir);
    const standin = await startStandin({ agency, dataDir });
    standins.set(agency, standin);
    stops.push(() => standin.close());
  }

  const signer = await keys.signer("router");
  for (let i = 0; i < routers; i++) {
    const nc = await conn("router");
    const mandates = await MandateStore.open(join(REPO_ROOT, "deploy/mandates.yaml"), { pollIntervalMs: 0 });
    const router = createRouter({
      nc,
      signer,
      verifier: keys.verifier(),
      mandates,
      replayGuard: await NatsKvReplayGuard.open(nc),
      audit: new AuditClient({ nc, sign: (t, p) => signer.sign(t, p), timeoutMs: 5000 }),
      logger: silent(`router-${i}`),
      metrics: new Metrics("router"),
    });
    await router.start();
    stops.push(async () => {
      await router.stop();
      mandates.close();
    });
  }

  for (const agency of agencies) {
    const standin = standins.get(agency);
    if (!standin) throw new Error(`no stand-in for ${agency}`);
    const nc = await conn(`adapter.${agency}`);
    const adapter = await createAdapter({
      agency,
      nc,
      signer: await keys.signer(`adapter.${agency}`),
      trust: keys.store,
      verifier: keys.verifier(),
      channelUrl: standin.url,
      channelTimeoutMs: 5000,
      auditTimeoutMs: 5000,
      delivery: {
        maxAttempts: 60,
        backoff: { baseMs: 100, maxMs: 2000 },
        concurrency: 16,
        ackWaitMs: 30_000,
        copyMaxAgeMs: 24 * 3_600_000,
        stopGraceMs: 5000,
      },
      events: { pollMs: 500, pageSize: 500 },
      feed: { enabled: false, window: 100, leaseMs: 10_000, maxFeeds: 10, batch: 20 },
      logger: silent(`adapter.${agency}`),
      metrics: new Metrics(`adapter.${agency}`),
    });
    stops.push(() => adapter.stop());
  }

  return {
    standins,
    refused: () => watched.flatMap(({ party, v }) => v.seen.map((x) => `${party} ${x.operation} ${x.subject}`)),
    async [Symbol.asyncDispose]() {
      // Consumers first (adapters, routers), the log last: reverse order of start.
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

/** Publishes one sealed alert until JetStream acknowledges it: the same msg id, so never twice. */
export async function publishUntilStored(client: NcpClient, alert: CaseAlert): Promise<void> {
  const bytes = client.seal(alert);
  const id = alert.header?.alertId ?? "";
  let last: unknown;
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      await client.publishSealed(id, 1, bytes);
      return;
    } catch (err) {
      // Leader election or reconnect in progress: the same bytes and id again, a little later.
      last = err;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw last;
}

export function ncpClient(nc: NatsConnection, keys: TestKeys, party: string): Promise<NcpClient> {
  return keys.signer(party).then((signer) => new NcpClient({ nc, signer, verifier: keys.verifier() }));
}

/** Headers of every message of a stream (subject filter optional), read as the operator. */
export async function headersOf(
  nc: NatsConnection,
  stream: string,
  filter?: string,
): Promise<{ subject: string; headers: Map<string, string> }[]> {
  const js = jetstream(nc);
  const consumer = await js.consumers.get(stream, {
    ...(filter ? { filter_subjects: [filter] } : {}),
    deliver_policy: DeliverPolicy.All,
    headers_only: true,
  });
  const out: { subject: string; headers: Map<string, string> }[] = [];
  const pending = (await consumer.info()).num_pending;
  if (pending === 0) return out;
  const messages = await consumer.consume();
  for await (const m of messages) {
    const headers = new Map<string, string>();
    for (const [k, v] of m.headers ?? []) headers.set(k, v[0] ?? "");
    out.push({ subject: m.subject, headers });
    if (m.info.pending === 0) break;
  }
  await messages.close();
  return out;
}

export { H, STREAMS };
