import { durables, H, STREAMS, subjects } from "@ariadne/bus";
import { startLocalNats } from "@ariadne/nats-server";
import { ensureConsumer } from "@ariadne/runtime";
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { headers, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adapterBucket, BUCKETS, partiesOf, provisionBus, storeBudget } from "../src/mod.ts";
import {
  type Generated,
  generated,
  type RunningDeployment,
  testDeployment,
  Violations,
  withConnections,
} from "./support/deployment.ts";

const d = testDeployment();
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Binds a stage's durable the way the runtime's work loop does, and pulls one message. */
async function pullOne(nc: NatsConnection, stream: string, durable: string, filter: string): Promise<string> {
  const jsm = await jetstreamManager(nc, { checkAPI: false });
  await ensureConsumer({ jsm, stream, durable, filterSubjects: [filter], ackWaitMs: 30_000, concurrency: 1 });
  const consumer = await jetstream(nc).consumers.get(stream, durable);
  const msg = await consumer.next({ expires: 5000 });
  if (!msg) throw new Error(`nothing on ${stream}/${durable}`);
  await msg.ackAck();
  return text(msg.data);
}

describe("what each party must be able to do works under the generated permissions", () => {
  let gen: Generated;
  let server: Awaited<ReturnType<typeof startLocalNats>>;
  let bus: RunningDeployment;
  const nc: Record<string, NatsConnection> = {};
  const violations: Violations[] = [];

  beforeAll(async () => {
    gen = await generated(d);
    server = await startLocalNats({ serverName: "n1", config: gen.config });
    bus = await withConnections(gen, () => [server.url]);
    for (const who of [...partiesOf(d).map((p) => p.id), "operator@AUDIT"]) {
      const c = await bus.connect(who);
      nc[who] = c;
      violations.push(new Violations(c, ""));
    }
  });

  afterAll(async () => {
    await bus?.[Symbol.asyncDispose]();
    await server?.stop();
    await gen?.[Symbol.asyncDispose]();
  });

  const conn = (who: string): NatsConnection => {
    const c = nc[who];
    if (!c) throw new Error(`not connected: ${who}`);
    return c;
  };

  it("the operator provisions every stream and bucket, and writes the trust registry", async () => {
    const report = await provisionBus({ main: conn("operator"), audit: conn("operator@AUDIT") }, d);
    expect(report.created).toEqual(
      expect.arrayContaining(["ARIADNE/INTAKE", "ARIADNE/DELIVERY", "AUDIT/AUDIT", "AUDIT/KV_ariadne-registry"]),
    );
    const kv = await new Kvm(conn("operator")).open(BUCKETS.registry);
    expect(await kv.create("current", "registry-v1")).toBe(1);
    // Each stream reserves its share of the node store (docs/streams.md).
    const jsm = await jetstreamManager(conn("operator"));
    expect((await jsm.streams.info(STREAMS.INTAKE)).config.max_bytes).toBe(storeBudget(d)[STREAMS.INTAKE]);
    const audit = await jetstreamManager(conn("operator@AUDIT"));
    expect((await audit.streams.info(STREAMS.AUDIT)).config.max_bytes).toBe(storeBudget(d)[STREAMS.AUDIT]);
    // Provisioning again changes nothing that exists.
    const again = await provisionBus({ main: conn("operator"), audit: conn("operator@AUDIT") }, d);
    expect(again.updated).toContain("ARIADNE/INTAKE");
  });

  it("every party reads and watches the registry; the audit service reads its mirror", async () => {
    for (const p of partiesOf(d)) {
      const kv = await new Kvm(conn(p.id)).open(BUCKETS.registry);
      const watch = await kv.watch({ key: "current" });
      if (p.role === "audit") {
        await expect.poll(async () => (await kv.get("current"))?.string()).toBe("registry-v1");
      } else {
        expect((await kv.get("current"))?.string()).toBe("registry-v1");
      }
      for await (const e of watch) {
        expect(e.string()).toBe("registry-v1");
        break;
      }
      watch.stop();
    }
  });

  it("an NCP publishes its alert and the router, two replicas sharing one durable, takes it", async () => {
    const js = jetstream(conn("ncp.de"));
    expect((await js.publish(subjects.intake("ncp.de"), "alert-1", { msgID: "a1.1" })).seq).toBe(1);
    expect((await js.publish(subjects.intake("ncp.de"), "alert-2", { msgID: "a2.1" })).seq).toBe(2);
    const second = await bus.connect("router");
    const got = [
      await pullOne(conn("router"), STREAMS.INTAKE, durables.router, subjects.intakeAll),
      await pullOne(second, STREAMS.INTAKE, durables.router, subjects.intakeAll),
    ];
    expect(got).toEqual(["alert-1", "alert-2"]);
  });

  it("the router publishes copies, returns and dead letters, claims replays and appends to the audit log", async () => {
    const audit = conn("audit");
    const appended: string[] = [];
    const ajs = jetstream(audit);
    audit.subscribe(subjects.auditAppend, {
      queue: "audit",
      callback: (_err, m) => {
        appended.push(text(m.data));
        void ajs.publish(subjects.auditLog, m.data).then((ack) => m.respond(String(ack.seq)));
      },
    });
    await audit.flush();
    const router = conn("router");
    const js = jetstream(router);
    for (const r of ["europol", "eurojust", "ncp.nl"]) await js.publish(subjects.deliver(r), `copy-${r}`);
    await js.publish(subjects.ret("ncp.de"), "accepted-by-router");
    await js.publish(subjects.deadLetter("router"), "poison");
    expect(text((await router.request(subjects.auditAppend, "decision-a1")).data)).toBe("1");
    expect(appended).toEqual(["decision-a1"]);
    const replay = await new Kvm(router).create(BUCKETS.replay, { history: 1, ttl: 24 * 3_600_000 });
    expect(await replay.create("a1.1", "claimed")).toBeGreaterThan(0);
    await expect(replay.create("a1.1", "again")).rejects.toThrow();
  });

  it("each adapter reads only its agency's copies and returns a receipt", async () => {
    expect(
      await pullOne(
        conn("adapter.europol"),
        STREAMS.DELIVERY,
        durables.adapter("europol"),
        subjects.deliver("europol"),
      ),
    ).toBe("copy-europol");
    expect(
      await pullOne(
        conn("adapter.eurojust"),
        STREAMS.DELIVERY,
        durables.adapter("eurojust"),
        subjects.deliver("eurojust"),
      ),
    ).toBe("copy-eurojust");
    await jetstream(conn("adapter.europol")).publish(subjects.ret("ncp.de"), "delivered-to-europol");
    expect(text((await conn("adapter.europol").request(subjects.auditAppend, "delivery-a1")).data)).toBe("2");
  });

  it("an NCP reads its own returns and its own copies through its filtered durables", async () => {
    const de = conn("ncp.de");
    const jsm = await jetstreamManager(de, { checkAPI: false });
    await jsm.consumers.add(STREAMS.RETURN, {
      durable_name: durables.ncp("ncp.de"),
      filter_subject: subjects.ret("ncp.de"),
      ack_policy: AckPolicy.Explicit,
    });
    const consumer = await jetstream(de).consumers.get(STREAMS.RETURN, durables.ncp("ncp.de"));
    const batch = await consumer.fetch({ max_messages: 2, expires: 5000 });
    const returns: string[] = [];
    for await (const m of batch) {
      returns.push(text(m.data));
      m.ack();
    }
    expect(returns).toEqual(["accepted-by-router", "delivered-to-europol"]);
    expect(await pullOne(conn("ncp.nl"), STREAMS.DELIVERY, durables.ncp("ncp.nl"), subjects.deliver("ncp.nl"))).toBe(
      "copy-ncp.nl",
    );
  });

  it("an NCP follows its returns, and a feed its agency's copies, with ordered consumers (as NcpClient and the feed do)", async () => {
    const ordered = async (who: string, stream: string, filter: string) => {
      // One filter as a string: nats.js then names consumer and filter in the create subject
      // ($JS.API.CONSUMER.CREATE.<stream>.<name>.<filter>), which the permission pins. An array
      // (even of one) makes it use the bare CONSUMER.CREATE.<stream>, which nobody may use.
      const consumer = await jetstream(conn(who)).consumers.get(stream, {
        filter_subjects: filter,
        deliver_policy: DeliverPolicy.All,
      });
      const msg = await consumer.next({ expires: 5000 });
      return msg ? text(msg.data) : undefined;
    };
    expect(await ordered("ncp.de", STREAMS.RETURN, subjects.ret("ncp.de"))).toBe("accepted-by-router");
    expect(await ordered("ncp.nl", STREAMS.DELIVERY, subjects.deliver("ncp.nl"))).toBe("copy-ncp.nl");
    expect(await ordered("adapter.europol", STREAMS.DELIVERY, subjects.deliver("europol"))).toBe("copy-europol");
  });

  it("a liaison officer asks its agency's feed, and the feed answers into the officer's inbox", async () => {
    const feed = conn("adapter.europol");
    feed.subscribe(subjects.feed("europol"), {
      callback: (_e, m) => {
        m.respond(`page-for-${text(m.data)}`);
      },
    });
    await feed.flush();
    const reply = await conn("officer.europol.dupont").request(subjects.feed("europol"), "since-monday");
    expect(text(reply.data)).toBe("page-for-since-monday");
  });

  it("the console follows dead letters, reads counters and checkpoints, and queries the audit service", async () => {
    const console_ = conn("console");
    const checkpoints = console_.subscribe(subjects.auditCheckpoint, { max: 1 });
    conn("audit").subscribe(`${subjects.auditQuery}.trail`, {
      callback: (_e, m) => {
        m.respond("trail-of-a1");
      },
    });
    await conn("audit").flush();
    await console_.flush();
    const jsm = await jetstreamManager(console_);
    expect((await jsm.streams.info(STREAMS.INTAKE)).state.messages).toBe(2);
    expect((await jsm.consumers.info(STREAMS.INTAKE, durables.router)).num_ack_pending).toBe(0);
    expect(await pullOne(console_, STREAMS.DEADLETTER, durables.console, subjects.deadLetterAll)).toBe("poison");
    expect(text((await console_.request(`${subjects.auditQuery}.trail`, "a1")).data)).toBe("trail-of-a1");
    await jetstream(conn("audit")).publish(subjects.auditCheckpoint, "tree-head-2");
    for await (const m of checkpoints) expect(text(m.data)).toBe("tree-head-2");
  });

  it("operators manage streams: they may purge dead letters, and the log counts what the audit service wrote", async () => {
    const jsm = await jetstreamManager(conn("operator"));
    expect((await jsm.streams.purge(STREAMS.DEADLETTER)).purged).toBe(1);
    const audit = await jetstreamManager(conn("operator@AUDIT"));
    expect((await audit.streams.info(STREAMS.AUDIT)).state.messages).toBe(2);
    expect((await audit.streams.info(STREAMS.AUDIT_CHECKPOINTS)).state.messages).toBe(1);
  });

  it("the operator's system identity monitors the servers", async () => {
    const sys = await bus.connect("operator@SYS");
    const reply = await sys.request("$SYS.REQ.SERVER.PING.VARZ", "");
    expect(reply.json<{ data?: { server_name?: string } }>().data?.server_name).toBe("n1");
  });

  it("the operator erases an alert: scans headers only, deletes its copy and its adapter copy record by sequence", async () => {
    const alertId = "019380a2-0000-7000-8000-0000000000e1";
    const h = headers();
    h.set(H.alertId, alertId);
    h.set(H.alertVersion, "1");
    await jetstream(conn("router")).publish(subjects.deliver("europol"), "copy-to-erase", { headers: h });
    const state = await new Kvm(conn("adapter.europol")).open(adapterBucket("europol"));
    await state.create(`copy.${alertId}.1.europol`, "record-to-erase");

    // As ariadne erase does it (services/cli/src/erase/scan.ts): headers-only ordered consumers.
    const op = conn("operator");
    const js = jetstream(op);
    const jsm = await jetstreamManager(op);
    const found = async (stream: string, filter?: string) => {
      const c = await js.consumers.get(stream, { headers_only: true, ...(filter ? { filter_subjects: filter } : {}) });
      const pending = filter
        ? Object.values((await jsm.streams.info(stream, { subjects_filter: filter })).state.subjects ?? {}).reduce(
            (a, n) => a + n,
            0,
          )
        : (await jsm.streams.info(stream)).state.messages;
      const seqs: number[] = [];
      for await (const m of await c.fetch({ max_messages: pending, expires: 5000 })) {
        expect(m.data.length).toBe(0);
        if (filter || m.headers?.get(H.alertId) === alertId) seqs.push(m.seq);
      }
      await c.delete();
      return seqs;
    };
    const names: string[] = [];
    for await (const n of jsm.streams.names()) names.push(n);
    expect(names).toContain(`KV_${adapterBucket("europol")}`);
    const copies = await found(STREAMS.DELIVERY);
    const kvStream = `KV_${adapterBucket("europol")}`;
    const copyRecords = await found(kvStream, `$KV.${adapterBucket("europol")}.copy.${alertId}.>`);
    expect([copies.length, copyRecords.length]).toEqual([1, 1]);
    expect(await jsm.streams.deleteMessage(STREAMS.DELIVERY, copies[0] ?? 0, true)).toBe(true);
    expect(await jsm.streams.deleteMessage(kvStream, copyRecords[0] ?? 0, true)).toBe(true);
    expect(await state.get(`copy.${alertId}.1.europol`)).toBeNull();
  });

  it("none of the above needed anything the server refused", () => {
    expect(violations.flatMap((v) => v.seen)).toEqual([]);
  });
});
