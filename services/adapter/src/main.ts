import { readOperatorKey, readPrivateJwk, Signer, Verifier, watchRegistry } from "@ariadne/envelope";
import { connectionOptions, createLogger, Metrics, runUntilSignal, startHealthServer } from "@ariadne/runtime";
import { connect } from "@nats-io/transport-node";
import { adapterConfigFromEnv } from "./config.ts";
import { createAdapter } from "./service.ts";

// One agency's adapter (ARIADNE_AGENCY): delivery to its channel, receipts and replies, and its
// liaison-officer feed. Configuration: docs/adapters-and-feeds.md.
const config = adapterConfigFromEnv(process.env);
const logger = createLogger({ service: config.party, level: config.logLevel });
const metrics = new Metrics(config.party);
const signer = await Signer.fromJwk(config.party, await readPrivateJwk(config.keyFile));
const operatorKey = await readOperatorKey(config.operatorKeyFile);
// connectNats, plus noAsyncTraces (as the audit service): every delivery ack, event and audit
// append is a request, and capturing a stack trace for each, only to decorate an error we log
// by code, showed in the CPU profile (docs/performance.md).
const nc = await connect({ ...connectionOptions(config.nats, config.party), noAsyncTraces: true });
logger.info({ server: nc.getServer() }, "connected to NATS");
void (async () => {
  for await (const s of nc.status()) {
    if (s.type === "disconnect" || s.type === "reconnect")
      logger.warn({ event: s.type, server: s.server }, "NATS connection");
    else if (s.type === "error") logger.error({ event: s.type, err: s.error }, "NATS connection");
  }
})();
const registry = await watchRegistry({ nc, operatorKey, logger });
const adapter = await createAdapter({
  agency: config.agency,
  nc,
  signer,
  trust: registry,
  verifier: new Verifier(registry),
  channelUrl: config.channel.url,
  channelTimeoutMs: config.channel.timeoutMs,
  auditTimeoutMs: config.auditTimeoutMs,
  stateReplicas: config.stateReplicas,
  delivery: config.delivery,
  events: config.events,
  feed: config.feed,
  logger,
  metrics,
});
const health = await startHealthServer({ ...config.http, metrics, checks: adapter.checks });
logger.info({ agency: config.agency, health: health.url }, "ready");

runUntilSignal(
  {
    async stop() {
      health.setShuttingDown();
      await adapter.stop();
      await registry.stop();
      await nc.drain();
      await health.close();
    },
  },
  { logger },
);
