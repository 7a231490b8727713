import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import {
  chooseNatsBackend,
  containerRuntimeAvailable,
  findNatsServer,
  isNewEnough,
  startLocalNats,
  startNats,
  startNatsCluster,
} from "../src/mod.ts";

/** What one node's monitoring endpoint says about its own replica of a stream. */
async function localReplica(monitorUrl: string, stream: string) {
  const jsz = (await (await fetch(`${monitorUrl}/jsz?streams=true`)).json()) as {
    server_id: string;
    account_details?: {
      stream_detail?: {
        name: string;
        state: { messages: number; first_seq: number; last_seq: number; bytes: number };
      }[];
    }[];
  };
  const detail = jsz.account_details?.flatMap((a) => a.stream_detail ?? []).find((d) => d.name === stream);
  return { serverId: jsz.server_id, state: detail?.state };
}

/** Re-reads until `done(value)` or 10 s pass; returns the last value either way, for the assertions. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

describe("nats-server binary", () => {
  it("is at least 2.10", () => {
    const bin = findNatsServer();
    expect(isNewEnough(bin.version)).toBe(true);
    expect(isNewEnough("2.9.10")).toBe(false);
    expect(isNewEnough("2.12.1")).toBe(true);
    expect(isNewEnough("3.0.0")).toBe(true);
  });
});

describe("single node", () => {
  it("starts on a random port with JetStream, and cleans up on dispose", async () => {
    let url: string;
    {
      await using server = await startNats();
      url = server.url;
      expect(server.port).not.toBe(4222);
      // startNats follows chooseNatsBackend: only the local binary has a pid.
      const backend = await chooseNatsBackend(process.env, {}, containerRuntimeAvailable);
      expect(server.pid === undefined ? "container" : "local").toBe(backend);
      const nc = await connect({ servers: server.url });
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: "T", subjects: ["t.>"] });
      const ack = await jetstream(nc).publish("t.1", "hello");
      expect(ack.seq).toBe(1);
      await nc.close();
    }
    await expect(connect({ servers: url, reconnect: false, timeout: 500 })).rejects.toThrow();
  });

  it("survives kill -9 and restart with its store on the same port", async () => {
    await using server = await startLocalNats();
    const nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "K", subjects: ["k.>"] });
    await jetstream(nc).publish("k.1", "one");
    const port = server.port;
    const reconnected = (async () => {
      for await (const s of nc.status()) if (s.type === "reconnect") return;
    })();
    await server.kill();
    expect(server.running).toBe(false);
    await server.start();
    expect(server.port).toBe(port);
    await reconnected;
    const info = await (await jetstreamManager(nc)).streams.info("K");
    expect(info.state.messages).toBe(1);
    await nc.close();
  });
});

describe("cluster", () => {
  it("starts a 3-node JetStream cluster and stores to an R3 stream", async () => {
    await using cluster = await startNatsCluster(3);
    expect(new Set(cluster.urls).size).toBe(3);
    const nc = await connect({ servers: cluster.urls });
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.add({ name: "R3", subjects: ["r3.>"], num_replicas: 3 });
    expect(info.config.num_replicas).toBe(3);
    const js = jetstream(nc);
    for (let i = 0; i < 10; i++) await js.publish(`r3.${i}`, `m${i}`);
    const state = await jsm.streams.info("R3");
    expect(state.state.messages).toBe(10);
    expect(state.cluster?.replicas?.length).toBe(2);
    // Every node holds the data in its own store: each node's monitor (/jsz) reports its local
    // replica (a stream request would be answered by the leader). Followers apply
    // asynchronously, so poll briefly until all three have all ten.
    const replicas = await eventually(
      () => Promise.all(cluster.nodes.map((n) => localReplica(n.monitorUrl, "R3"))),
      (rs) => rs.every((r) => r.state?.messages === 10),
    );
    expect(new Set(replicas.map((r) => r.serverId)).size).toBe(3);
    for (const r of replicas) {
      expect(r.state).toMatchObject({ messages: 10, first_seq: 1, last_seq: 10, bytes: state.state.bytes });
    }
    await nc.close();
  }, 60_000);
});
