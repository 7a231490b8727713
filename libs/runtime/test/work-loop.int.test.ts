import { Writable } from "node:stream";
import { startNats } from "@ariadne/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { createLogger, type DeadLetter, Metrics, type Outcome, startWorkLoop, type WorkItem } from "../src/mod.ts";

const quiet = createLogger({
  service: "t",
  level: "silent",
  destination: new Writable({ write: (_c, _e, cb) => cb() }),
});

async function setup(url: string) {
  const nc = await connect({ servers: url });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: "W", subjects: ["w.in.>"] });
  await jsm.streams.add({ name: "D", subjects: ["w.dlq.>"] });
  return { nc, jsm, js: jetstream(nc) };
}

function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const t = setInterval(() => {
      if (cond()) {
        clearInterval(t);
        resolve();
      } else if (Date.now() > deadline) {
        clearInterval(t);
        reject(new Error("condition not met in time"));
      }
    }, 10);
  });
}

const base = {
  stream: "W",
  filterSubjects: ["w.in.>"],
  stage: "t",
  maxDeliveries: 3,
  concurrency: 4,
  ackWaitMs: 5000,
  backoff: { baseMs: 20, maxMs: 100 },
  deadLetterSubject: "w.dlq.t",
  logger: quiet,
};

describe("work loop", () => {
  it("acks handled messages, retries failures with backoff, dead-letters after max deliveries", async () => {
    await using server = await startNats();
    const { nc, jsm, js } = await setup(server.url);
    const seen = new Map<string, number>();
    const dead: DeadLetter[] = [];
    const loop = await startWorkLoop({
      ...base,
      js,
      jsm,
      durable: "d1",
      metrics: new Metrics("t"),
      onDeadLetter: async (d) => {
        dead.push(d);
      },
      handler: async (item: WorkItem): Promise<Outcome> => {
        const body = new TextDecoder().decode(item.data);
        seen.set(body, (seen.get(body) ?? 0) + 1);
        if (body === "poison") return { kind: "retry", code: "DEPENDENCY_DOWN" };
        if (body === "flaky" && item.deliveryCount < 2) throw new Error("boom");
        if (body === "invalid") return { kind: "dead", code: "MALFORMED", detail: "cannot decode" };
        return { kind: "ack" };
      },
    });
    for (const body of ["ok", "flaky", "poison", "invalid"]) await js.publish(`w.in.${body}`, body);
    await until(() => dead.length === 2 && (seen.get("flaky") ?? 0) === 2);
    expect(seen.get("ok")).toBe(1);
    expect(seen.get("poison")).toBe(3);
    expect(seen.get("invalid")).toBe(1);
    expect(dead.map((d) => d.code).sort()).toEqual(["DEPENDENCY_DOWN", "MALFORMED"]);
    const dlq = await jsm.streams.info("D");
    expect(dlq.state.messages).toBe(2);
    const m = await jsm.streams.getMessage("D", { seq: 1 });
    expect(m?.header?.get("Ariadne-Dead-Letter-Stage")).toBe("t");
    expect(["w.in.poison", "w.in.invalid"]).toContain(m?.header?.get("Ariadne-Original-Subject"));
    await loop.stop();
    // Nothing left pending: every message was acked or terminated.
    const ci = await jsm.consumers.info("W", "d1");
    expect(ci.num_ack_pending).toBe(0);
    expect(ci.num_pending).toBe(0);
    await nc.close();
  });

  it("shares a durable between two loops: every message handled once, stop waits for in-flight work", async () => {
    await using server = await startNats();
    const { nc, jsm, js } = await setup(server.url);
    const handled: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const make = (name: string) =>
      startWorkLoop({
        ...base,
        js,
        jsm,
        durable: "shared",
        metrics: new Metrics(name),
        handler: async (item) => {
          if (new TextDecoder().decode(item.data) === "slow") await gate;
          handled.push(new TextDecoder().decode(item.data));
          return { kind: "ack" };
        },
      });
    const [a, b] = await Promise.all([make("a"), make("b")]);
    await Promise.all(Array.from({ length: 200 }, (_, i) => js.publish(`w.in.${i}`, String(i))));
    await until(() => handled.length === 200);
    await js.publish("w.in.slow", "slow");
    await new Promise((r) => setTimeout(r, 200));
    const stopping = Promise.all([a.stop(), b.stop()]);
    let stopped = false;
    void stopping.then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(handled).toContain("slow");
    expect(new Set(handled).size).toBe(201);
    expect(handled.length).toBe(201);
    await nc.close();
  });
});
