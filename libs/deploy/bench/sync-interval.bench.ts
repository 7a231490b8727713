/**
 * What fsync-before-ack costs: R3 publishes on the generated 3-node TLS cluster with
 * sync_interval "always" against NATS' default (2m). Prints rates; asserts nothing.
 *   npx tsx libs/deploy/bench/sync-interval.bench.ts [messages]
 */
import { startLocalCluster } from "@ariadne/nats-server";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { generated, testDeployment, withConnections } from "../test/support/deployment.ts";

const N = Number(process.argv[2] ?? 3000);
const payload = new Uint8Array(2048);

async function measure(syncInterval: "always" | "2m"): Promise<void> {
  const d = testDeployment({
    cluster: { name: "bench", nodes: [1, 2, 3].map((i) => ({ name: `n${i}`, host: "127.0.0.1" })) },
    jetstream: { replicas: 3, maxFileStore: "2GB", maxMemoryStore: "256MB", syncInterval },
  });
  await using gen = await generated(d);
  await using cluster = await startLocalCluster(3, { name: d.cluster.name, config: gen.config });
  await using bus = await withConnections(gen, () => cluster.urls);
  const op = await jetstreamManager(await bus.connect("operator"));
  await op.streams.add({ name: "INTAKE", subjects: ["ariadne.intake.>"], num_replicas: 3 });
  const js = jetstream(await bus.connect("ncp.de"));
  let t = performance.now();
  for (let i = 0; i < N / 3; i++) await js.publish("ariadne.intake.ncp.de", payload);
  const sequential = (N / 3 / (performance.now() - t)) * 1000;
  t = performance.now();
  const inflight = new Set<Promise<unknown>>();
  for (let i = 0; i < N; i++) {
    const p = js.publish("ariadne.intake.ncp.de", payload).finally(() => inflight.delete(p));
    inflight.add(p);
    if (inflight.size >= 64) await Promise.race(inflight);
  }
  await Promise.all(inflight);
  const pipelined = (N / (performance.now() - t)) * 1000;
  console.log(
    `sync_interval=${syncInterval}: one at a time ${sequential.toFixed(0)} msg/s, 64 in flight ${pipelined.toFixed(0)} msg/s (2 KiB, R3, TLS)`,
  );
}

await measure("always");
await measure("2m");
