import { AuditClient } from "@ariadne/audit";
import { NatsKvReplayGuard, readOperatorKey, readPrivateJwk, Signer, Verifier, watchRegistry } from "@ariadne/envelope";
import { MandateStore } from "@ariadne/policy";
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
import { auditTimeoutOf, RouterEnv, routerOptionsOf } from "./config.ts";
import { createRouter } from "./router.ts";

// Wiring only: configuration, keys, mandates, NATS, registry, replay guard, audit client, the
// router, health; then run until SIGTERM/SIGINT and stop gracefully. docs/router.md.
const env = parseConfig(RouterEnv, process.env, "router");
const natsConfig = parseConfig(NatsConfig, natsConfigFromEnv(process.env), "NATS");
const logger = createLogger({ service: "router", level: env.ARIADNE_LOG_LEVEL });
const metrics = new Metrics("router");
const options = routerOptionsOf(env);

const signer = await Signer.fromJwk(env.ARIADNE_PARTY, await readPrivateJwk(env.ARIADNE_KEY_FILE));
const operatorKey = await readOperatorKey(env.ARIADNE_OPERATOR_KEY_FILE);
// An invalid mandates file at start-up is fatal: the router never routes without valid mandates.
const mandates = await MandateStore.open(env.ARIADNE_MANDATES_FILE);
mandates.onChange((next, previous) =>
  logger.info({ policyVersion: next.version, previousVersion: previous.version }, "mandates reloaded"),
);
mandates.onError((err) =>
  logger.error({ code: err.code, issues: err.fields.length }, "mandates file refused; the previous version stays"),
);

// connectNats, plus noAsyncTraces (as the audit service): every copy, receipt and audit append
// is a request, and capturing a stack trace for each, only to decorate an error we log by code,
// showed in the CPU profile (docs/performance.md).
const nc = await connect({ ...connectionOptions(natsConfig, `router-${process.pid}`), noAsyncTraces: true });
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
const router = createRouter({
  nc,
  signer,
  verifier: new Verifier(registry, { maxEnvelopeBytes: options.maxEnvelopeBytes }),
  mandates,
  replayGuard: await NatsKvReplayGuard.open(nc),
  audit: new AuditClient({ nc, sign: (type, payload) => signer.sign(type, payload), timeoutMs: auditTimeoutOf(env) }),
  logger,
  metrics,
  options,
});
const health = await startHealthServer({
  host: env.ARIADNE_HTTP_HOST,
  port: env.ARIADNE_HTTP_PORT,
  metrics,
  checks: {
    nats: () => (natsConnected && !nc.isClosed()) || "disconnected",
    registry: () => registry.version > 0 || "no registry",
    mandates: () => mandates.current.recipients.length > 0 || "no mandates",
    consumer: () => router.running || "not consuming",
  },
});
await router.start();
logger.info({ url: health.url, party: signer.party, policyVersion: mandates.version }, "ready");

runUntilSignal(
  {
    async stop() {
      health.setShuttingDown();
      await router.stop();
      await registry.stop();
      mandates.close();
      await nc.drain();
      await health.close();
    },
  },
  { logger, stopTimeoutMs: env.ARIADNE_ROUTER_STOP_TIMEOUT_MS },
);
