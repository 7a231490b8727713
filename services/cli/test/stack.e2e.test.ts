import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, REPO_ROOT } from "@ariadne/nats-server";
import { type RunningStack, StackConfig, startStack } from "@ariadne/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import type { Timeline } from "../src/trail/timeline.ts";
import { type CliRun, runCli } from "./support/run-cli.ts";

const EXAMPLE = join(REPO_ROOT, "examples/labour-fake-job-ads.yaml");
const AGENCIES = ["europol", "eurojust", "frontex"];

/** The one-line failure every bad input ends with. */
function expectFailure(run: CliRun, code: string, exit: number): void {
  expect(run.stderr.trim().split("\n").at(-1)).toMatch(new RegExp(`^ariadne: ${code}: \\S`));
  expect(run.code).toBe(exit);
}

describe("the ariadne CLI against a running stack", () => {
  let dataDir: string;
  let stack: RunningStack;
  const cli = (...args: string[]) => runCli(["--data-dir", dataDir, ...args]);
  let alertId = "";

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "ariadne-cli-e2e-"));
    // The pipeline alone: the CLI talks to NATS and the services, never to the console.
    const config = StackConfig.parse({ dataDir, consolePort: 0, console: false, logLevel: "warn" });
    stack = await startStack(config, { step: () => {}, done: () => {} });
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("publishes an example as a new alert and prints the router's acceptance", async () => {
    const run = await cli("publish", EXAMPLE, "--as", "ncp.nl", "--new-id");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/accepted by the router; routed to .*europol/);
    const id = /^([0-9a-f-]{36}) v1 from ncp\.nl/m.exec(run.stdout)?.[1];
    expect(id).toBeDefined();
    alertId = id ?? "";
  });

  // Each CLI run is a child process starting tsx; on a shared two-core machine that takes seconds.
  it("shows the full trail: received, decisions, delivered, acknowledged, replies, proven in the log", {
    timeout: 90_000,
  }, async () => {
    // Acknowledgements and replies come from the agencies' stand-ins a moment after delivery.
    let timeline: Timeline | undefined;
    const deadline = Date.now() + 45_000;
    for (;;) {
      const run = await cli("--json", "trail", alertId, "--no-proofs");
      expect(run.code).toBe(0);
      timeline = JSON.parse(run.stdout) as Timeline;
      const of = (r: string) => timeline?.recipients.find((p) => p.recipient === r);
      const done = AGENCIES.every((a) => of(a)?.acknowledged) && AGENCIES.some((a) => (of(a)?.replies.length ?? 0) > 0);
      if (done || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const stages = new Set(timeline.entries.map((e) => e.stage));
    for (const s of ["received", "decision", "transferred", "delivered", "acknowledged", "reply", "consultation"]) {
      expect(stages, s).toContain(s);
    }
    for (const a of AGENCIES) {
      expect(timeline.recipients.find((p) => p.recipient === a)).toMatchObject({
        decision: "allowed",
        delivered: true,
        acknowledged: true,
      });
    }
    // ncp.ua is a third party without the originator's consent: refused, everything withheld.
    const decision = timeline.entries.find((e) => e.stage === "decision");
    expect(decision?.decisions?.find((d) => d.recipient === "ncp.ua")).toMatchObject({
      delivered: false,
      reasonCode: "THIRD_PARTY_NO_CONSENT",
    });

    const text = await cli("trail", alertId);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/#\d+\s+received\s+router/);
    expect(text.stdout).toMatch(/x ncp\.ua\s+THIRD_PARTY_NO_CONSENT\s+\d+ withheld/);
    expect(text.stdout).toMatch(/europol\s+allowed\s+ALLOWED\s+yes\s+yes\s+yes/);
    const proven = /inclusion: (\d+)\/(\d+) events proven in the log/.exec(text.stdout);
    expect(proven?.[1]).toBe(proven?.[2]);
    expect(Number(proven?.[1])).toBeGreaterThan(8);
  });

  it("shows the alert in a Europol liaison officer's feed, one JSON object per line", { timeout: 60_000 }, async () => {
    const run = await cli("--json", "feed", "europol", "--as", "officer.europol.dupont", "--since", "30m");
    expect(run.code).toBe(0);
    const items = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { alertId: string; originator: string; withheldCount: number });
    const item = items.find((i) => i.alertId === alertId);
    expect(item).toMatchObject({ originator: "ncp.nl" });
    const filtered = await cli("--json", "feed", "europol", "--as", "officer.europol.dupont", "--ncp", "ncp.de");
    expect(filtered.code).toBe(0);
    expect(filtered.stdout).not.toContain(alertId);
  });

  it("exports the audit log and verifies it offline; a flipped byte fails with its position", {
    timeout: 90_000,
  }, async () => {
    const first = join(dataDir, "export-1.jsonl");
    const exported = await cli("audit", "export", "--out", first);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/exported entries \[0, \d+\)/);
    const ok = await cli("audit", "verify", first);
    expect(ok.stdout).toMatch(/^OK: .*: log ariadne-audit\/local, entries \[0, \d+\): \d+ entries/);
    expect(ok.code).toBe(0);

    // A later export proves it extends the first one's checkpoint.
    const second = join(dataDir, "export-2.jsonl");
    expect((await cli("audit", "export", "--out", second, "--previous", first)).code).toBe(0);
    const continued = await cli("audit", "verify", second, "--previous", first);
    expect(continued.stdout).toMatch(/^OK: .*; extends /);
    expect(continued.code).toBe(0);

    const bytes = await readFile(first);
    const lines = bytes.toString("utf8").split("\n");
    const entryLine = lines.findIndex((l) => l.startsWith('{"type":"entry"')) + 1; // 1-based
    const at = bytes.indexOf('{"type":"entry"') + 60;
    bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41; // another base64url letter: the line still parses
    const flipped = join(dataDir, "flipped.jsonl");
    await writeFile(flipped, bytes);
    const bad = await cli("audit", "verify", flipped);
    expectFailure(bad, "VERIFY_FAILED", 4);
    expect(bad.stderr).toMatch(new RegExp(`line ${entryLine} \\(entry 0\\)`));
  });

  it("ends bad input with one line and a non-zero exit code", { timeout: 90_000 }, async () => {
    const scratch = await mkdtemp(join(tmpdir(), "ariadne-cli-bad-"));
    try {
      const invalid = join(scratch, "minor-without-age-band.yaml");
      const doc = parse(await readFile(EXAMPLE, "utf8")) as { persons: Record<string, unknown>[] };
      const person = doc.persons[0] ?? {};
      person["minor"] = true;
      delete person["ageBand"];
      delete person["dateOfBirth"];
      await writeFile(invalid, stringify(doc));
      const malformed = join(scratch, "malformed.yaml");
      await writeFile(malformed, "header: [unclosed\n");
      const keys = stack.keysDir;
      const [rejected, local, broken, missing, party, keyless, unknownAlert, noStack, noServer] = await Promise.all([
        // Passes the local parse; with --no-check only the router judges it.
        cli("publish", invalid, "--as", "ncp.nl", "--new-id", "--no-check"),
        cli("publish", invalid, "--as", "ncp.nl", "--new-id"),
        cli("publish", malformed, "--as", "ncp.nl"),
        cli("publish", join(scratch, "absent.yaml"), "--as", "ncp.nl"),
        cli("publish", EXAMPLE, "--as", "ncp.xx"),
        runCli(["--data-dir", dataDir, "--keys", scratch, "trail", alertId]),
        cli("trail", "019380a2-0000-7000-8000-000000000000"),
        runCli(["--data-dir", scratch, "--keys", keys, "trail", alertId]),
        runCli(["--keys", keys, "--nats", `nats://127.0.0.1:${await freePort()}`, "trail", alertId]),
      ]);
      expectFailure(rejected, "REJECTED", 3);
      expect(rejected.stdout).toMatch(/rejected by the router: VALIDATION_FAILED/);
      expect(rejected.stdout).toMatch(/persons\[0\]\.ageBand: MINOR_WITHOUT_AGE_BAND/);
      expectFailure(local, "INVALID_ALERT", 1);
      expectFailure(broken, "INVALID_ALERT", 1);
      expectFailure(missing, "FILE_UNREADABLE", 1);
      expectFailure(party, "UNKNOWN_PARTY", 1);
      expectFailure(keyless, "KEY_MISSING", 1);
      expectFailure(unknownAlert, "NOT_FOUND", 1);
      expectFailure(noStack, "NATS_UNREACHABLE", 1);
      expectFailure(noServer, "NATS_UNREACHABLE", 1);
      expectFailure(await cli("feed", "europol", "--as", "officer.europol.dupont", "--priority", "soon"), "USAGE", 2);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
