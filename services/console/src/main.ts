import { createAuditQueryClient } from "@ariadne/audit-service";
import { readOperatorKey, readPrivateJwk, Signer, Verifier, watchRegistry } from "@ariadne/envelope";
import {
  connectNats,
  createLogger,
  Metrics,
  NatsConfig,
  natsConfigFromEnv,
  parseConfig,
  runUntilSignal,
} from "@ariadne/runtime";
import { jetstreamManager } from "@nats-io/jetstream";
import { AlertIndex } from "./alert-index.ts";
import { apiRoute } from "./api.ts";
import { ConsoleEnv } from "./config.ts";
import { startConsoleServer } from "./http.ts";
import { LogTail } from "./log-tail.ts";
import { staticRoute } from "./static.ts";

// Wiring only: configuration, keys, NATS, registry, the audit query client, the page + API +
// health server; then run until SIGTERM/SIGINT and stop gracefully. docs/console.md.
const env = parseConfig(ConsoleEnv, process.env, "console");
const natsConfig = parseConfig(NatsConfig, natsConfigFromEnv(process.env), "NATS");
const logger = createLogger({ service: "console", level: env.ARIADNE_LOG_LEVEL });
const metrics = new Metrics("console");

const signer = await Signer.fromJwk(env.ARIADNE_PARTY, await readPrivateJwk(env.ARIADNE_KEY_FILE));
const operatorKey = await readOperatorKey(env.ARIADNE_OPERATOR_KEY_FILE);

const nc = await connectNats(natsConfig, `console-${process.pid}`, logger);
let natsConnected = true;
void (async () => {
  for await (const s of nc.status()) {
    if (s.type === "disconnect") natsConnected = false;
    else if (s.type === "reconnect") natsConnected = true;
  }
})();
const registry = await watchRegistry({ nc, operatorKey, logger });
const verifier = new Verifier(registry);
const audit = createAuditQueryClient(nc, signer, {
  why: { purposes: env.ARIADNE_CONSOLE_PURPOSES, legalBasis: env.ARIADNE_CONSOLE_LEGAL_BASIS },
  verifier,
  timeoutMs: env.ARIADNE_CONSOLE_AUDIT_TIMEOUT_MS,
});
const index = new AlertIndex({ maxAlerts: env.ARIADNE_CONSOLE_MAX_ALERTS });
const tail = new LogTail({ client: audit, index, minIntervalMs: env.ARIADNE_CONSOLE_REFRESH_MS });
const server = await startConsoleServer({
  host: env.ARIADNE_HTTP_HOST,
  port: env.ARIADNE_HTTP_PORT,
  metrics,
  checks: {
    nats: () => (natsConnected && !nc.isClosed()) || "disconnected",
    registry: () => registry.version > 0 || "no registry",
  },
  routes: [apiRoute({ audit, verifier, jsm: await jetstreamManager(nc), index, tail, logger, metrics }), staticRoute()],
});
logger.info({ url: server.url, party: signer.party }, "ready");

runUntilSignal(
  {
    async stop() {
      server.setShuttingDown();
      await registry.stop();
      await nc.drain();
      await server.close();
    },
  },
  { logger, stopTimeoutMs: env.ARIADNE_CONSOLE_STOP_TIMEOUT_MS },
);
