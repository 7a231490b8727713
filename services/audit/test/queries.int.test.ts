import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { hashLeaf, verifyConsistency, verifyInclusion } from "@ariadne/audit";
import { H, STREAMS, subjects } from "@ariadne/bus";
import { AuditAction, AuditQuery, newId } from "@ariadne/contracts";
import { encodeEnvelope, MESSAGE_TYPES } from "@ariadne/envelope";
import { REPO_ROOT } from "@ariadne/testing";
import { Svcm } from "@nats-io/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditQueryError, createAuditQueryClient, QUERY_ENDPOINTS, QUERY_SERVICE_NAME } from "../src/mod.ts";
import { type AlertFlow, alertFlow, CANARY, someEvent } from "./support/flow.ts";
import { type AuditHarness, auditHarness, type RunningAudit, WHY } from "./support/harness.ts";

const run = promisify(execFile);

describe("queries (ariadne.audit.query.*)", () => {
  let h: AuditHarness;
  let audit: RunningAudit;
  let flow: AlertFlow;
  let dir: string;

  beforeAll(async () => {
    h = await auditHarness();
    audit = await h.startAudit();
    dir = await mkdtemp(join(tmpdir(), "ariadne-audit-queries-"));
    flow = await alertFlow(h.keys);
    const router = await h.emitter("router");
    const europol = await h.emitter("adapter.europol");
    // The alert's events, with unrelated ones in between.
    await router.append([someEvent("router")]);
    await router.append(flow.routed);
    await europol.append([someEvent("adapter.europol")]);
    await router.append(flow.disclosures);
    await europol.append(flow.europol);
    await router.append([someEvent("router")]);
  });
  afterAll(async () => {
    await h?.[Symbol.asyncDispose]();
    await rm(dir, { recursive: true, force: true });
  });

  it("answers NOT_FOUND for the latest checkpoint while none was published", async () => {
    const q = await h.queries();
    await expect(q.latestCheckpoint()).rejects.toMatchObject({ name: "AuditQueryError", code: "NOT_FOUND" });
  });

  it("returns the full trail of an alert in log order, this read's consultation last", async () => {
    const q = await h.queries();
    const page = await q.trail(flow.ref.alertId);
    const expected = [...flow.routed, ...flow.disclosures, ...flow.europol].map((e) => e.eventId);
    expect(page.events.slice(0, -1).map((e) => e.event.eventId)).toEqual(expected);
    expect(page.events.map((e) => e.index)).toEqual([...page.events.map((e) => e.index)].sort((a, b) => a - b));
    expect(page.hasMore).toBe(false);
    // Every event's signature checked by the client (registry), by the party it names.
    expect(page.events.every((e) => e.signer === e.event.actor)).toBe(true);
    // The decision per candidate recipient: delivered or refused, why, and what was withheld.
    const decision = page.events.find((e) => e.event.action === AuditAction.AUDIT_ACTION_DECISION)?.event;
    expect(decision?.decisions.length).toBeGreaterThan(1);
    for (const r of flow.refused) {
      expect(decision?.decisions).toContainEqual(
        expect.objectContaining({
          recipient: r.recipient,
          delivered: false,
          reasonCode: r.reasonCode,
          withheldCount: r.withheldCount,
        }),
      );
    }
    expect(decision?.decisions.find((d) => d.recipient === "europol")).toMatchObject({
      delivered: true,
      reasonCode: "ALLOWED",
    });
    // The read itself is the last event of the trail.
    const last = page.events.at(-1);
    expect(last?.index).toBe(page.consultationIndex);
    expect(last?.event).toMatchObject({
      action: AuditAction.AUDIT_ACTION_CONSULTATION,
      actor: "audit",
      officer: "operator",
      query: `trail alert_id=${flow.ref.alertId}`,
      linkedAlertIds: [flow.ref.alertId],
      legalBasis: WHY.legalBasis,
    });
  });

  it("logs every read as a consultation, before answering; a page of a long trail too", async () => {
    const q = await h.queries("officer.europol.liaison-1");
    const before = audit.service.size;
    const first = await q.trail(flow.ref.alertId, { limit: 3 });
    expect(first.events).toHaveLength(3);
    expect(first.hasMore).toBe(true);
    const second = await q.trail(flow.ref.alertId, { cursor: first.nextCursor, limit: 100 });
    expect(second.events[0]?.index).toBe(first.nextCursor);
    expect(audit.service.size).toBe(before + 2);
    const consultations = await (await h.queries()).events({ officer: "officer.europol.liaison-1" });
    expect(consultations.events.map((e) => [e.index, e.event.actor, e.event.query])).toEqual([
      [first.consultationIndex, "audit", `trail alert_id=${flow.ref.alertId}`],
      [second.consultationIndex, "audit", `trail alert_id=${flow.ref.alertId} cursor=${first.nextCursor}`],
    ]);
  });

  it("finds events by party, action and time range, paged", async () => {
    const q = await h.queries();
    const all = await q.events({ actor: "adapter.europol" });
    expect(all.events.map((e) => e.event.actor)).toEqual(Array(3).fill("adapter.europol"));
    const decisions = await q.events({ actor: "router", action: AuditAction.AUDIT_ACTION_DECISION });
    expect(decisions.events.map((e) => e.event.eventId)).toEqual([flow.routed[1]?.eventId]);
    const pages: number[][] = [];
    let cursor = 0;
    for (;;) {
      const page = await q.events({ actor: "router" }, { cursor, limit: 2 });
      pages.push(page.events.map((e) => e.index));
      if (!page.hasMore) break;
      cursor = page.nextCursor;
    }
    expect(pages.flat()).toEqual((await q.events({ actor: "router" }, { limit: 1000 })).events.map((e) => e.index));
    expect(pages.length).toBeGreaterThan(2);
    const future = await q.events({ since: new Date(Date.now() + 3_600_000) });
    expect(future.events).toEqual([]);
    const everything = await q.events({ since: new Date(0), until: new Date(Date.now() + 3_600_000) }, { limit: 1000 });
    // Logged before the page is read, the query's own consultation is its last event.
    expect(everything.events.length).toBe(everything.consultationIndex + 1);
    expect(everything.events.at(-1)?.event.query).toMatch(/^events since=1970-01-01T00:00:00.000Z until=/);
  });

  it("proves inclusion and consistency against signed checkpoints, checked with @ariadne/audit's verifiers", async () => {
    const q = await h.queries();
    const earlier = await audit.service.checkpointer.checkpointIfGrown();
    expect(earlier).toBeDefined();
    const earlierCp = await q.latestCheckpoint();
    expect(earlierCp.checkpoint.treeSize).toBe(earlier?.treeSize);
    const trail = await q.trail(flow.ref.alertId);
    await audit.service.checkpointer.checkpointIfGrown();
    const latest = await q.latestCheckpoint();
    const size = latest.checkpoint.treeSize;
    expect(size).toBeGreaterThan(earlierCp.checkpoint.treeSize);
    for (const e of trail.events) {
      const proof = await q.inclusionProof(e.index, size);
      // The leaf hash from the leaf the client holds, the root from the published, signed checkpoint.
      verifyInclusion(hashLeaf(e.leaf), e.index, size, proof.proof, latest.checkpoint.rootHash);
      expect(Buffer.from(proof.checkpoint.checkpoint.rootHash).equals(Buffer.from(latest.checkpoint.rootHash))).toBe(
        true,
      );
    }
    const c = await q.consistencyProof(earlierCp.checkpoint.treeSize, size);
    verifyConsistency(
      earlierCp.checkpoint.treeSize,
      size,
      earlierCp.checkpoint.rootHash,
      latest.checkpoint.rootHash,
      c.proof,
    );
    expect(() => verifyInclusion(hashLeaf(Uint8Array.of(1)), 0, size, [], latest.checkpoint.rootHash)).toThrow();
    await expect(q.inclusionProof(size, size)).rejects.toMatchObject({ code: "OUT_OF_RANGE" });
    await expect(q.consistencyProof(size + 1, size)).rejects.toMatchObject({ code: "OUT_OF_RANGE" });
  });

  it("exports a range in chunks; the offline CLI verifies the file with the audit key alone and places a flipped byte", async () => {
    const q = await h.queries();
    await audit.service.checkpointer.checkpointIfGrown();
    const earlier = await q.latestCheckpoint();
    await (await h.emitter("router")).append([someEvent("router"), someEvent("router")]);
    const before = audit.service.size;
    const file = await q.exportFile({ from: 2, earlierCheckpoint: earlier.envelope, maxChunkBytes: 4096 });
    // The range ends where the log stood when the export began; each chunk was logged as a consultation.
    const chunks = audit.service.size - before;
    expect(chunks).toBeGreaterThan(1);
    const path = join(dir, "export.ndjson");
    await writeFile(path, file);
    const auditKid = (await h.keys.signer("audit")).kid;
    const keyFile = join(dir, "audit.jwk");
    await writeFile(keyFile, JSON.stringify(h.keys.registry.key(auditKid)?.jwk));
    const cli = (args: string[]) =>
      run(join(REPO_ROOT, "node_modules/.bin/tsx"), ["libs/audit/src/cli/verify-export.ts", ...args], {
        cwd: REPO_ROOT,
      }).then(
        (r) => ({ code: 0, stdout: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
      );
    const ok = await cli([path, keyFile, "--json"]);
    const report = JSON.parse(ok.stdout);
    expect(report.problems).toEqual([]);
    expect([ok.code, report.ok, report.from, report.earlierCheckpoint.treeSize]).toEqual([
      0,
      true,
      2,
      earlier.checkpoint.treeSize,
    ]);
    expect([report.to, report.entries]).toEqual([before, before - 2]);

    // Flip one byte inside the leaf of the 4th entry record (line 8: header, checkpoint, manifest, consistency, entries...).
    const lines = Buffer.from(file).toString("utf8").split("\n");
    const line = lines[7] as string;
    const at = line.indexOf('"leaf":"') + 40;
    lines[7] = `${line.slice(0, at)}${line[at] === "A" ? "B" : "A"}${line.slice(at + 1)}`;
    const bad = join(dir, "flipped.ndjson");
    await writeFile(bad, lines.join("\n"));
    const failed = await cli([bad, keyFile, "--json"]);
    expect(failed.code).toBe(1);
    // The changed leaf no longer links (its previous_leaf_hash changed): placed on its line, with its index.
    const problems = JSON.parse(failed.stdout).problems as { code: string; line: number; index?: number }[];
    expect(problems).toContainEqual(expect.objectContaining({ code: "CHAIN_BROKEN", line: 8, index: 5 }));
    expect(problems).toContainEqual(expect.objectContaining({ code: "ROOT_MISMATCH" }));
  });

  it("never lets a name from an alert into an event, a reply, the stream or a log line", async () => {
    expect(JSON.stringify(flow.alert)).toContain(CANARY);
    const q = await h.queries();
    const trail = await q.fullTrail(flow.ref.alertId);
    const exported = await q.exportFile({ from: 0 });
    const needle = Buffer.from(CANARY, "utf8");
    const lower = Buffer.from(CANARY.toLowerCase(), "utf8");
    const haystacks: [string, Uint8Array][] = [
      ["export", exported],
      ...trail.map((e): [string, Uint8Array] => [`trail ${e.index}`, e.leaf]),
      ["logs", Buffer.from(audit.logs.join(""))],
      ["metrics", Buffer.from(await audit.metrics.text())],
    ];
    const last = (await h.jsm.streams.info(STREAMS.AUDIT)).state.last_seq;
    for (let seq = 1; seq <= last; seq++) {
      haystacks.push([
        `stream ${seq}`,
        (await h.jsm.streams.getMessage(STREAMS.AUDIT, { seq }))?.data ?? new Uint8Array(),
      ]);
    }
    for (const [what, bytes] of haystacks) {
      const b = Buffer.from(bytes);
      expect([what, b.includes(needle) || b.includes(lower) || b.includes(Buffer.from("Canaryname"))]).toEqual([
        what,
        false,
      ]);
    }
    expect(audit.logs.length).toBeGreaterThan(5);
  });

  it("refuses unauthenticated, misattributed, replayed and malformed requests with stable codes", async () => {
    const operator = await h.keys.signer("operator");
    const ask = async (endpoint: string, body: Uint8Array) => {
      const reply = await h.nc.request(`${subjects.auditQuery}.${endpoint}`, body, { timeout: 5000 });
      return [
        reply.headers?.get("Nats-Service-Error"),
        reply.headers?.get("Nats-Service-Error-Code"),
        reply.headers?.get(H.errorCode),
      ];
    };
    const query = (over: Partial<AuditQuery> = {}) =>
      AuditQuery.encode({
        requestId: newId(),
        requester: "operator",
        purposes: [...WHY.purposes],
        legalBasis: WHY.legalBasis,
        query: { $case: "trail", value: { alertId: flow.ref.alertId, cursor: 0, limit: 0 } },
        ...over,
      }).finish();
    const signed = (bytes: Uint8Array, signer = operator) =>
      encodeEnvelope(signer.sign(MESSAGE_TYPES.AuditQuery, bytes));
    const sizeBefore = audit.service.size;

    expect(await ask("trail", query())).toEqual(["UNAUTHENTICATED", "401", "UNAUTHENTICATED"]);
    // A router may not sign queries (role), whoever it claims to be.
    expect(await ask("trail", signed(query({ requester: "router" }), await h.keys.signer("router")))).toEqual([
      "UNAUTHENTICATED",
      "401",
      "UNAUTHENTICATED",
    ]);
    // An officer's key, naming the operator as requester.
    expect(await ask("trail", signed(query(), await h.keys.signer("officer.europol.liaison-1")))).toEqual([
      "FORBIDDEN",
      "403",
      "FORBIDDEN",
    ]);
    expect((await ask("events", signed(query())))[0]).toBe("BAD_REQUEST");
    expect((await ask("trail", signed(query({ legalBasis: `consulted for ${CANARY}` }))))[0]).toBe("BAD_REQUEST");
    expect((await ask("trail", signed(query({ purposes: [] }))))[0]).toBe("BAD_REQUEST");
    expect(audit.service.size).toBe(sizeBefore);

    const once = signed(query());
    expect(await ask("trail", once)).toEqual(["", "", ""]);
    expect(await ask("trail", once)).toEqual(["REPLAY", "409", "REPLAY"]);
    expect(audit.service.size).toBe(sizeBefore + 1);

    const client = createAuditQueryClient(h.nc, await h.keys.signer("router"), { why: WHY });
    const refused = await client.trail(flow.ref.alertId).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuditQueryError);
    expect(refused).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await audit.metrics.text()).toMatch(
      /ariadne_audit_queries_total\{endpoint="trail",code="REPLAY",service="audit"\} 1/,
    );
  });

  it("is a NATS micro service: discoverable, one endpoint per query", async () => {
    const client = new Svcm(h.nc).client();
    const infos = [];
    for await (const info of await client.info(QUERY_SERVICE_NAME)) infos.push(info);
    expect(infos).toHaveLength(1);
    expect(infos[0]?.endpoints.map((e) => e.subject).sort()).toEqual(
      QUERY_ENDPOINTS.map((e) => `${subjects.auditQuery}.${e}`).sort(),
    );
    const stats = [];
    for await (const s of await client.stats(QUERY_SERVICE_NAME)) stats.push(s);
    expect(stats[0]?.endpoints?.find((e) => e.name === "trail")?.num_requests).toBeGreaterThan(0);
  });
});
