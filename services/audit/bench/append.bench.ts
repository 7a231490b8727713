// Append throughput of the audit service: `npm run bench:append -w @ariadne/audit-service`.
// The service runs as its own process (main.ts), on a local nats-server; emitters in this
// process send pre-signed events (so the emitters' signing is not measured) from several
// concurrent AuditClients, each waiting for its reply before the next request (fail closed).
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuditClient, collectionEvent } from "@ariadne/audit";
import { ensureStreams, STREAMS } from "@ariadne/bus";
import { newAlertId } from "@ariadne/contracts";
import { DEPLOYMENT_FILES, publishRegistry, writeDeployment } from "@ariadne/envelope";
import { createTestKeys, REPO_ROOT, startLocalNats } from "@ariadne/testing";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { startProcess } from "../../stack/src/supervisor.ts";

const TOTAL = Number(process.env["BENCH_EVENTS"] ?? 20_000);
const EMITTERS = Number(process.env["BENCH_EMITTERS"] ?? 8);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

await using server = await startLocalNats();
const nc = await connect({ servers: server.url });
const jsm = await jetstreamManager(nc);
await ensureStreams(jsm, { replicas: 1 });
const keys = await createTestKeys();
const dir = await mkdtemp(join(tmpdir(), "ariadne-audit-bench-"));
await writeDeployment(dir, keys.deployment);
await publishRegistry(nc, keys.deployment.registryJws);
const port = await freePort();
const audit = await startProcess(
  {
    name: "audit",
    entry: join(REPO_ROOT, "services/audit/src/main.ts"),
    env: {
      ARIADNE_NATS_URL: server.url,
      ARIADNE_HTTP_PORT: String(port),
      ARIADNE_LOG_LEVEL: "warn",
      ARIADNE_KEY_FILE: join(dir, DEPLOYMENT_FILES.keys, "audit", `${(await keys.signer("audit")).kid}.jwk`),
      ARIADNE_OPERATOR_KEY_FILE: join(dir, DEPLOYMENT_FILES.operatorPublic),
      ARIADNE_AUDIT_MAX_QUEUED_EVENTS: "1000000",
      ...(process.env["BENCH_PROFILE_DIR"]
        ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env["BENCH_PROFILE_DIR"]}` }
        : {}),
    },
    readyUrl: `http://127.0.0.1:${port}/readyz`,
  },
  join(dir, "logs"),
);

const router = await keys.signer("router");
const client = new AuditClient({ nc, sign: (t, p) => router.sign(t, p), timeoutMs: 30_000 });
const digest = new Uint8Array(32).fill(7);

async function round(perRequest: number): Promise<number> {
  const requests: Uint8Array[][] = [];
  for (let i = 0; i < TOTAL / perRequest; i++) {
    requests.push(
      Array.from({ length: perRequest }, () =>
        client.seal(
          collectionEvent(
            { actor: "router", occurredAt: new Date() },
            { alert: { alertId: newAlertId(), version: 1, originator: "ncp.de", manifestDigest: digest } },
          ),
        ),
      ),
    );
  }
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: EMITTERS }, async () => {
      for (let r = requests[next++]; r !== undefined; r = requests[next++]) await client.appendSealed(r);
    }),
  );
  return Math.round((requests.length * perRequest) / ((performance.now() - started) / 1000));
}

const results: Record<string, number> = {};
for (const perRequest of [1, 10, 50]) results[`${perRequest} event(s) per request`] = await round(perRequest);
const stored = (await jsm.streams.info(STREAMS.AUDIT)).state.messages;
process.stdout.write(
  `${JSON.stringify({ emitters: EMITTERS, eventsPerRound: TOTAL, eventsPerSecond: results, stored }, null, 2)}\n`,
);
await audit.stop("SIGTERM");
await nc.close();
await rm(dir, { recursive: true, force: true });
