import { STREAMS, subjects } from "@ariadne/bus";
import { type NatsCluster, startLocalCluster } from "@ariadne/nats-server";
import { AckPolicy, type JetStreamClient, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNTS, BUCKETS, kvStream, provisionBus } from "../src/mod.ts";
import {
  type Generated,
  generated,
  type RunningDeployment,
  retrying,
  testDeployment,
  withConnections,
} from "./support/deployment.ts";

const d = testDeployment({
  cluster: { name: "ariadne-test", nodes: [1, 2, 3].map((i) => ({ name: `n${i}`, host: "127.0.0.1" })) },
  jetstream: { replicas: 3, maxFileStore: "2GB", maxMemoryStore: "256MB" },
});

const BURST = 1500;
const KILL_AT = 500;

/** Publishes with a dedup id until acknowledged: a retry after a lost ack cannot duplicate. */
async function publishUntilAcked(js: JetStreamClient, subject: string, data: string, msgID: string): Promise<number> {
  let last: unknown;
  // Bounded: an election takes seconds, 60 attempts of up to 2 s each is far more.
  for (let attempt = 0; attempt < 60; attempt++) {
    try {
      return (await js.publish(subject, data, { msgID, timeout: 2000 })).seq;
    } catch (err) {
      // Leader election or reconnect in progress ("no responders" until a leader is elected):
      // the same id again, a little later.
      last = err;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw last;
}

interface JszStream {
  name: string;
  state: { messages: number; last_seq: number };
}

/** What one node itself stores for a stream (its replica), from its monitoring endpoint. */
async function localReplica(
  monitorUrl: string,
  account: string,
  stream: string,
): Promise<JszStream["state"] | undefined> {
  const res = await fetch(`${monitorUrl}/jsz?acc=${account}&streams=true`);
  const body = (await res.json()) as { account_details?: { stream_detail?: JszStream[] }[] };
  return body.account_details?.[0]?.stream_detail?.find((s) => s.name === stream)?.state;
}

describe("the generated 3-node cluster (TLS routes, R3 streams, fsync always)", () => {
  let gen: Generated;
  let cluster: NatsCluster;
  let bus: RunningDeployment;

  beforeAll(async () => {
    gen = await generated(d);
    cluster = await startLocalCluster(3, { name: d.cluster.name, config: gen.config });
    bus = await withConnections(gen, () => cluster.urls);
    const conns = { main: await bus.connect("operator"), audit: await bus.connect("operator@AUDIT") };
    // A node can be healthy before the meta leader counts it as a placement peer: retry.
    await retrying(() => provisionBus(conns, d));
  }, 120_000);

  afterAll(async () => {
    await bus?.[Symbol.asyncDispose]();
    await cluster?.[Symbol.asyncDispose]();
    await gen?.[Symbol.asyncDispose]();
  });

  it("replicates every stream and bucket of both accounts three times", async () => {
    const main = await jetstreamManager(await bus.connect("operator"));
    const auditor2 = await bus.connect("operator@AUDIT");
    const audit = await retrying(() => jetstreamManager(auditor2));
    const all = [
      ...[STREAMS.INTAKE, STREAMS.DELIVERY, STREAMS.RETURN, STREAMS.DEADLETTER].map((s) => [main, s] as const),
      [main, kvStream(BUCKETS.registry)] as const,
      [main, kvStream(BUCKETS.replay)] as const,
      ...[STREAMS.AUDIT, STREAMS.AUDIT_CHECKPOINTS, kvStream(BUCKETS.registry)].map((s) => [audit, s] as const),
    ];
    for (const [jsm, name] of all) {
      const info = await jsm.streams.info(name);
      expect({ name, replicas: info.config.num_replicas, peers: info.cluster?.replicas?.length }).toEqual({
        name,
        replicas: 3,
        peers: 2,
      });
    }
  });

  it("loses no acknowledged message when the stream leader is killed -9 mid-burst, and the node catches up", async () => {
    const ncp = await bus.connect("ncp.de");
    const auditor = await bus.connect("audit");
    const js = jetstream(ncp);
    const ajs = jetstream(auditor);
    const ops = await jetstreamManager(await bus.connect("operator"));
    const leaderName = (await retrying(() => ops.streams.info(STREAMS.INTAKE))).cluster?.leader;
    const victim = cluster.nodes.find((n) => n.name === leaderName);
    if (!victim) throw new Error(`no leader among ${cluster.nodes.map((n) => n.name).join(",")}`);

    // A reader that must survive the kill too: an R3 durable, like every service's.
    await ops.consumers.add(STREAMS.INTAKE, { durable_name: "check", num_replicas: 3, ack_policy: AckPolicy.None });

    const acked = new Map<string, number>();
    for (let i = 0; i < BURST; i++) {
      if (i === KILL_AT) await victim.kill();
      const id = `alert-${i}.1`;
      acked.set(id, await publishUntilAcked(js, subjects.intake("ncp.de"), id, id));
      // The audit log, in its own account, takes the same beating.
      if (i % 10 === 0) await publishUntilAcked(ajs, subjects.auditLog, `event-${i}`, `event-${i}`);
    }
    expect(victim.running).toBe(false);

    // Every acknowledged id is in the stream exactly once, in a gap-free sequence.
    const info = await retrying(() => ops.streams.info(STREAMS.INTAKE));
    expect(info.state.messages).toBe(BURST);
    expect(new Set(acked.values()).size).toBe(BURST);
    expect(Math.max(...acked.values())).toBe(BURST);
    const stored = new Set<string>();
    const messages = await retrying(async () =>
      jetstream(await bus.connect("operator")).consumers.get(STREAMS.INTAKE, "check"),
    );
    while (stored.size < BURST) {
      const batch = await messages.fetch({ max_messages: BURST - stored.size, expires: 5_000 });
      let got = 0;
      for await (const m of batch) {
        stored.add(m.string());
        got++;
      }
      if (got === 0) break;
    }
    expect(stored).toEqual(new Set(acked.keys()));
    const auditor2 = await bus.connect("operator@AUDIT");
    const audit = await retrying(() => jetstreamManager(auditor2));
    expect((await retrying(() => audit.streams.info(STREAMS.AUDIT))).state.messages).toBe(BURST / 10);

    // The killed node comes back with its store and catches up from the new leader.
    await victim.start();
    await cluster.waitHealthy(60_000);
    await expect
      .poll(() => localReplica(victim.monitorUrl, ACCOUNTS.main, STREAMS.INTAKE), { timeout: 60_000, interval: 250 })
      .toMatchObject({ messages: BURST, last_seq: BURST });
    await expect
      .poll(() => localReplica(victim.monitorUrl, ACCOUNTS.audit, STREAMS.AUDIT), { timeout: 60_000, interval: 250 })
      .toMatchObject({ messages: BURST / 10 });
    await expect
      .poll(async () =>
        (await retrying(() => ops.streams.info(STREAMS.INTAKE))).cluster?.replicas?.every((r) => r.current),
      )
      .toBe(true);
  }, 180_000);
});
