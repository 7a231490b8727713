// A baseline relay in its own process: consume an alert-sized message, publish N copies, ack
// after the publish acks. L1 does only that; L2 adds what the crypto floor costs: one Ed25519
// verify and N signs per alert with raw node:crypto. No policy, no protobuf, no audit.
import { createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";

const url = process.env["BENCH_NATS_URL"] ?? "";
const mode = process.env["BENCH_MODE"] ?? "L1";
const recipients = Number(process.env["BENCH_RECIPIENTS"] ?? "3");
const durable = process.env["BENCH_DURABLE"] ?? "relay";
const concurrency = Number(process.env["BENCH_CONCURRENCY"] ?? "64");

const nc = await connect({ servers: url });
const jsm = await jetstreamManager(nc);
await jsm.consumers.add("BIN", { durable_name: durable, ack_policy: AckPolicy.Explicit, max_ack_pending: 10_000 });
const js = jetstream(nc);
// L2: the publisher signs each alert with its key (public half given here); the relay signs
// each copy with its own.
const publisherKey =
  mode === "L2"
    ? createPublicKey({
        key: Buffer.from(process.env["BENCH_PUBLISHER_KEY"] ?? "", "base64"),
        format: "der",
        type: "spki",
      })
    : undefined;
const { privateKey } = generateKeyPairSync("ed25519");
const consumer = await js.consumers.get("BIN", durable);
const messages = await consumer.consume({ max_messages: concurrency * 2 });
const inflight = new Set<Promise<void>>();
process.send?.({ ready: true });

const handle = async (m: { data: Uint8Array; headers?: { get(k: string): string } | undefined; ack(): void }) => {
  const id = m.headers?.get("Nats-Msg-Id") ?? "";
  if (publisherKey) {
    const sig = Buffer.from(m.headers?.get("Bench-Sig") ?? "", "base64");
    if (!verify(null, m.data, publisherKey, sig)) {
      process.stderr.write("relay: a signature did not verify\n");
      process.exit(2);
    }
  }
  const acks = [];
  for (let r = 0; r < recipients; r++) {
    const copy = mode === "L2" ? Buffer.concat([m.data, sign(null, m.data, privateKey)]) : m.data;
    acks.push(js.publish(`bout.${r}`, copy, { msgID: `${id}.${r}` }));
  }
  await Promise.all(acks);
  m.ack();
};

process.on("SIGTERM", () => {
  void messages
    .close()
    .then(() => nc.drain())
    .then(() => process.exit(0));
});

for await (const m of messages) {
  const p: Promise<void> = handle(m).finally(() => inflight.delete(p));
  inflight.add(p);
  if (inflight.size >= concurrency) await Promise.race(inflight);
}
