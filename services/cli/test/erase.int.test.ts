import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { CopyIndex, openStateBucket } from "@ariadne/adapter";
import { AuditClient } from "@ariadne/audit";
import { type AuditQueryClient, createAuditQueryClient } from "@ariadne/audit-service";
import { H, STREAMS, subjects } from "@ariadne/bus";
import { AuditAction, Purpose } from "@ariadne/contracts";
import {
  copyIdOf,
  DEPLOYMENT_FILES,
  readDeployment,
  readOperatorKey,
  type Signer,
  signerFor,
  Verifier,
  watchRegistry,
} from "@ariadne/envelope";
import { REPO_ROOT } from "@ariadne/nats-server";
import { type RunningStack, StackConfig, startStack } from "@ariadne/stack";
import { type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection, headers as newHeaders } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ErasureReport, eraseAlert } from "../src/erase/erase.ts";
import { CliError } from "../src/errors.ts";
import type { Timeline } from "../src/trail/timeline.ts";
import { type CliRun, runCli } from "./support/run-cli.ts";

const EXAMPLE = join(REPO_ROOT, "examples/labour-fake-job-ads.yaml");
const AGENCIES = ["europol", "eurojust", "frontex"] as const;
const ERASABLE = [STREAMS.INTAKE, STREAMS.DELIVERY, STREAMS.RETURN, STREAMS.DEADLETTER] as const;
const KEY: Record<string, string> = {
  INTAKE: "intake",
  DELIVERY: "delivery",
  RETURN: "return",
  DEADLETTER: "deadletter",
};
const WHY = {
  purposes: [Purpose.PURPOSE_CRIMINAL_ANALYSIS],
  legalBasis: "Directive (EU) 2016/680 Art. 25 (logging), review of the processing",
};

type Counts = Record<string, number>;

function expectFailure(run: CliRun, code: string, exit: number): void {
  expect(run.stderr.trim().split("\n")).toHaveLength(1);
  expect(run.stderr.trim()).toMatch(new RegExp(`^ariadne: ${code}: \\S`));
  expect(run.code).toBe(exit);
}

/**
 * The test's own count of an alert's messages, read message by message by sequence (not the
 * headers-only consumer the command scans with): an independent oracle.
 */
async function countsOf(jsm: JetStreamManager, alertId: string): Promise<Counts> {
  const counts: Counts = {};
  for (const stream of ERASABLE) {
    const { first_seq: first, last_seq: last, messages } = (await jsm.streams.info(stream)).state;
    let n = 0;
    for (let seq = first; messages > 0 && seq <= last; seq++) {
      const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (m?.header?.get(H.alertId) === alertId) n++;
    }
    counts[KEY[stream] ?? stream] = n;
  }
  return counts;
}

const total = (c: Counts) => Object.values(c).reduce((a, n) => a + n, 0);

describe("ariadne erase against a running stack (real router, adapters, audit service)", () => {
  let dataDir: string;
  let stack: RunningStack;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let operator: Signer;
  let queries: AuditQueryClient;
  const indexes: Record<string, CopyIndex> = {};
  const cli = (...args: string[]) => runCli(["--data-dir", dataDir, ...args]);
  let erased = "";
  let kept = "";
  let before: Counts = {};
  let keptBefore: Counts = {};
  let first: ErasureReport | undefined;

  const publish = async () => {
    const run = await cli("publish", EXAMPLE, "--as", "ncp.nl", "--new-id");
    expect(run.code, run.stderr).toBe(0);
    return /^([0-9a-f-]{36}) v1 from ncp\.nl/m.exec(run.stdout)?.[1] ?? "";
  };
  const records = async (alertId: string) =>
    (await Promise.all(AGENCIES.map((a) => indexes[a]?.get(copyIdOf(alertId, 1, a))))).filter((r) => r !== undefined);

  /** Every agency retrieved the copy, and nothing more arrives for a few seconds: the alert has settled. */
  async function settled(alertId: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const trail = (await queries.fullTrail(alertId)).map((e) => e.event);
      const retrieved = AGENCIES.every((a) =>
        trail.some((e) => e.actor === `adapter.${a}` && e.detail === "receipt issued evidence=EVIDENCE_RETRIEVAL"),
      );
      if (retrieved) break;
      if (Date.now() > deadline) throw new Error(`alert ${alertId} did not settle`);
      await sleep(1000);
    }
    let last = -1;
    for (let stable = 0; stable < 3; ) {
      const now = total(await countsOf(jsm, alertId));
      stable = now === last ? stable + 1 : 0;
      last = now;
      await sleep(1000);
    }
  }

  /** A dead letter as the work loop writes it: the original bytes and headers, plus the stage's. */
  async function deadLetter(alertId: string): Promise<void> {
    const { last_seq: last } = (await jsm.streams.info(STREAMS.DELIVERY)).state;
    for (let seq = last; seq > 0; seq--) {
      const m = await jsm.streams.getMessage(STREAMS.DELIVERY, { seq }).catch(() => null);
      if (m?.header?.get(H.alertId) !== alertId || m.subject !== subjects.deliver("europol")) continue;
      const h = newHeaders();
      for (const [k, v] of m.header) for (const value of v) h.append(k, value);
      h.set(H.deadLetterStage, "adapter.europol");
      h.set(H.errorCode, "CHANNEL_UNAVAILABLE");
      await jetstream(nc).publish(subjects.deadLetter("adapter.europol"), m.data, {
        headers: h,
        msgID: `DELIVERY.${seq}.adapter.europol`,
      });
      return;
    }
    throw new Error(`no europol copy of ${alertId}`);
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "ariadne-erase-"));
    const config = StackConfig.parse({ dataDir, consolePort: 0, console: false, logLevel: "warn" });
    stack = await startStack(config, { step: () => {}, done: () => {} });
    nc = await connect({ servers: stack.natsUrl, name: "erase-test" });
    jsm = await jetstreamManager(nc);
    const deployment = await readDeployment(stack.keysDir);
    operator = await signerFor(deployment, "operator");
    const operatorKey = await readOperatorKey(join(stack.keysDir, DEPLOYMENT_FILES.operatorPublic));
    const verifier = new Verifier(await watchRegistry({ nc, operatorKey }));
    queries = createAuditQueryClient(nc, operator, { why: WHY, verifier, timeoutMs: 15_000 });
    for (const a of AGENCIES) indexes[a] = new CopyIndex(await openStateBucket(nc, a));

    erased = await publish();
    kept = await publish();
    await settled(erased);
    await settled(kept);
    await deadLetter(erased);
    await deadLetter(kept);
    before = await countsOf(jsm, erased);
    keptBefore = await countsOf(jsm, kept);
  }, 180_000);

  afterAll(async () => {
    await nc?.close();
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("the alert left messages in every stream and a copy record at every agency's adapter", async () => {
    expect(before).toMatchObject({ intake: 1, deadletter: 1 });
    expect(before["delivery"]).toBeGreaterThanOrEqual(AGENCIES.length);
    expect(before["return"]).toBeGreaterThanOrEqual(1 + 2 * AGENCIES.length);
    expect(await records(erased)).toHaveLength(AGENCIES.length);
  });

  it("refuses a reason that is not an UPPER_SNAKE code, in one line, and erases nothing", async () => {
    const run = await cli("erase", erased, "--reason", "asked by the person concerned");
    expectFailure(run, "USAGE", 2);
    expect(run.stderr).toContain("UPPER_SNAKE");
    expect(run.stderr).not.toContain("person concerned");
    expect(await countsOf(jsm, erased)).toEqual(before);
  });

  it("with the audit log down erases nothing: AUDIT_UNAVAILABLE, from the command and when the append fails", {
    timeout: 90_000,
  }, async () => {
    // The trail as the operator's lookup got it just before the log went away.
    const trail = (await queries.fullTrail(erased)).map((e) => e.event);
    await stack.process("audit").stop("SIGKILL");
    try {
      const run = await cli("erase", erased, "--reason", "RETENTION_EXPIRED");
      expectFailure(run, "AUDIT_UNAVAILABLE", 1);
      // The lookup passed, the append meets no audit service: still nothing is deleted.
      const audit = new AuditClient({ nc, sign: (t, p) => operator.sign(t, p), timeoutMs: 2000 });
      const attempt = eraseAlert(
        { js: jetstream(nc), jsm, trail: async () => trail, append: (events) => audit.append(events) },
        { alertId: erased, reasonCode: "RETENTION_EXPIRED", actor: "operator", legalBasis: WHY.legalBasis },
      );
      await expect(attempt).rejects.toSatisfy((err) => err instanceof CliError && err.code === "AUDIT_UNAVAILABLE");
      expect(await countsOf(jsm, erased)).toEqual(before);
      expect(await records(erased)).toHaveLength(AGENCIES.length);
    } finally {
      await stack.restart("audit");
    }
    const after = (await queries.fullTrail(erased)).map((e) => e.event);
    expect(after.filter((e) => e.action === AuditAction.AUDIT_ACTION_ERASURE)).toEqual([]);
  });

  it("logs one erasure with the counts per stream, then deletes exactly those messages and copy records", {
    timeout: 90_000,
  }, async () => {
    const run = await cli("--json", "erase", erased, "--reason", "RETENTION_EXPIRED");
    expect(run.code, run.stderr).toBe(0);
    first = JSON.parse(run.stdout) as ErasureReport;
    expect(first.versions).toHaveLength(1);
    const v1 = first.versions[0];
    expect(v1).toMatchObject({ version: 1, duplicate: false, alreadyGone: 0 });
    const expected = Object.fromEntries(Object.entries(before).filter(([, n]) => n > 0));
    expect(v1?.scope).toEqual({ messages: total(before), records: AGENCIES.length, streams: expected });
    expect(v1?.deleted).toEqual({ messages: total(before), records: AGENCIES.length });
    expect(first.failed).toEqual([]);

    expect(await countsOf(jsm, erased)).toEqual({ intake: 0, delivery: 0, return: 0, deadletter: 0 });
    expect(await records(erased)).toEqual([]);
    // The other alert is untouched.
    expect(await countsOf(jsm, kept)).toEqual(keptBefore);
    expect(await records(kept)).toHaveLength(AGENCIES.length);
  });

  it("the trail shows the erasure by the operator, with the reason and the counts it logged", {
    timeout: 60_000,
  }, async () => {
    const run = await cli("--json", "trail", erased, "--no-proofs");
    expect(run.code, run.stderr).toBe(0);
    const erasures = (JSON.parse(run.stdout) as Timeline).entries.filter((e) => e.stage === "erasure");
    expect(erasures).toHaveLength(1);
    const streams = ERASABLE.map((s) => `${KEY[s]}=${before[KEY[s] ?? ""] ?? 0}`).join(" ");
    expect(erasures[0]).toMatchObject({
      actor: "operator",
      signer: "operator",
      version: 1,
      code: "RETENTION_EXPIRED",
      index: first?.versions[0]?.auditIndex,
      detail: `alert erased messages=${total(before)} records=${AGENCIES.length} ${streams}`,
    });
    const text = await cli("trail", erased, "--no-proofs");
    expect(text.stdout).toMatch(/erasure\s+operator\s+v1 RETENTION_EXPIRED alert erased messages=/);
  });

  it("a repeated erase logs nothing new and deletes nothing: the same event, 0 found", {
    timeout: 60_000,
  }, async () => {
    const run = await cli("--json", "erase", erased, "--reason", "RETENTION_EXPIRED");
    expect(run.code, run.stderr).toBe(0);
    const again = JSON.parse(run.stdout) as ErasureReport;
    expect(again.versions).toEqual([
      {
        version: 1,
        eventId: first?.versions[0]?.eventId,
        auditIndex: first?.versions[0]?.auditIndex,
        duplicate: true,
        scope: { messages: 0, records: 0, streams: {} },
        deleted: { messages: 0, records: 0 },
        alreadyGone: 0,
      },
    ]);
    const trail = (await queries.fullTrail(erased)).map((e) => e.event);
    expect(trail.filter((e) => e.action === AuditAction.AUDIT_ACTION_ERASURE)).toHaveLength(1);
    expect(await countsOf(jsm, kept)).toEqual(keptBefore);
  });
});
