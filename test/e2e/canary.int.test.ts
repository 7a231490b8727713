import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { ReturnItem } from "@ariadne/client";
import { openAlert } from "@ariadne/envelope";
import { decide } from "@ariadne/policy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshExample, idOf } from "./support/alerts.ts";
import { canaryNeedles, findNeedles, newCanary, plantCanary } from "./support/canary.ts";
import { AGENCIES, type AgencyName, type E2eStack, startE2eStack, until } from "./support/stack.ts";

const isAgency = (r: string): r is AgencyName => (AGENCIES as readonly string[]).includes(r);

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

/** Every byte string in an export line: the raw JSON text, and each base64url field decoded. */
function exportHaystacks(file: Uint8Array): Uint8Array[] {
  const text = Buffer.from(file).toString("utf8");
  const out: Uint8Array[] = [Buffer.from(text, "utf8")];
  const walk = (v: unknown) => {
    if (typeof v === "string") out.push(Buffer.from(v, "base64url"));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  for (const line of text.split("\n")) if (line !== "") walk(JSON.parse(line));
  return out;
}

describe("whole pipeline: a canary name never appears in a log line or an audit event", () => {
  let e: E2eStack;
  beforeAll(async () => {
    // Debug level: the most a service ever writes to its log.
    e = await startE2eStack("canary", { logLevel: "debug" });
  }, 120_000);
  afterAll(async () => {
    await e?.[Symbol.asyncDispose]();
  }, 60_000);

  it("delivers the alert with the canary to Europol, and the canary is in no log, stack output, metrics or audit export", async () => {
    const canary = newCanary();
    const needles = canaryNeedles(canary);
    const alert = plantCanary(freshExample("labour-fake-job-ads.yaml"), canary);
    const { alertId, version, originator } = idOf(alert);
    const ncp = await e.ncp(originator);
    const returned: ReturnItem[] = [];
    const feed = await ncp.returns(new Date(Date.now() - 1000));
    const following = (async () => {
      for await (const item of feed) returned.push(item);
    })();

    const { published, outcome } = await ncp.publishAndWait(alert, 60_000);
    expect(outcome.kind).toBe("accepted");
    // The canary is in the traffic: the signed alert as published carries it.
    expect(findNeedles(published.bytes, [canary.familyName, canary.passport, canary.phone])).toHaveLength(3);
    const opened = openAlert(published.bytes, e.verifier, { party: originator });
    const granted = decide(opened.alert, opened.paths, e.mandates).filter((d) => d.delivered);
    const agencies = granted.map((d) => d.recipient).filter(isAgency);
    expect(agencies).toContain("europol");

    // Every agency copy delivered, acknowledged and answered, so every service has done (and
    // logged) all it does with this alert.
    const copyId = (agency: string) => `${alertId}.${version}.${agency}`;
    const expectedReplies = new Map<string, number>();
    for (const agency of agencies) {
      const events = await until(async () => {
        const mine = (await e.standin(agency).events()).filter((ev) => ev.ariadneCopyId === copyId(agency));
        return mine.some((ev) => ev.type === "acknowledged") ? mine : undefined;
      }, `${agency} to acknowledge the copy`);
      expectedReplies.set(`adapter.${agency}`, events.filter((ev) => ev.type === "reply").length);
    }
    await until(
      () =>
        agencies.every((agency) => {
          const mine = returned.filter((r) => r.kind !== "invalid" && r.signer.party === `adapter.${agency}`);
          return (
            mine.filter((r) => r.kind === "receipt").length === 2 &&
            mine.filter((r) => r.kind === "reply").length === expectedReplies.get(`adapter.${agency}`)
          );
        }),
      "every receipt and reply back with the originator",
    );
    await feed.close();
    await following;

    // Europol is entitled to suspects' names, documents and phones: its channel received the canary.
    const [europolRecord] = (await e.standin("europol").records()).filter((r) => r.ariadneCopyId === copyId("europol"));
    expect(europolRecord).toBeDefined();
    const delivered = JSON.stringify(europolRecord?.message);
    for (const value of [canary.givenNames, canary.familyName, canary.passport]) expect(delivered).toContain(value);
    expect(delivered.replace(/\D/g, "")).toContain(canary.phone.replace(/\D/g, ""));

    // The audit log: the whole export (raw lines and every decoded leaf, envelope and artefact)
    // and the trail as the query service returns it.
    const q = await e.queries();
    const trail = await q.fullTrail(alertId);
    expect(trail.length).toBeGreaterThan(5);
    const exported = await q.exportFile({ from: 0 });
    const haystacks: [string, Uint8Array | string][] = [
      ...exportHaystacks(exported).map((h, i): [string, Uint8Array] => [`export part ${i}`, h]),
      ...trail.map((ev): [string, Uint8Array] => [`trail event ${ev.index}`, ev.leaf]),
    ];
    // What each service exposes to monitoring.
    for (const p of e.stack.processes) {
      const url = p.spec.readyUrl?.replace(/\/(readyz|healthz)$/, "/metrics");
      if (url) haystacks.push([`metrics of ${p.spec.name}`, await (await fetch(url)).text()]);
    }

    // Stopped, so every process has flushed its log; then every file under <dataDir>/logs, the
    // nats-server's log and everything the stack reported.
    await e.stop();
    const logs = await filesUnder(join(e.dataDir, "logs"));
    expect(logs.map((f) => f.slice(f.lastIndexOf("/") + 1)).sort()).toEqual(
      e.stack.processes.map((p) => `${p.spec.name}.log`).sort(),
    );
    let logBytes = 0;
    let linesNamingTheAlert = 0;
    for (const file of [...logs, join(e.dataDir, "nats", "nats-server.log")]) {
      const bytes = await readFile(file);
      logBytes += (await stat(file)).size;
      linesNamingTheAlert += bytes
        .toString("utf8")
        .split("\n")
        .filter((l) => l.includes(alertId)).length;
      haystacks.push([file, bytes]);
    }
    haystacks.push(["stack output", e.output.join("\n")]);
    // Not vacuous: the services did log, at debug level, about this very alert (by its id).
    expect(logBytes).toBeGreaterThan(10_000);
    expect(linesNamingTheAlert).toBeGreaterThan(3);
    expect(e.output.length).toBeGreaterThan(10);

    // The search finds the canary where it belongs: in the channel's own store, and in the
    // published alert however it is encoded.
    const store = await readFile(join(e.dataDir, "standins", "europol", "records.jsonl"));
    expect(findNeedles(store, needles)).toContain(canary.familyName);
    for (const encoding of ["base64", "base64url", "hex"] as const) {
      expect(findNeedles(Buffer.from(published.bytes).toString(encoding), needles).length).toBeGreaterThan(0);
    }

    const leaks = haystacks.flatMap(([where, h]) => findNeedles(h, needles).map((n) => `${where}: ${n}`));
    expect(leaks).toEqual([]);
  }, 150_000);
});
