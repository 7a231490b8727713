import { AuditError, decodeLeaf, PAYLOAD_TYPES } from "@ariadne/audit";
import { H, STREAMS, subjects } from "@ariadne/bus";
import { AppendReply, AppendRequest, AuditEvent, Envelope } from "@ariadne/contracts";
import { decodeEnvelope, encodeEnvelope } from "@ariadne/envelope";
import { headers as newHeaders } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leafMsgId } from "../src/mod.ts";
import { someEvent } from "./support/flow.ts";
import { type AuditHarness, auditHarness, type RunningAudit } from "./support/harness.ts";

/** The events stored in AUDIT, in stream order, with the headers they were stored with. */
async function storedEvents(h: AuditHarness) {
  const info = await h.jsm.streams.info(STREAMS.AUDIT);
  const out: { seq: number; index: number; event: AuditEvent; msgId: string; traceparent: string }[] = [];
  for (let seq = 1; seq <= info.state.last_seq; seq++) {
    const m = await h.jsm.streams.getMessage(STREAMS.AUDIT, { seq });
    if (m === null) throw new Error(`no message ${seq}`);
    const record = decodeLeaf(m.data);
    out.push({
      seq,
      index: record.entry.index,
      event: AuditEvent.decode(decodeEnvelope(record.entry.event).payload),
      msgId: m.header.get(H.msgId),
      traceparent: m.header.get(H.traceparent),
    });
  }
  return out;
}

async function request(h: AuditHarness, events: Uint8Array[]): Promise<AppendReply> {
  const reply = await h.nc.request(subjects.auditAppend, AppendRequest.encode({ events }).finish(), { timeout: 5000 });
  return AppendReply.decode(reply.data);
}

describe("append (ariadne.audit.append)", () => {
  let h: AuditHarness;
  let audit: RunningAudit;
  beforeAll(async () => {
    h = await auditHarness();
    audit = await h.startAudit();
  });
  afterAll(async () => {
    await h?.[Symbol.asyncDispose]();
  });

  it("logs the events of several emitters in request order, with consecutive indexes and chained leaves", async () => {
    const router = await h.emitter("router");
    const europol = await h.emitter("adapter.europol");
    const frontex = await h.emitter("adapter.frontex");
    const batches = [
      [router, [someEvent("router"), someEvent("router")]],
      [europol, [someEvent("adapter.europol")]],
      [frontex, [someEvent("adapter.frontex"), someEvent("adapter.frontex"), someEvent("adapter.frontex")]],
      [router, [someEvent("router")]],
    ] as const;
    // Sent without waiting: the service keeps arrival order (one connection keeps publish order).
    const pending = batches.map(([client, events]) => client.append(events));
    const logged = await Promise.all(pending);
    expect(logged.flat().map((l) => l.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(logged.flat().every((l) => !l.duplicate)).toBe(true);
    const stored = await storedEvents(h);
    expect(stored.map((s) => s.event.eventId)).toEqual(batches.flatMap(([, events]) => events.map((e) => e.eventId)));
    expect(stored.map((s) => [s.seq, s.index])).toEqual(stored.map((_, i) => [i + 1, i]));
    expect(audit.service.size).toBe(7);
  });

  it("stores each leaf with a per-leaf Nats-Msg-Id (event id + leaf hash) and the request's trace", async () => {
    const router = await h.emitter("router");
    const event = someEvent("router");
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const [logged] = await router.append([event], `00-${traceId}-00f067aa0ba902b7-01`);
    const stored = (await storedEvents(h)).find((s) => s.index === logged?.index);
    const leaf = await h.jsm.streams.getMessage(STREAMS.AUDIT, { seq: (logged?.index ?? 0) + 1 });
    expect(stored?.msgId).toBe(leafMsgId(event.eventId, decodeLeaf(leaf?.data ?? new Uint8Array()).leafHash));
    expect(stored?.msgId.startsWith(`${event.eventId}.`)).toBe(true);
    expect(stored?.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });

  it("answers a retried event with its first index and duplicate=true, and logs it once", async () => {
    const router = await h.emitter("router");
    const event = someEvent("router");
    const [first] = await router.append([event]);
    const before = audit.service.size;
    // A retry re-seals (another signature time), and may come with new events.
    const fresh = someEvent("router");
    const retried = await router.append([event, fresh, event]);
    expect(retried.map((r) => [r.eventId, r.index, r.duplicate])).toEqual([
      [event.eventId, first?.index, true],
      [fresh.eventId, before, false],
      [event.eventId, first?.index, true],
    ]);
    expect(audit.service.size).toBe(before + 1);
    const stored = await storedEvents(h);
    expect(stored.filter((s) => s.event.eventId === event.eventId)).toHaveLength(1);
  });

  it("refuses a request whole, with its code, when any event fails verification; nothing is logged", async () => {
    const router = await h.emitter("router");
    const good = router.seal(someEvent("router"));
    const sizeBefore = audit.service.size;
    const refusals: [string, Uint8Array][] = [];

    // Forged: the payload changed after signing.
    const forged = decodeEnvelope(router.seal(someEvent("router")));
    const other = AuditEvent.encode(someEvent("router")).finish();
    refusals.push(["SIGNATURE_INVALID", encodeEnvelope({ ...forged, payload: other })]);
    // Unsigned: no JWS at all.
    refusals.push(["MALFORMED", Envelope.encode({ payload: other, signature: "", disclosures: [] }).finish()]);
    // Wrong role: a liaison officer (role officer) may not sign audit events.
    const officer = await h.emitter("officer.europol.liaison-1");
    refusals.push(["ROLE_NOT_ALLOWED", officer.seal(someEvent("officer.europol.liaison-1"))]);
    // A signer naming another party as actor.
    refusals.push(["SIGNER_MISMATCH", router.seal(someEvent("adapter.europol"))]);
    // An event whose text could be personal data (built by hand, past the builders' guard).
    const named = AuditEvent.encode({ ...someEvent("router"), detail: "seen with Zyxwvut Canaryname" }).finish();
    const routerSigner = await h.keys.signer("router");
    refusals.push(["PERSONAL_DATA_RISK", encodeEnvelope(routerSigner.sign(PAYLOAD_TYPES.AuditEvent, named))]);
    // A key the registry does not know.
    const { generateKeyPair, Signer } = await import("@ariadne/envelope");
    const stranger = await Signer.fromJwk("router", (await generateKeyPair()).privateJwk);
    const unknown = AuditEvent.encode(someEvent("router")).finish();
    refusals.push(["UNKNOWN_KEY", encodeEnvelope(stranger.sign(PAYLOAD_TYPES.AuditEvent, unknown))]);

    for (const [code, bad] of refusals) {
      const reply = await request(h, [good, bad]);
      expect([reply.code, reply.results]).toEqual([code, []]);
    }
    expect((await request(h, [])).code).toBe("REQUEST_SIZE");
    const junk = await h.nc.request(subjects.auditAppend, Uint8Array.of(0xff, 0xff), { timeout: 5000 });
    expect(AppendReply.decode(junk.data).code).toBe("MALFORMED");

    expect(audit.service.size).toBe(sizeBefore);
    expect((await h.jsm.streams.info(STREAMS.AUDIT)).state.last_seq).toBe(sizeBefore);
    // Through the emitters' client: APPEND_REFUSED with the service's code.
    const refused = await router.appendSealed([good, refusals[0]?.[1] as Uint8Array]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuditError);
    expect(refused).toMatchObject({ code: "APPEND_REFUSED", refusedCode: "SIGNATURE_INVALID" });
    const metrics = await audit.metrics.text();
    expect(metrics).toMatch(/ariadne_audit_refusals_total\{code="ROLE_NOT_ALLOWED",service="audit"\} 1/);
  });

  it("the AUDIT stream refuses purge and delete", async () => {
    const router = await h.emitter("router");
    await router.append([someEvent("router")]);
    const before = (await h.jsm.streams.info(STREAMS.AUDIT)).state;
    await expect(h.jsm.streams.purge(STREAMS.AUDIT)).rejects.toThrow();
    await expect(h.jsm.streams.deleteMessage(STREAMS.AUDIT, 1)).rejects.toThrow();
    await expect(h.jsm.streams.deleteMessage(STREAMS.AUDIT, 1, false)).rejects.toThrow();
    const after = (await h.jsm.streams.info(STREAMS.AUDIT)).state;
    expect([after.messages, after.first_seq, after.last_seq]).toEqual([before.messages, 1, before.last_seq]);
  });

  it("carries traceparent from the request to the reply", async () => {
    const router = await h.emitter("router");
    const hdrs = newHeaders();
    hdrs.set(H.traceparent, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    const reply = await h.nc.request(
      subjects.auditAppend,
      AppendRequest.encode({ events: [router.seal(someEvent("router"))] }).finish(),
      { timeout: 5000, headers: hdrs },
    );
    expect(reply.headers?.get(H.traceparent)).toBe("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    expect(AppendReply.decode(reply.data).results).toHaveLength(1);
  });
});
