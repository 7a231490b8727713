import { AuditError, decodeCheckpoint, decodeLeaf, signCheckpoint, verifyConsistency } from "@ariadne/audit";
import { STREAMS, subjects } from "@ariadne/bus";
import { AuditEvent, Checkpoint } from "@ariadne/contracts";
import { decodeEnvelope, encodeEnvelope, MESSAGE_TYPES } from "@ariadne/envelope";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuditServiceError, LogState } from "../src/mod.ts";
import { someEvent } from "./support/flow.ts";
import { type AuditHarness, auditHarness, LOG_ID } from "./support/harness.ts";

/** An independent rebuild of the stored log: every leaf in order through a fresh LogState. */
async function replayStream(h: AuditHarness): Promise<LogState> {
  const state = new LogState();
  const last = (await h.jsm.streams.info(STREAMS.AUDIT)).state.last_seq;
  for (let seq = 1; seq <= last; seq++) {
    const m = await h.jsm.streams.getMessage(STREAMS.AUDIT, { seq });
    state.replay(m?.data ?? new Uint8Array());
  }
  return state;
}

async function latestCheckpoint(h: AuditHarness): Promise<{ bytes: Uint8Array; checkpoint: Checkpoint }> {
  const m = await h.jsm.streams.getMessage(STREAMS.AUDIT_CHECKPOINTS, { last_by_subj: subjects.auditCheckpoint });
  if (m === null) throw new Error("no checkpoint");
  const verified = h.verifier.verify(m.data, { type: MESSAGE_TYPES.Checkpoint, maxAgeMs: Number.POSITIVE_INFINITY });
  expect(verified.party).toBe("audit");
  return { bytes: m.data, checkpoint: decodeCheckpoint(verified.payload) };
}

describe("audit service lifecycle", () => {
  let h: AuditHarness;
  beforeEach(async () => {
    h = await auditHarness();
  });
  afterEach(async () => {
    await h[Symbol.asyncDispose]();
  });

  it("publishes a signed checkpoint on stop; a restart rebuilds the same root and continues the chain", async () => {
    const first = await h.startAudit();
    const router = await h.emitter("router");
    for (let i = 0; i < 5; i++) await router.append([someEvent("router"), someEvent("router")]);
    const rootBefore = first.service.writer.state.tree.root();
    await first.stop();
    const cp = await latestCheckpoint(h);
    expect([cp.checkpoint.logId, cp.checkpoint.treeSize]).toEqual([LOG_ID, 10]);
    expect(Buffer.from(cp.checkpoint.rootHash).equals(Buffer.from(rootBefore))).toBe(true);

    const second = await h.startAudit();
    expect(second.service.size).toBe(10);
    expect(Buffer.from(second.service.writer.state.tree.root()).equals(Buffer.from(rootBefore))).toBe(true);
    expect(second.logs.join("")).toContain('"checkpointSize":10');
    const [next] = await router.append([someEvent("router")]);
    expect(next?.index).toBe(10);
    // The new entry links to the last one of the first run, and the old head is a prefix of the new.
    const leaf = decodeLeaf((await h.jsm.streams.getMessage(STREAMS.AUDIT, { seq: 11 }))?.data ?? new Uint8Array());
    expect(
      Buffer.from(leaf.entry.previousLeafHash).equals(Buffer.from(second.service.writer.state.tree.leafHash(9))),
    ).toBe(true);
    const independent = await replayStream(h);
    expect(independent.size).toBe(11);
    verifyConsistency(
      10,
      11,
      cp.checkpoint.rootHash,
      independent.tree.root(),
      second.service.writer.state.tree.consistencyProof(10, 11),
    );
  });

  it("publishes a checkpoint every interval in which the log grew, and none while it did not", async () => {
    const audit = await h.startAudit({ checkpointIntervalMs: 200 });
    const router = await h.emitter("router");
    await router.append([someEvent("router")]);
    await expect.poll(async () => (await latestCheckpoint(h)).checkpoint.treeSize, { timeout: 5000 }).toBe(1);
    await router.append([someEvent("router"), someEvent("router")]);
    await expect.poll(async () => (await latestCheckpoint(h)).checkpoint.treeSize, { timeout: 5000 }).toBe(3);
    const published = (await h.jsm.streams.info(STREAMS.AUDIT_CHECKPOINTS)).state.messages;
    // Several intervals without appends: nothing new (polled, not timed: the count stays while size stays).
    await audit.service.checkpointer.checkpointIfGrown();
    expect((await h.jsm.streams.info(STREAMS.AUDIT_CHECKPOINTS)).state.messages).toBe(published);
    const metrics = await audit.metrics.text();
    expect(metrics).toMatch(/ariadne_audit_checkpoint_tree_size\{service="audit"\} 3/);
    expect(metrics).toMatch(/ariadne_audit_tree_size\{service="audit"\} 3/);
    expect(metrics).toMatch(/ariadne_audit_checkpoint_age_seconds\{service="audit"\} \d/);
  });

  it("refuses to start on a stream that is not the signed log, with a clear code", async () => {
    const audit = await h.startAudit();
    const router = await h.emitter("router");
    await router.append([someEvent("router"), someEvent("router"), someEvent("router")]);
    await audit.stop();
    const signer = await h.keys.signer("audit");
    const tree = new LogState().tree; // an empty tree: its root is not the log's
    const publish = (bytes: Uint8Array) => h.js.publish(subjects.auditCheckpoint, bytes);

    // Signed by the audit key, but the root of other entries: CHECKPOINT_MISMATCH.
    const other = new LogState();
    for (let seq = 1; seq <= 2; seq++)
      other.replay((await h.jsm.streams.getMessage(STREAMS.AUDIT, { seq }))?.data ?? new Uint8Array());
    const wrongRoot = signCheckpoint(other.tree, { logId: LOG_ID, issuedAt: new Date() }, (t, p) => signer.sign(t, p));
    const forged = Checkpoint.encode({ ...wrongRoot.checkpoint, treeSize: 3 }).finish();
    await publish(encodeEnvelope(signer.sign(MESSAGE_TYPES.Checkpoint, forged)));
    await expect(h.startAudit()).rejects.toMatchObject({ name: "AuditServiceError", code: "CHECKPOINT_MISMATCH" });

    // A head larger than the stream: entries were lost.
    const larger = Checkpoint.encode({
      logId: LOG_ID,
      treeSize: 4,
      rootHash: tree.root(),
      issuedAt: new Date(),
    }).finish();
    await publish(encodeEnvelope(signer.sign(MESSAGE_TYPES.Checkpoint, larger)));
    await expect(h.startAudit()).rejects.toMatchObject({ code: "LOG_TRUNCATED" });

    // Not signed by an auditor, or of another log: CHECKPOINT_INVALID.
    const router2 = await h.keys.signer("router");
    await publish(encodeEnvelope(router2.sign(MESSAGE_TYPES.Checkpoint, forged)));
    await expect(h.startAudit()).rejects.toMatchObject({ code: "CHECKPOINT_INVALID" });
    const otherLog = Checkpoint.encode({ ...wrongRoot.checkpoint, logId: "ariadne-audit/other" }).finish();
    await publish(encodeEnvelope(signer.sign(MESSAGE_TYPES.Checkpoint, otherLog)));
    await expect(h.startAudit()).rejects.toBeInstanceOf(AuditServiceError);

    // A leaf that does not continue the chain (written past the audit service): LOG_CORRUPT.
    const genuine = signCheckpoint(other.tree, { logId: LOG_ID, issuedAt: new Date() }, (t, p) => signer.sign(t, p));
    await publish(genuine.envelopeBytes);
    const stray = decodeLeaf((await h.jsm.streams.getMessage(STREAMS.AUDIT, { seq: 1 }))?.data ?? new Uint8Array());
    await h.js.publish(
      subjects.auditLog,
      (await h.jsm.streams.getMessage(STREAMS.AUDIT, { seq: 1 }))?.data ?? stray.leaf,
    );
    await expect(h.startAudit()).rejects.toMatchObject({ code: "LOG_CORRUPT" });
  });

  it("while the stream refuses writes, appends get no reply (AUDIT_UNAVAILABLE); once it takes them again, retries are stored once", async () => {
    const audit = await h.startAudit({ publishTimeoutMs: 1000 });
    const router = await h.emitter("router", 3000);
    const events = Array.from({ length: 6 }, () => someEvent("router"));
    await router.append(events.slice(0, 2));
    // The stream is full (discard new): JetStream refuses every leaf.
    const config = (await h.jsm.streams.info(STREAMS.AUDIT)).config;
    await h.jsm.streams.update(STREAMS.AUDIT, { ...config, max_msgs: 2 });
    await expect(router.append(events.slice(2, 4))).rejects.toMatchObject({ code: "AUDIT_UNAVAILABLE" });
    expect(await audit.metrics.text()).toMatch(
      /ariadne_audit_refusals_total\{code="LOG_UNAVAILABLE",service="audit"\} 1/,
    );
    await h.jsm.streams.update(STREAMS.AUDIT, { ...config, max_msgs: -1 });
    const logged = await router.append(events);
    expect(logged.map((l) => [l.index, l.duplicate])).toEqual([
      [0, true],
      [1, true],
      [2, false],
      [3, false],
      [4, false],
      [5, false],
    ]);
    expect((await replayStream(h)).size).toBe(6);
  });

  it("does not take more events than it buffers: no reply (the emitter fails closed), counted OVERLOADED", async () => {
    const audit = await h.startAudit({ maxQueuedEvents: 2 });
    const router = await h.emitter("router", 500);
    await expect(router.append([someEvent("router"), someEvent("router"), someEvent("router")])).rejects.toMatchObject({
      code: "AUDIT_UNAVAILABLE",
    });
    expect((await router.append([someEvent("router"), someEvent("router")])).map((l) => l.index)).toEqual([0, 1]);
    const metrics = await audit.metrics.text();
    expect(metrics).toMatch(/ariadne_audit_refusals_total\{code="OVERLOADED",service="audit"\} 1/);
    expect(metrics).toMatch(/ariadne_audit_queued_events\{service="audit"\} 0/);
  });

  it("does not start without its streams (operators provision them): LOG_UNAVAILABLE", async () => {
    await h.jsm.streams.delete(STREAMS.AUDIT);
    await expect(h.startAudit()).rejects.toMatchObject({ name: "AuditServiceError", code: "LOG_UNAVAILABLE" });
  });

  it("fails closed while stopped: appends throw AUDIT_UNAVAILABLE; after a restart the retried events are all logged once", async () => {
    const first = await h.startAudit();
    const router = await h.emitter("router", 500);
    const events = Array.from({ length: 20 }, () => someEvent("router"));
    await router.append(events.slice(0, 5));
    await first.stop();

    const refused: AuditError[] = [];
    for (let i = 5; i < 20; i += 5) {
      const err = await router.append(events.slice(i, i + 5)).catch((e: unknown) => e);
      refused.push(err as AuditError);
    }
    expect(refused.map((e) => [e instanceof AuditError, e.code])).toEqual(Array(3).fill([true, "AUDIT_UNAVAILABLE"]));
    expect((await h.jsm.streams.info(STREAMS.AUDIT)).state.last_seq).toBe(5);

    await h.startAudit();
    // The emitter retries everything it could not log (and, not knowing, some it could).
    const logged = await router.append(events);
    expect(logged.map((l) => l.index)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(logged.map((l) => l.duplicate)).toEqual([...Array(5).fill(true), ...Array(15).fill(false)]);
    const stored = await replayStream(h);
    expect(stored.size).toBe(20);
    for (const [i, e] of events.entries()) expect(stored.index.indexOfEvent(e.eventId)).toBe(i);
  });

  it("a writer behind the stream conflicts, catches up and stores after the other writer's entries", async () => {
    const a = await h.startAudit();
    const b = await h.startAudit();
    const router = await h.keys.signer("router");
    const sealed = (e: AuditEvent) => ({
      bytes: encodeEnvelope(router.sign(MESSAGE_TYPES.AuditEvent, AuditEvent.encode(e).finish())),
      event: e,
    });
    const fromB = [someEvent("router"), someEvent("router")];
    await b.service.writer.append(fromB.map(sealed));
    // A has not seen B's entries and pipelines [an event B already stored, a new one]. Were the
    // Nats-Msg-Id the bare event id, JetStream would answer the first "duplicate" (before checking
    // the expected sequence) and store the second linked to A's own, unstored, first leaf. With a
    // per-leaf id both are refused; A reads B's entries, finds the first logged, stores the second.
    const fromA = someEvent("router");
    const outcome = await a.service.writer.append([sealed(fromB[0] as AuditEvent), sealed(fromA)]);
    expect(outcome.results.map((r) => [r.index, r.duplicate])).toEqual([
      [0, true],
      [2, false],
    ]);
    expect(await a.metrics.text()).toMatch(/ariadne_audit_write_conflicts_total\{service="audit"\} 1/);
    const stored = await replayStream(h);
    expect([stored.size, stored.index.indexOfEvent(fromA.eventId)]).toEqual([3, 2]);
  });

  it("two audit processes appending at once never corrupt the log: each event once, one unbroken chain", async () => {
    const a = await h.startAudit();
    const b = await h.startAudit();
    const emitters = await Promise.all([h.emitter("router", 5000), h.emitter("adapter.europol", 5000)]);
    const actors = ["router", "adapter.europol"];
    const events = Array.from({ length: 400 }, (_, i) => someEvent(actors[i % 2] as string));
    // Requests spread over both processes (queue group), in bursts; some events sent twice.
    const sends = [];
    for (let i = 0; i < events.length; i += 8) {
      const slice = events.slice(i, i + 8);
      const byActor = [0, 1].map((k) => slice.filter((_, j) => (i + j) % 2 === k));
      for (const [k, group] of byActor.entries()) sends.push((emitters[k] as (typeof emitters)[number]).append(group));
      if (i % 40 === 0) sends.push((emitters[0] as (typeof emitters)[number]).append(byActor[0] ?? []));
    }
    const results = (await Promise.all(sends)).flat();
    const stored = await replayStream(h);
    expect(stored.size).toBe(events.length);
    for (const e of events) {
      const index = stored.index.indexOfEvent(e.eventId);
      expect(index).toBeDefined();
      for (const r of results.filter((x) => x.eventId === e.eventId)) expect(r.index).toBe(index);
    }
    // Both processes converge on the same tree.
    await a.service.writer.sync();
    await b.service.writer.sync();
    expect(Buffer.from(a.service.writer.state.tree.root()).equals(Buffer.from(stored.tree.root()))).toBe(true);
    expect(Buffer.from(b.service.writer.state.tree.root()).equals(Buffer.from(stored.tree.root()))).toBe(true);
    const leaves = await Promise.all(
      [1, stored.size].map(async (seq) =>
        decodeLeaf((await h.jsm.streams.getMessage(STREAMS.AUDIT, { seq }))?.data ?? new Uint8Array()),
      ),
    );
    expect(leaves.map((l) => l.entry.index)).toEqual([0, stored.size - 1]);
    const decoded = AuditEvent.decode(decodeEnvelope(leaves[0]?.entry.event ?? new Uint8Array()).payload);
    expect(actors).toContain(decoded.actor);
  });
});
