import { durables, STREAMS, subjects } from "@ariadne/bus";
import { startLocalNats } from "@ariadne/nats-server";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNTS, inboxPrefix, partiesOf, provisionBus, usersOf } from "../src/mod.ts";
import { type Generated, generated, testDeployment, Violations } from "./support/deployment.ts";

const d = testDeployment();
const API = "$JS.API";

interface Case {
  /** party id, or party id@AUDIT for a party's identity in the audit account. */
  readonly who: string;
  readonly op: "pub" | "sub";
  readonly subject: string;
}

/** What every party must not do, built from the deployment so that a new party is covered too. */
function forbidden(): Case[] {
  const cases: Case[] = [];
  const parties = partiesOf(d);
  const add = (who: string, op: Case["op"], ...xs: string[]) => {
    for (const subject of xs) cases.push({ who, op, subject });
  };
  for (const p of parties) {
    if (p.role === "audit") continue;
    const who = p.id;
    const other = p.id === "router" ? "ncp.de" : "router";
    // Nobody, operators included, listens to everything or to another party's replies.
    add(who, "sub", ">", "ariadne.>", "_INBOX.>", `${inboxPrefix(other)}.>`, subjects.deliver("europol"));
    add(who, "sub", subjects.intakeAll, subjects.ret("ncp.nl"), "$KV.ariadne-registry.>");
    // Only the audit service writes the log and its checkpoints.
    add(who, "pub", subjects.auditLog, subjects.auditCheckpoint);
    // Nobody but the NCP itself publishes its alerts: not even operators.
    for (const n of d.ncps.map((cc) => `ncp.${cc}`)) if (n !== p.id) add(who, "pub", subjects.intake(n));
    if (p.role === "operator") continue;
    // Only operators manage streams; nobody deletes or purges.
    add(
      who,
      "pub",
      `${API}.STREAM.CREATE.ROGUE`,
      `${API}.STREAM.UPDATE.${STREAMS.INTAKE}`,
      `${API}.STREAM.DELETE.${STREAMS.INTAKE}`,
      `${API}.STREAM.PURGE.${STREAMS.DELIVERY}`,
      `${API}.STREAM.MSG.DELETE.${STREAMS.RETURN}`,
      // Erasing an alert's messages (ariadne erase) is the operator's act alone.
      `${API}.STREAM.MSG.DELETE.${STREAMS.INTAKE}`,
      `${API}.STREAM.MSG.DELETE.${STREAMS.DELIVERY}`,
      `${API}.STREAM.MSG.DELETE.${STREAMS.DEADLETTER}`,
      `${API}.STREAM.MSG.DELETE.KV_ariadne-adapter-europol`,
      `${API}.STREAM.DELETE.${STREAMS.AUDIT}`,
      `${API}.STREAM.PURGE.${STREAMS.AUDIT}`,
      `${API}.CONSUMER.DELETE.${STREAMS.INTAKE}.${durables.router}`,
      `${API}.STREAM.PURGE.KV_ariadne-registry`,
    );
    // Only operators write the trust registry; only the router its replay bucket.
    add(who, "pub", "$KV.ariadne-registry.current");
    if (p.role !== "router") add(who, "pub", "$KV.ariadne-replay.x", subjects.deliver("europol"));
    // Receipts and notices to an NCP come from the router and the adapters only.
    if (p.role !== "router" && p.role !== "adapter") add(who, "pub", subjects.ret("ncp.de"));
    // No unfiltered or wildcard-filtered consumer on DELIVERY, under any name or form.
    add(
      who,
      "pub",
      `${API}.CONSUMER.CREATE.${STREAMS.DELIVERY}`,
      `${API}.CONSUMER.CREATE.${STREAMS.DELIVERY}.sneaky`,
      `${API}.CONSUMER.CREATE.${STREAMS.DELIVERY}.${durables.adapter("europol")}`,
      `${API}.CONSUMER.CREATE.${STREAMS.DELIVERY}.${durables.adapter("europol")}.ariadne.deliver.>`,
      `${API}.CONSUMER.DURABLE.CREATE.${STREAMS.DELIVERY}.${durables.adapter("europol")}`,
      `${API}.STREAM.MSG.GET.${STREAMS.DELIVERY}`,
      `${API}.DIRECT.GET.${STREAMS.DELIVERY}`,
    );
    // Reading another agency's copies: only adapter.europol reads Europol's.
    if (p.id !== "adapter.europol") {
      add(
        who,
        "pub",
        `${API}.CONSUMER.CREATE.${STREAMS.DELIVERY}.${durables.adapter("europol")}.${subjects.deliver("europol")}`,
        `${API}.CONSUMER.MSG.NEXT.${STREAMS.DELIVERY}.${durables.adapter("europol")}`,
        `${API}.CONSUMER.MSG.NEXT.${STREAMS.DELIVERY}.${durables.feed("europol")}`,
        `$JS.ACK.${STREAMS.DELIVERY}.${durables.adapter("europol")}.1.1.1.1.0`,
        // Re-pointing Europol's durable at one's own copies (a create/update under any filter).
        `${API}.CONSUMER.CREATE.${STREAMS.DELIVERY}.${durables.adapter("europol")}.${subjects.deliver("eurojust")}`,
        `${API}.CONSUMER.CREATE.${STREAMS.DELIVERY}.${durables.feed("europol")}.${subjects.deliver("ncp.de")}`,
      );
    }
    // An agency's adapter state (copy index, events cursor) is its adapter's alone.
    if (p.id !== "adapter.europol") {
      add(
        who,
        "pub",
        "$KV.ariadne-adapter-europol.copy",
        `${API}.DIRECT.GET.KV_ariadne-adapter-europol.$KV.ariadne-adapter-europol.cursor`,
        `${API}.CONSUMER.CREATE.KV_ariadne-adapter-europol.w.$KV.ariadne-adapter-europol.>`,
      );
      // The console reads every stream's counters (stream info), nothing inside.
      if (p.role !== "console") add(who, "pub", `${API}.STREAM.INFO.KV_ariadne-adapter-europol`);
    }
    // Reading another NCP's returns: only ncp.nl reads ncp.nl's.
    if (p.id !== "ncp.nl") {
      add(
        who,
        "pub",
        `${API}.CONSUMER.CREATE.${STREAMS.RETURN}.${durables.ncp("ncp.nl")}.${subjects.ret("ncp.nl")}`,
        `${API}.CONSUMER.MSG.NEXT.${STREAMS.RETURN}.${durables.ncp("ncp.nl")}`,
        // Its own consumer name with another's filter:
        `${API}.CONSUMER.CREATE.${STREAMS.RETURN}.${durables.ncp(p.id)}.${subjects.ret("ncp.nl")}`,
      );
    }
    if (p.role !== "router") add(who, "pub", `${API}.CONSUMER.MSG.NEXT.${STREAMS.INTAKE}.${durables.router}`);
    if (p.role === "ncp" || p.role === "officer")
      add(who, "pub", `${API}.INFO`, `${API}.STREAM.INFO.${STREAMS.INTAKE}`);
    if (p.role === "officer") {
      const agency = p.agency ?? "";
      for (const a of d.agencies) if (a !== agency) add(who, "pub", subjects.feed(a));
      add(who, "sub", subjects.feed(agency), subjects.auditAppend);
    }
    if (p.role === "ncp" || p.role === "officer") add(who, "pub", subjects.auditAppend);
  }
  // In the AUDIT account: the audit service writes its log but never deletes, purges or reconfigures it.
  for (const s of [STREAMS.AUDIT, STREAMS.AUDIT_CHECKPOINTS]) {
    add(
      "audit",
      "pub",
      `${API}.STREAM.DELETE.${s}`,
      `${API}.STREAM.PURGE.${s}`,
      `${API}.STREAM.MSG.DELETE.${s}`,
      `${API}.STREAM.UPDATE.${s}`,
    );
    // Even operators cannot destroy the log.
    add(
      "operator@AUDIT",
      "pub",
      `${API}.STREAM.DELETE.${s}`,
      `${API}.STREAM.PURGE.${s}`,
      `${API}.STREAM.MSG.DELETE.${s}`,
    );
  }
  add("audit", "sub", ">", "_INBOX.>");
  add("operator@AUDIT", "sub", ">", "_INBOX.>", subjects.auditAppend);
  add("audit", "pub", subjects.intake("ncp.de"), "$KV.ariadne-registry.current", `${API}.STREAM.CREATE.ROGUE`);
  add("operator@AUDIT", "pub", subjects.auditLog, subjects.auditCheckpoint);
  return cases;
}

describe("generated permissions on a real nats-server (TLS, nkeys, two accounts)", () => {
  let gen: Generated;
  let server: Awaited<ReturnType<typeof startLocalNats>>;
  const conns = new Map<string, { nc: NatsConnection; v: Violations }>();
  const conn = (who: string) => {
    const c = conns.get(who);
    if (!c) throw new Error(`not connected: ${who}`);
    return c;
  };

  beforeAll(async () => {
    gen = await generated(d);
    server = await startLocalNats({ serverName: "n1", config: gen.config });
    for (const u of usersOf(d)) {
      if (u.account === ACCOUNTS.system) continue;
      const who = u.account === ACCOUNTS.audit && u.party.role !== "audit" ? `${u.party.id}@AUDIT` : u.party.id;
      const nc = await gen.connectAs(u.party.id, [server.url], u.credential);
      conns.set(who, { nc, v: new Violations(nc, inboxPrefix(u.party.id)) });
    }
    await provisionBus({ main: conn("operator").nc, audit: conn("operator@AUDIT").nc }, d);
  });

  afterAll(async () => {
    for (const { nc } of conns.values()) await nc.close();
    await server?.stop();
    await gen?.[Symbol.asyncDispose]();
  });

  const cases = forbidden();

  it("covers every identity of the deployment", () => {
    const who = new Set(cases.map((c) => c.who));
    for (const u of usersOf(d)) {
      if (u.account === ACCOUNTS.system) continue;
      expect(
        who.has(u.account === ACCOUNTS.audit && u.party.role !== "audit" ? `${u.party.id}@AUDIT` : u.party.id),
      ).toBe(true);
    }
    // Every identity is refused the whole bus.
    for (const w of who) expect(cases.some((c) => c.who === w && c.op === "sub" && c.subject === ">")).toBe(true);
  });

  it.each(cases)("$who may not $op $subject", async ({ who, op, subject }) => {
    const { v } = conn(who);
    const refused = op === "pub" ? await v.publishRefused(subject) : await v.subscribeRefused(subject);
    expect(refused).toBe(true);
  });

  it("refuses a consumer whose configured filter differs from the one its create subject names", async () => {
    const { nc } = conn("ncp.de");
    const ask = async (config: Record<string, unknown>) => {
      const subject = `${API}.CONSUMER.CREATE.${STREAMS.RETURN}.${durables.ncp("ncp.de")}.${subjects.ret("ncp.de")}`;
      const body = { stream_name: STREAMS.RETURN, config: { durable_name: durables.ncp("ncp.de"), ...config } };
      const reply = await nc.request(subject, JSON.stringify(body));
      return reply.json<{ error?: { err_code: number } }>();
    };
    // Another NCP's returns through the subject it may use: the server compares the two.
    expect((await ask({ filter_subject: subjects.ret("ncp.nl") })).error?.err_code).toBe(10131);
    expect((await ask({ filter_subjects: [subjects.ret("ncp.de"), subjects.ret("ncp.nl")] })).error).toBeDefined();
    expect((await ask({})).error).toBeDefined();
    const info = await jetstreamManager(conn("operator").nc);
    await expect(info.consumers.info(STREAMS.RETURN, durables.ncp("ncp.de"))).rejects.toThrow();
  });

  it("keeps the audit log out of reach of reply subjects and push consumers", async () => {
    const de = conn("ncp.de").nc;
    const ops = await jetstreamManager(conn("operator").nc);
    const audit = await jetstreamManager(conn("operator@AUDIT").nc);
    // Why the log has an account of its own: NATS does not check the reply subject a client
    // names, so JetStream stores its acknowledgement wherever that points, here in DEADLETTER.
    de.publish(subjects.intake("ncp.de"), "not an envelope", { reply: subjects.deadLetter("router") });
    await de.flush();
    await expect.poll(async () => (await ops.streams.info(STREAMS.DEADLETTER)).state.messages).toBe(1);
    // The same trick aimed at ariadne.audit.log lands in ARIADNE, where no stream listens.
    de.publish(subjects.intake("ncp.de"), "not an envelope", { reply: subjects.auditLog });
    de.publish(`${API}.CONSUMER.INFO.${STREAMS.RETURN}.${durables.ncp("ncp.de")}`, "", { reply: subjects.auditLog });
    await de.flush();
    // A push consumer the adapter may create on its own copies, delivering to the log's subject.
    const jsm = await jetstreamManager(conn("adapter.europol").nc);
    const push = await jsm.consumers.add(STREAMS.DELIVERY, {
      durable_name: durables.feed("europol"),
      filter_subject: subjects.deliver("europol"),
      deliver_subject: subjects.auditLog,
    });
    expect(push.config.deliver_subject).toBe(subjects.auditLog);
    await jetstream(conn("router").nc).publish(subjects.deliver("europol"), "copy");
    // The INTAKE stream stored both probes (so the server did process them) and the log is untouched.
    await expect.poll(async () => (await ops.streams.info(STREAMS.INTAKE)).state.messages).toBe(2);
    expect((await audit.streams.info(STREAMS.AUDIT)).state.messages).toBe(0);
    expect((await audit.streams.info(STREAMS.AUDIT_CHECKPOINTS)).state.messages).toBe(0);
  });
});
