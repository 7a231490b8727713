import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LoggedAuditEvent } from "@ariadne/audit-service";
import { H, STREAMS } from "@ariadne/bus";
import { AuditAction, CaseAlert } from "@ariadne/contracts";
import { decodeEnvelope, openAlert } from "@ariadne/envelope";
import { REPO_ROOT } from "@ariadne/nats-server";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { freshExample, idOf } from "../../../test/e2e/support/alerts.ts";
import { canaryNeedles, findNeedles, newCanary, plantCanary } from "../../../test/e2e/support/canary.ts";
import { type E2eStack, startE2eStack, until } from "../../../test/e2e/support/stack.ts";
import { runCli } from "./support/run-cli.ts";
import { spawnCli } from "./support/spawn-cli.ts";

// The commands of docs/cli.md that stack.e2e.test.ts does not drive, each against the running
// stack as `npm start` runs it: demo, publish --out, feed replay with filters, feed --follow
// ended with Ctrl-C; and the canary for the rejected-alert and feed paths.

const LABOUR = join(REPO_ROOT, "examples/labour-fake-job-ads.yaml");

interface DemoRow {
  step: "new" | "update" | "invalid";
  alertId: string;
  version: number;
  from: string;
  outcome: string;
  detail: string;
}

interface FeedLine {
  alertId: string;
  version: number;
  originator: string;
  originatingCountry?: string;
  purposes: string[];
  consultation: { eventId: string; auditIndex: number };
  disclosed: Record<string, unknown>;
}

const feedLines = (stdout: string): FeedLine[] =>
  stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as FeedLine);

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

describe("more ariadne commands against a running stack", () => {
  let e: E2eStack;
  let scratch: string;
  const cli = (...args: string[]) => runCli(["--data-dir", e.dataDir, ...args], { timeoutMs: 90_000 });
  // Alerts published by the tests below, for the feed's filters.
  let labourId = "";
  let forcedId = "";
  let between = new Date(0);

  const intakeIds = async (): Promise<Set<string>> => {
    const jsm = await jetstreamManager(e.nc);
    const info = await jsm.streams.info(STREAMS.INTAKE);
    const ids = new Set<string>();
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const id = (await jsm.streams.getMessage(STREAMS.INTAKE, { seq }))?.header.get(H.msgId);
      if (id) ids.add(id);
    }
    return ids;
  };
  const trailOf = async (alertId: string): Promise<LoggedAuditEvent[]> => (await e.queries()).fullTrail(alertId);

  beforeAll(async () => {
    // Debug level: the canary test below reads every log line the services can write.
    e = await startE2eStack("cli-commands", { console: false, logLevel: "debug" });
    scratch = await mkdtemp(join(tmpdir(), "ariadne-cli-commands-"));
  }, 120_000);
  afterAll(async () => {
    await e?.[Symbol.asyncDispose]();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }, 60_000);

  it("demo publishes new alerts, a new version and an invalid one from several NCPs; the router answered each, and the trail shows it", {
    timeout: 90_000,
  }, async () => {
    const before = await intakeIds();
    const run = await cli("--json", "demo", "--count", "7", "--rate", "20", "--with-errors");
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as DemoRow[];
    // The stream of docs/cli.md: the three scenarios, a new version of the first, two more new
    // ones, and the seventh invalid (a minor without an age band).
    expect(rows).toHaveLength(7);
    const byStep = (s: DemoRow["step"]) => rows.filter((r) => r.step === s);
    expect(byStep("new")).toHaveLength(5);
    expect(byStep("update")).toHaveLength(1);
    expect(byStep("invalid")).toHaveLength(1);
    expect(new Set(rows.map((r) => r.from))).toEqual(new Set(["ncp.de", "ncp.fr", "ncp.nl"]));
    for (const r of rows.filter((x) => x.step !== "invalid")) {
      expect(r, r.alertId).toMatchObject({ outcome: "accepted" });
      expect(r.detail).toMatch(/^to .*europol/);
    }
    expect(byStep("invalid")[0]).toMatchObject({ outcome: "rejected", detail: "VALIDATION_FAILED", version: 1 });
    const update = byStep("update")[0] as DemoRow;
    expect(update.version).toBe(2);
    expect(rows.filter((r) => r.alertId === update.alertId).map((r) => r.version)).toEqual([1, 2]);

    // Every alert and version is in INTAKE, once: what demo published, nothing else.
    const after = await intakeIds();
    const added = [...after].filter((id) => !before.has(id)).sort();
    expect(added).toEqual(rows.map((r) => `${r.alertId}.${r.version}`).sort());

    // The audit log: received and decided for each accepted version, a new version logged as an
    // alteration, the invalid one as a rejection with no decision.
    for (const r of rows) {
      const trail = await trailOf(r.alertId);
      const of = (action: AuditAction) =>
        trail.filter((ev) => ev.event.action === action && ev.event.version === r.version);
      if (r.step === "invalid") {
        expect(of(AuditAction.AUDIT_ACTION_REJECTION), r.alertId).toHaveLength(1);
        expect(of(AuditAction.AUDIT_ACTION_DECISION)).toHaveLength(0);
        continue;
      }
      expect(of(AuditAction.AUDIT_ACTION_DECISION), `${r.alertId} v${r.version}`).toHaveLength(1);
      const received = r.step === "update" ? AuditAction.AUDIT_ACTION_ALTERATION : AuditAction.AUDIT_ACTION_COLLECTION;
      expect(of(received), `${r.alertId} v${r.version}`).toHaveLength(1);
      // Its own events name its originator; an alert linked to it later (same network) may be another NCP's.
      const own = trail.filter((ev) => ev.event.alertId === r.alertId && ev.event.originator !== "");
      expect(own.length).toBeGreaterThan(1);
      expect(own.every((ev) => ev.event.originator === r.from)).toBe(true);
    }
  });

  it("publish --out writes the signed envelope's bytes, verifiable with the deployment's keys, and publishes nothing", {
    timeout: 60_000,
  }, async () => {
    const file = join(scratch, "labour.envelope");
    const before = await intakeIds();
    const run = await cli("--json", "publish", LABOUR, "--as", "ncp.nl", "--new-id", "--out", file);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { alertId: string; version: number; bytes: number; sha256: string };
    const bytes = await readFile(file);
    expect(bytes.length).toBe(summary.bytes);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(summary.sha256);

    // An envelope, signed by ncp.nl under the registry the stack's services trust.
    decodeEnvelope(bytes);
    const opened = openAlert(bytes, e.verifier, { party: "ncp.nl" });
    expect(idOf(opened.alert)).toEqual({ alertId: summary.alertId, version: 1, originator: "ncp.nl" });
    const example = parse(await readFile(LABOUR, "utf8")) as { header: { caseReferences: { reference: string }[] } };
    expect(opened.alert.header?.caseReferences[0]?.reference).toBe(example.header.caseReferences[0]?.reference);
    // Signed by ncp.nl, it does not verify as another NCP's.
    expect(() => openAlert(bytes, e.verifier, { party: "ncp.de" })).toThrow();

    // Not sent: INTAKE did not change and the audit log has never heard of the alert.
    expect([...(await intakeIds())].filter((id) => !before.has(id))).toEqual([]);
    // (The only event naming it is the read just made: the audit service logs every trail query.)
    const named = await trailOf(summary.alertId);
    expect(named.filter((ev) => ev.event.action !== AuditAction.AUDIT_ACTION_CONSULTATION)).toEqual([]);
  });

  it("feed replays with --since and filters (country, priority, form, crime area), each item a consultation in the trail", {
    timeout: 90_000,
  }, async () => {
    const publish = async (file: Parameters<typeof freshExample>[0]) => {
      const alert = freshExample(file);
      const { outcome } = await (await e.ncp(idOf(alert).originator)).publishAndWait(alert, 60_000);
      expect(outcome.kind).toBe("accepted");
      return idOf(alert).alertId;
    };
    labourId = await publish("labour-fake-job-ads.yaml"); // ncp.nl, HIGH, labour
    // --since is the time a copy was stored in DELIVERY: a moment between the two alerts.
    await new Promise((r) => setTimeout(r, 300));
    between = new Date();
    await new Promise((r) => setTimeout(r, 300));
    forcedId = await publish("forced-criminality-external-border.yaml"); // ncp.fr, URGENT, criminal activities + begging
    const feed = (...args: string[]) => cli("--json", "feed", "europol", "--as", "officer.europol.dupont", ...args);
    const [all, since, country, priority, form, crimeArea, related, none] = await Promise.all([
      feed("--since", "15m"),
      feed("--since", between.toISOString()),
      feed("--since", "15m", "--country", "NL"),
      feed("--since", "15m", "--priority", "urgent"),
      feed("--since", "15m", "--form", "labour"),
      feed("--since", "15m", "--crime-area", "trafficking-in-human-beings", "--ncp", "ncp.fr"),
      feed("--since", "15m", "--crime-area", "migrant-smuggling"),
      feed("--since", "15m", "--crime-area", "money-laundering", "--country", "FR"),
    ]);
    for (const run of [all, since, country, priority, form, crimeArea, related, none])
      expect(run.code, run.stderr).toBe(0);
    const ids = (run: { stdout: string }) => new Set(feedLines(run.stdout).map((l) => l.alertId));
    expect(ids(all)).toContain(labourId);
    expect(ids(all)).toContain(forcedId);
    // Stored before the --since time: not replayed.
    expect(ids(since)).toContain(forcedId);
    expect(ids(since)).not.toContain(labourId);
    // Filters: the labour alert is from NL, HIGH and labour; the other from FR, URGENT, criminal activities.
    expect(ids(country)).toContain(labourId);
    expect(ids(country)).not.toContain(forcedId);
    expect(feedLines(country.stdout).every((l) => l.originatingCountry === "NL")).toBe(true);
    expect(ids(priority)).toContain(forcedId);
    expect(ids(priority)).not.toContain(labourId);
    expect(ids(form)).toContain(labourId);
    expect(ids(form)).not.toContain(forcedId);
    expect(ids(crimeArea)).toContain(forcedId);
    expect(ids(crimeArea)).not.toContain(labourId);
    // A crime area matches the alert's own or a related one: the French alert names migrant smuggling.
    expect(ids(related)).toContain(forcedId);
    expect(ids(related)).not.toContain(labourId);
    // Money laundering is related to the Dutch alert only: none of France's.
    expect(none.stdout.trim()).toBe("");

    // Each item shown was logged first as a consultation by the officer, under the index it names.
    const trail = await trailOf(forcedId);
    const consultations = trail.filter((ev) => ev.event.action === AuditAction.AUDIT_ACTION_CONSULTATION);
    const shown = [all, since, priority, crimeArea, related]
      .flatMap((r) => feedLines(r.stdout))
      .filter((l) => l.alertId === forcedId);
    expect(shown).toHaveLength(5);
    for (const item of shown) {
      const logged = consultations.find((ev) => ev.index === item.consultation.auditIndex);
      expect(logged?.event, `audit #${item.consultation.auditIndex}`).toMatchObject({
        actor: "adapter.europol",
        officer: "officer.europol.dupont",
        alertId: forcedId,
        eventId: item.consultation.eventId,
      });
    }
    // Filtered out is not consulted: the labour alert was read by three feeds only (all, country, form).
    const labourReads = (await trailOf(labourId)).filter(
      (ev) =>
        ev.event.action === AuditAction.AUDIT_ACTION_CONSULTATION && ev.event.officer === "officer.europol.dupont",
    );
    expect(labourReads).toHaveLength(3);
  });

  it("feed --follow shows only new copies as they come, and ends cleanly on Ctrl-C", { timeout: 90_000 }, async () => {
    const follow = spawnCli([
      "--data-dir",
      e.dataDir,
      "feed",
      "frontex",
      "--as",
      "officer.frontex.nowak",
      "--follow",
      "--form",
      "labour",
    ]);
    try {
      await follow.waitFor(/feed of frontex as officer\.frontex\.nowak .*following/);
      const alert = freshExample("labour-fake-job-ads.yaml");
      const { alertId, originator } = idOf(alert);
      const { outcome } = await (await e.ncp(originator)).publishAndWait(alert, 60_000);
      expect(outcome.kind).toBe("accepted");
      await follow.waitFor(
        new RegExp(`${alertId} v1 +from ncp\\.nl \\(NL\\) +HIGH TRAFFICKING_IN_HUMAN_BEINGS LABOUR`),
      );
      // Still following after the item: the process did not end by itself.
      expect(follow.child.exitCode).toBeNull();
      follow.child.kill("SIGINT");
      const ended = await follow.exited;
      expect(ended.signal).toBeNull();
      expect(ended.code, ended.stderr).toBe(0);
      // Only the new copy: the labour alert of the test before was routed before the feed opened.
      const lines = ended.stdout.split("\n").filter((l) => l.trim() !== "");
      expect(lines).toHaveLength(1);
      expect(ended.stdout).not.toContain(labourId);
      expect(ended.stderr).toMatch(/^1 item\(s\)$/m);
      // The one item shown was logged as the officer's consultation before it was sent.
      const logged = await trailOf(alertId);
      expect(
        logged.filter(
          (ev) =>
            ev.event.action === AuditAction.AUDIT_ACTION_CONSULTATION && ev.event.officer === "officer.frontex.nowak",
        ),
      ).toHaveLength(1);
    } finally {
      if (follow.child.exitCode === null) follow.child.kill("SIGKILL");
    }
  });

  it("a canary in a rejected alert and in a liaison officer's feed appears in no log line", {
    timeout: 120_000,
  }, async () => {
    const canary = newCanary();
    const needles = canaryNeedles(canary);

    // Rejected: the canary is in an alert the router refuses (a minor without an age band).
    const rejectedAlert = plantCanary(freshExample("labour-fake-job-ads.yaml"), canary);
    const rejectedDoc = CaseAlert.toJSON({
      ...rejectedAlert,
      persons: rejectedAlert.persons.map((p, i) => (i === 0 ? { ...p, minor: true, ageBand: 0, dateOfBirth: "" } : p)),
    }) as Record<string, unknown>;
    const rejectedFile = join(scratch, "canary-rejected.yaml");
    await writeFile(rejectedFile, stringify(rejectedDoc));
    const rejected = await cli("publish", rejectedFile, "--as", "ncp.nl", "--no-check");
    expect(rejected.code, rejected.stderr).toBe(3);
    expect(rejected.stdout).toMatch(/rejected by the router: VALIDATION_FAILED/);
    const rejectedId = idOf(rejectedAlert).alertId;
    const rejection = await until(async () => {
      const trail = await trailOf(rejectedId);
      return trail.find((ev) => ev.event.action === AuditAction.AUDIT_ACTION_REJECTION);
    }, "the rejection in the audit log");
    expect(findNeedles(rejection.leaf, needles)).toEqual([]);

    // Accepted, then read by a Europol officer through the feed: the officer sees the canary (a
    // suspect's name is within Europol's mandate), nothing else writes it down.
    const accepted = plantCanary(freshExample("labour-fake-job-ads.yaml"), canary);
    const acceptedFile = join(scratch, "canary-accepted.yaml");
    await writeFile(acceptedFile, stringify(CaseAlert.toJSON(accepted)));
    const published = await cli("publish", acceptedFile, "--as", "ncp.nl");
    expect(published.code, published.stderr).toBe(0);
    const acceptedId = idOf(accepted).alertId;
    const [json, text] = await Promise.all([
      cli("--json", "feed", "europol", "--as", "officer.europol.kowalska", "--since", "5m", "--ncp", "ncp.nl"),
      cli("feed", "europol", "--as", "officer.europol.kowalska", "--since", "5m", "--ncp", "ncp.nl"),
    ]);
    expect(json.code, json.stderr).toBe(0);
    expect(text.code, text.stderr).toBe(0);
    const item = feedLines(json.stdout).find((l) => l.alertId === acceptedId);
    expect(JSON.stringify(item?.disclosed)).toContain(canary.familyName);
    // The terminal line shows codes and counts only.
    expect(text.stdout).toContain(acceptedId);
    expect(findNeedles(text.stdout + text.stderr, needles)).toEqual([]);
    expect(findNeedles(rejected.stdout + rejected.stderr, needles)).toEqual([]);

    // The audit log of both alerts, then every log file once every service has flushed.
    const leaves = [...(await trailOf(rejectedId)), ...(await trailOf(acceptedId))];
    expect(leaves.some((ev) => ev.event.action === AuditAction.AUDIT_ACTION_CONSULTATION)).toBe(true);
    await e.stop();
    const files = [...(await filesUnder(join(e.dataDir, "logs"))), join(e.dataDir, "nats", "nats-server.log")];
    const haystacks: [string, Uint8Array | string][] = [
      ...leaves.map((ev): [string, Uint8Array] => [`audit #${ev.index}`, ev.leaf]),
      ["stack output", e.output.join("\n")],
    ];
    let mentions = 0;
    for (const f of files) {
      const bytes = await readFile(f);
      const lines = bytes.toString("utf8").split("\n");
      mentions += lines.filter((l) => l.includes(rejectedId) || l.includes(acceptedId)).length;
      haystacks.push([f, bytes]);
    }
    // Not vacuous: at debug level the services logged about both alerts (by id) and the feed reads.
    expect(mentions).toBeGreaterThan(3);
    const leaks = haystacks.flatMap(([where, h]) => findNeedles(h, needles).map((n) => `${where}: ${n}`));
    expect(leaks).toEqual([]);
  });
});
