import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { decodeCheckpoint } from "@ariadne/audit";
import { STREAMS, subjects } from "@ariadne/bus";
import { decodeEnvelope } from "@ariadne/envelope";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LogState } from "../src/mod.ts";
import { someEvent } from "./support/flow.ts";
import { type AuditHarness, auditHarness } from "./support/harness.ts";
import { deploymentFiles, freePort, startAuditProcess } from "./support/process.ts";

describe("main.ts: the audit service as a process", () => {
  let h: AuditHarness;
  let deployment: string;

  beforeAll(async () => {
    h = await auditHarness();
    deployment = await deploymentFiles(h.keys, h.nc);
  });
  afterAll(async () => {
    await h?.[Symbol.asyncDispose]();
    await rm(deployment, { recursive: true, force: true });
  });

  it("serves /healthz, /readyz and /metrics; SIGTERM publishes a last checkpoint of all that was stored and exits 0", async () => {
    const port = await freePort();
    const proc = await startAuditProcess(deployment, h.keys, h.server.url, port, join(deployment, "logs"));
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await (await fetch(`${base}/readyz`)).json();
    expect(ready).toMatchObject({ status: "ready", checks: { nats: true, registry: true, log: true } });

    const router = await h.emitter("router", 5000);
    const sends = Array.from({ length: 20 }, () => router.append([someEvent("router"), someEvent("router")]));
    const logged = (await Promise.all(sends)).flat();
    expect(logged.map((l) => l.index).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const metrics = await (await fetch(`${base}/metrics`)).text();
    for (const line of [
      'ariadne_audit_events_appended_total{service="audit"} 40',
      'ariadne_audit_tree_size{service="audit"} 40',
      'ariadne_audit_checkpoint_age_seconds{service="audit"} -1',
    ]) {
      expect(metrics).toContain(line);
    }
    expect(metrics).toMatch(/ariadne_audit_append_seconds_count\{service="audit"\} 20/);

    expect(await proc.stop("SIGTERM")).toBe(0);
    const m = await h.jsm.streams.getMessage(STREAMS.AUDIT_CHECKPOINTS, { last_by_subj: subjects.auditCheckpoint });
    expect(decodeCheckpoint(decodeEnvelope(m?.data ?? new Uint8Array()).payload).treeSize).toBe(40);
    const log = await readFile(proc.logFile, "utf8");
    expect(log).toContain('"msg":"checkpoint published"');
    expect(log).toContain('"msg":"stopped"');
    // While no audit process runs, emitters fail closed.
    await expect(router.append([someEvent("router")])).rejects.toMatchObject({ code: "AUDIT_UNAVAILABLE" });
  });

  it("after kill -9, a new process rebuilds the log and nothing confirmed is lost", async () => {
    const port = await freePort();
    const proc = await startAuditProcess(deployment, h.keys, h.server.url, port, join(deployment, "logs"));
    const router = await h.emitter("router", 5000);
    const events = Array.from({ length: 10 }, () => someEvent("router"));
    const confirmed = (await Promise.all(events.map((e) => router.append([e])))).flat();
    await proc.stop("SIGKILL");
    const again = await startAuditProcess(deployment, h.keys, h.server.url, await freePort(), join(deployment, "logs"));
    const [next] = await router.append([someEvent("router")]);
    const size = (await h.jsm.streams.info(STREAMS.AUDIT)).state.last_seq;
    expect(next?.index).toBe(size - 1);
    const stored = new LogState();
    for (let seq = 1; seq <= size; seq++)
      stored.replay((await h.jsm.streams.getMessage(STREAMS.AUDIT, { seq }))?.data ?? new Uint8Array());
    for (const c of confirmed) expect(stored.index.indexOfEvent(c.eventId)).toBe(c.index);
    expect(await again.stop("SIGTERM")).toBe(0);
  });
});
