// Throughput of one router process alone: INTAKE is filled first (sealed by the NCPs beforehand),
// then the router starts and we time until every alert has its acceptance receipt. The audit
// log is a minimal responder that confirms without verifying, so its cost stays out of the
// figure. Run: npx tsx services/router/bench/throughput.bench.ts [alerts] [concurrency]
import { AuditClient } from "@ariadne/audit";
import { ensureStreams, H, STREAMS, subjects } from "@ariadne/bus";
import { AppendReply, AppendRequest, Envelope } from "@ariadne/contracts";
import { encodeEnvelope, NatsKvReplayGuard, sealAlert } from "@ariadne/envelope";
import { MandateStore } from "@ariadne/policy";
import { createLogger, Metrics } from "@ariadne/runtime";
import { createTestKeys, startLocalNats } from "@ariadne/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, headers as newHeaders } from "@nats-io/transport-node";
import { createRouter } from "../src/mod.ts";
import { EXAMPLES, freshExample, SHIPPED_MANDATES } from "../test/support/alerts.ts";

const alerts = Number(process.argv[2] ?? 3000);
const concurrency = Number(process.argv[3] ?? 32);
const out = (line: string) => process.stdout.write(`${line}\n`);

await using server = await startLocalNats();
const keys = await createTestKeys();
const nc = await connect({ servers: server.url });
const js = jetstream(nc);
const jsm = await jetstreamManager(nc);
await ensureStreams(jsm, { replicas: 1 });

let appended = 0;
nc.subscribe(subjects.auditAppend, {
  callback: (_e, msg) => {
    const events = AppendRequest.decode(msg.data).events;
    msg.respond(
      AppendReply.encode(
        AppendReply.fromPartial({
          results: events.map((bytes) => ({
            eventId: String(Envelope.decode(bytes).signature.length),
            index: appended++,
            duplicate: false,
          })),
        }),
      ).finish(),
    );
  },
});

let t = performance.now();
const batch: Promise<unknown>[] = [];
for (let i = 0; i < alerts; i++) {
  const alert = freshExample(EXAMPLES[i % EXAMPLES.length] ?? EXAMPLES[0]);
  const { alertId, version, originator } = alert.header ?? { alertId: "", version: 0, originator: "" };
  const h = newHeaders();
  h.set(H.alertId, alertId);
  const bytes = encodeEnvelope(sealAlert(alert, await keys.signer(originator)));
  batch.push(js.publish(subjects.intake(originator), bytes, { headers: h, msgID: `${alertId}.${version}` }));
  if (batch.length >= 500) await Promise.all(batch.splice(0));
}
await Promise.all(batch);
out(`sealed and published ${alerts} alerts in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const router = await keys.signer("router");
const mandates = await MandateStore.open(SHIPPED_MANDATES, { pollIntervalMs: 0, watch: false });
const instance = createRouter({
  nc,
  signer: router,
  verifier: keys.verifier(),
  mandates,
  replayGuard: await NatsKvReplayGuard.open(nc),
  audit: new AuditClient({ nc, sign: (type, payload) => router.sign(type, payload) }),
  logger: createLogger({ service: "router-bench", level: "warn" }),
  metrics: new Metrics("router"),
  options: { concurrency },
});
t = performance.now();
await instance.start();
for (;;) {
  const receipts = (await jsm.streams.info(STREAMS.RETURN)).state.messages;
  if (receipts >= alerts) break;
  await new Promise((r) => setTimeout(r, 100));
}
const seconds = (performance.now() - t) / 1000;
const copies = (await jsm.streams.info(STREAMS.DELIVERY)).state.messages;
out(
  `routed ${alerts} alerts (${copies} copies, ${appended} audit events) in ${seconds.toFixed(1)} s: ` +
    `${(alerts / seconds).toFixed(0)} alerts/s, ${(copies / seconds).toFixed(0)} copies/s (concurrency ${concurrency})`,
);
await instance.stop();
mandates.close();
await nc.close();
