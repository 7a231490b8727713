import { readOperatorKey, readPrivateJwk, Signer, Verifier, watchRegistry } from "@ariadne/envelope";
import {
  connectionOptions,
  createLogger,
  Metrics,
  NatsConfig,
  natsConfigFromEnv,
  parseConfig,
  runUntilSignal,
  startHealthServer,
} from "@ariadne/runtime";
import { connect } from "@nats-io/transport-node";
import { AuditEnv, auditOptionsOf } from "./config.ts";
import { createAuditService } from "./service.ts";

// Wiring only: configuration, key, NATS, trust registry, the audit service, health; then run
// until SIGTERM/SIGINT and stop gracefully. docs/operations-audit.md.
const env = parseConfig(AuditEnv, process.env, "audit");
const natsConfig = parseConfig(NatsConfig, natsConfigFromEnv(process.env), "NATS");
const logger = createLogger({ service: "audit", level: env.ARIADNE_LOG_LEVEL });
const metrics = new Metrics("audit");
const options = auditOptionsOf(env);

const signer = await Signer.fromJwk(env.ARIADNE_PARTY, await readPrivateJwk(env.ARIADNE_KEY_FILE));
const operatorKey = await readOperatorKey(env.ARIADNE_OPERATOR_KEY_FILE);
// connectNats, plus noAsyncTraces: every leaf is a JetStream request, and capturing a stack
// trace for each (to decorate a failure we only log by code) costs a tenth of the throughput.
const nc = await connect({ ...connectionOptions(natsConfig, `audit-${process.pid}`), noAsyncTraces: true });
logger.info({ server: nc.getServer() }, "connected to NATS");
let natsConnected = true;
void (async () => {
  for await (const s of nc.status()) {
    if (s.type === "disconnect") natsConnected = false;
    else if (s.type === "reconnect") natsConnected = true;
    if (s.type === "disconnect" || s.type === "reconnect")
      logger.warn({ event: s.type, server: s.server }, "NATS connection");
    else if (s.type === "error") logger.error({ event: s.type, err: s.error }, "NATS connection");
  }
})();
const registry = await watchRegistry({ nc, operatorKey, logger });
const audit = createAuditService({ nc, signer, verifier: new Verifier(registry), logger, metrics, options });
const health = await startHealthServer({
  host: env.ARIADNE_HTTP_HOST,
  port: env.ARIADNE_HTTP_PORT,
  metrics,
  checks: {
    nats: () => (natsConnected && !nc.isClosed()) || "disconnected",
    registry: () => registry.version > 0 || "no registry",
    log: () => audit.ready || "log not loaded",
  },
});
try {
  await audit.start();
} catch (err) {
  // A stream that is not the signed log (LOG_CORRUPT, CHECKPOINT_MISMATCH...) must not be extended.
  logger.fatal({ err }, "audit log refused; not starting");
  logger.flush?.();
  process.exit(1);
}
logger.info({ url: health.url, party: signer.party, logId: options.logId }, "ready");

runUntilSignal(
  {
    async stop() {
      health.setShuttingDown();
      await audit.stop();
      await registry.stop();
      await nc.drain();
      await health.close();
    },
  },
  { logger, stopTimeoutMs: env.ARIADNE_AUDIT_STOP_TIMEOUT_MS },
);
