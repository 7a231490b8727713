import { setTimeout as sleep } from "node:timers/promises";
import { durables, STREAMS } from "@ariadne/bus";
import type { NcpClient } from "@ariadne/client";
import { AuditAction, type CaseAlert } from "@ariadne/contracts";
import { openAlert } from "@ariadne/envelope";
import { decide } from "@ariadne/policy";
import { type JetStreamManager, jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLES, freshExample } from "./support/alerts.ts";
import { eventsOfExport, verifyExportFile } from "./support/audit-export.ts";
import { AGENCIES, type AgencyName, type E2eStack, startE2eStack, until } from "./support/stack.ts";

/** A few hundred alerts from several NCPs: half before the audit log goes down, half while it is down. */
const ALERTS = 300;
const NCPS = ["ncp.nl", "ncp.fr", "ncp.de", "ncp.ro"] as const;
/** How long the test watches the stopped pipeline for anything leaking out. */
const WATCH_MS = 6000;

const isAgency = (r: string): r is AgencyName => (AGENCIES as readonly string[]).includes(r);

interface Sent {
  readonly alertId: string;
  readonly version: number;
  readonly originator: string;
  /** The copies the mandates entitle an agency to (copy id = idempotency key at the channel). */
  readonly agencyCopies: string[];
  /** Every candidate's outcome, as decide() gives it here, independently of the router. */
  readonly decisions: [string, boolean, string][];
}

/** A number from a Prometheus text page: the sum over the metric's series. */
async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(url, { signal: AbortSignal.timeout(5000) })).text();
  let sum = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.split(" ").at(-1));
  }
  return sum;
}

describe("whole pipeline: fail closed while the audit service is down, then full recovery", () => {
  let e: E2eStack;
  let jsm: JetStreamManager;
  beforeAll(async () => {
    e = await startE2eStack("failclosed");
    jsm = await jetstreamManager(e.nc);
  }, 120_000);
  afterAll(async () => {
    await e?.[Symbol.asyncDispose]();
  }, 60_000);

  /** What can be seen leaving the pipeline: channel records, returns, consumer progress. */
  async function snapshot() {
    const records: Record<string, string[]> = {};
    for (const a of AGENCIES) records[a] = (await e.standin(a).records()).map((r) => r.idempotencyKey).sort();
    const consumers: Record<string, { floor: number; outstanding: number }> = {};
    for (const [stream, name] of [
      [STREAMS.INTAKE, durables.router],
      ...AGENCIES.map((a) => [STREAMS.DELIVERY, durables.adapter(a)] as const),
    ] as const) {
      const info = await jsm.consumers.info(stream, name);
      consumers[name] = { floor: info.ack_floor.stream_seq, outstanding: info.num_pending + info.num_ack_pending };
    }
    const returns = (await jsm.streams.info(STREAMS.RETURN)).state.messages;
    return { records, consumers, returns };
  }

  it("delivers nothing that is not logged while the log is down, then every entitled copy exactly once with its whole trail", async () => {
    const clients = new Map<string, NcpClient>();
    for (const ncp of NCPS) clients.set(ncp, await e.ncp(ncp));
    const sent: Sent[] = [];
    const publishOne = async (i: number) => {
      const originator = NCPS[i % NCPS.length] as string;
      const template = freshExample(EXAMPLES[i % EXAMPLES.length] as (typeof EXAMPLES)[number]);
      const alert: CaseAlert = {
        ...template,
        header: { ...(template.header as NonNullable<CaseAlert["header"]>), originator },
      };
      const published = await (clients.get(originator) as NcpClient).publish(alert);
      expect(published.duplicate).toBe(false);
      const opened = openAlert(published.bytes, e.verifier, { party: originator });
      const decided = decide(opened.alert, opened.paths, e.mandates);
      sent.push({
        alertId: published.alertId,
        version: published.version,
        originator,
        agencyCopies: decided
          .filter((d) => d.delivered && isAgency(d.recipient))
          .map((d) => `${published.alertId}.${published.version}.${d.recipient}`),
        decisions: decided.map((d) => [d.recipient, d.delivered, d.reasonCode]),
      });
    };
    // Four publishers side by side, each waiting for JetStream's ack before its next alert.
    const publish = async (from: number, to: number) => {
      let next = from;
      await Promise.all(
        NCPS.map(async () => {
          for (let i = next++; i < to; i = next++) await publishOne(i);
        }),
      );
    };
    const recorded = async () => {
      let n = 0;
      for (const a of AGENCIES) n += (await e.standin(a).records()).length;
      return n;
    };

    // The burst starts; the audit service is stopped (kill -9) once copies are reaching the channels.
    await publish(0, ALERTS / 2);
    await until(async () => (await recorded()) >= 30, "the first deliveries of the burst");
    await e.stack.process("audit").stop("SIGKILL");
    const stoppedAt = Date.now();
    const logSizeAtStop = (await jsm.streams.info(STREAMS.AUDIT)).state.messages;
    // NCPs go on publishing: JetStream takes the alerts, nobody discloses them.
    await publish(ALERTS / 2, ALERTS);

    // A copy whose transfer was logged just before the stop may still be on its way to a
    // channel: let in-flight work end, then watch for a while.
    // (Bounded: if something kept leaking, the comparison below fails instead of a hang.)
    let settled = await snapshot();
    for (let i = 0; i < 20; i++) {
      await sleep(1000);
      const next = await snapshot();
      if (JSON.stringify(next) === JSON.stringify(settled)) break;
      settled = next;
    }
    const routerMetrics = e.stack.process("router").spec.readyUrl?.replace(/\/readyz$/, "/metrics") ?? "";
    const refusedBefore = await metric(routerMetrics, "ariadne_router_audit_unavailable_total");
    await sleep(WATCH_MS);
    const after = await snapshot();
    // Nothing reached any channel, nothing was acknowledged, no receipt or notice went out...
    expect(after).toEqual(settled);
    // ...although there was work waiting, and the router kept trying the log and holding it.
    const outstanding = Object.values(after.consumers).reduce((n, c) => n + c.outstanding, 0);
    expect(outstanding).toBeGreaterThan(0);
    expect(await metric(routerMetrics, "ariadne_router_audit_unavailable_total")).toBeGreaterThan(refusedBefore);
    expect(await metric(routerMetrics, "ariadne_router_audit_held_messages")).toBeGreaterThan(0);
    const entitled = sent.flatMap((s) => s.agencyCopies);
    const seen = Object.values(after.records).flat().length;
    expect(seen).toBeLessThan(entitled.length);

    // Nothing can be logged before the new process runs: [stoppedAt, restartedAt) is the outage.
    const restartedAt = Date.now();
    await e.stack.restart("audit");

    // Full recovery: every entitled copy at its channel and acknowledged there...
    const expectedKeys = new Map<AgencyName, string[]>(
      AGENCIES.map((a) => [a, entitled.filter((c) => c.endsWith(`.${a}`)).sort()]),
    );
    await until(
      async () => {
        for (const a of AGENCIES) {
          const events = await e.standin(a).events();
          const acked = new Set(events.filter((ev) => ev.type === "acknowledged").map((ev) => ev.ariadneCopyId));
          if (!(expectedKeys.get(a) ?? []).every((k) => acked.has(k))) return false;
        }
        return true;
      },
      "every entitled copy delivered and acknowledged after the restart",
      150_000,
      1000,
    );
    // ...and every receipt and reply back with its originator: the router's acceptance per alert,
    // per copy a delivery and a retrieval receipt, and the agency's replies.
    const replies = new Map<string, number>();
    for (const a of AGENCIES) {
      for (const ev of await e.standin(a).events()) {
        if (ev.type === "reply") replies.set(ev.ariadneCopyId, (replies.get(ev.ariadneCopyId) ?? 0) + 1);
      }
    }
    const expectedReturns = ALERTS + entitled.length * 2 + [...replies.values()].reduce((a, b) => a + b, 0);
    await until(
      async () => (await jsm.streams.info(STREAMS.RETURN)).state.messages >= expectedReturns,
      "every receipt and reply",
      90_000,
      1000,
    );
    expect((await jsm.streams.info(STREAMS.RETURN)).state.messages).toBe(expectedReturns);

    // Exactly once, by idempotency key: no copy lost, none twice.
    for (const a of AGENCIES) {
      const records = await e.standin(a).records();
      const keys = records.map((r) => r.idempotencyKey);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.sort()).toEqual(expectedKeys.get(a));
      expect(records.every((r) => r.ariadneCopyId === r.idempotencyKey)).toBe(true);
    }
    expect((await jsm.streams.info(STREAMS.DEADLETTER)).state.messages).toBe(0);

    // The whole log, exported and verified offline with the audit key alone: the kill left it intact.
    const q = await e.queries();
    const file = await q.exportFile({ from: 0 });
    const verified = await verifyExportFile(e, file);
    expect(verified.report.problems).toEqual([]);
    expect([verified.code, verified.report.ok]).toEqual([0, true]);
    const events = eventsOfExport(file);
    expect(events.length).toBe(verified.report.entries);
    expect(events.filter((x) => x.event.action === AuditAction.AUDIT_ACTION_DEAD_LETTER)).toEqual([]);
    expect(events.filter((x) => x.event.action === AuditAction.AUDIT_ACTION_REJECTION)).toEqual([]);

    // Every alert's trail complete, each step logged exactly once.
    const byAlert = new Map<string, typeof events>();
    for (const x of events) {
      if (x.event.alertId === "") continue;
      byAlert.set(x.event.alertId, [...(byAlert.get(x.event.alertId) ?? []), x]);
    }
    const incomplete: string[] = [];
    for (const s of sent) {
      const trail = byAlert.get(s.alertId) ?? [];
      const count = (action: AuditAction, actor: string, detail: RegExp) =>
        trail.filter((x) => x.event.action === action && x.event.actor === actor && detail.test(x.event.detail)).length;
      const decision = trail.find((x) => x.event.action === AuditAction.AUDIT_ACTION_DECISION);
      const ok =
        count(AuditAction.AUDIT_ACTION_COLLECTION, "router", /^alert received and verified$/) === 1 &&
        count(AuditAction.AUDIT_ACTION_DECISION, "router", /./) === 1 &&
        JSON.stringify(decision?.event.decisions.map((d) => [d.recipient, d.delivered, d.reasonCode])) ===
          JSON.stringify(s.decisions) &&
        s.agencyCopies.every((copy) => {
          const agency = copy.slice(copy.lastIndexOf(".") + 1);
          const actor = `adapter.${agency}`;
          return (
            count(AuditAction.AUDIT_ACTION_DISCLOSURE, actor, new RegExp(`^copy transferred channel=${agency}\\b`)) ===
              1 &&
            count(AuditAction.AUDIT_ACTION_EVIDENCE, actor, /^receipt issued evidence=EVIDENCE_DELIVERY$/) === 1 &&
            count(AuditAction.AUDIT_ACTION_EVIDENCE, actor, /^receipt issued evidence=EVIDENCE_RETRIEVAL$/) === 1 &&
            count(AuditAction.AUDIT_ACTION_EVIDENCE, actor, /^reply issued /) === (replies.get(copy) ?? 0)
          );
        });
      if (!ok) incomplete.push(s.alertId);
    }
    expect(incomplete).toEqual([]);
    expect(sent).toHaveLength(ALERTS);

    // Fail closed, event by event: a copy that reached a channel while the log was down had its
    // transfer logged before the log went down.
    const disclosedAt = new Map<string, number>();
    for (const x of events) {
      if (x.event.action !== AuditAction.AUDIT_ACTION_DISCLOSURE) continue;
      const agency = x.event.recipients[0] ?? "";
      disclosedAt.set(`${x.event.alertId}.${x.event.version}.${agency}`, x.index);
    }
    for (const a of AGENCIES) {
      for (const r of await e.standin(a).records()) {
        const at = Date.parse(r.receivedAt);
        expect(disclosedAt.has(r.idempotencyKey)).toBe(true);
        if (at >= stoppedAt && at < restartedAt) {
          expect(disclosedAt.get(r.idempotencyKey)).toBeLessThan(logSizeAtStop);
        }
      }
    }
  }, 300_000);
});
