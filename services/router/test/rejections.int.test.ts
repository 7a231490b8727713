import { createHash } from "node:crypto";
import { H, STREAMS, subjects } from "@ariadne/bus";
import { AuditAction, RejectionNotice } from "@ariadne/contracts";
import { encodeEnvelope, MESSAGE_TYPES, sealAlert } from "@ariadne/envelope";
import { createTestKeys } from "@ariadne/testing";
import { describe, expect, it } from "vitest";
import { freshExample } from "./support/alerts.ts";
import { metricValue, startHarness } from "./support/harness.ts";
import { publishAlert, publishIntake, readStream, seal, until } from "./support/streams.ts";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("router: rejections on a real nats-server", () => {
  it("answers each input fault with a router-signed notice and an audit event, and keeps routing", async () => {
    await using h = await startHarness({ options: { maxEnvelopeBytes: 64 * 1024 } });
    const verifier = h.keys.verifier();
    const de = await h.signer("ncp.de");
    const foreign = await (await createTestKeys()).signer("ncp.de");

    const good = freshExample("minor-sexual-exploitation-online.yaml"); // ncp.de
    const goodBytes = seal(good, de).bytes;
    const tampered = (() => {
      const e = sealAlert(freshExample("minor-sexual-exploitation-online.yaml"), de);
      const s = e.signature;
      return encodeEnvelope({ ...e, signature: `${s.slice(0, -2)}${s.at(-2) === "A" ? "B" : "A"}${s.at(-1)}` });
    })();
    const invalid = freshExample("minor-sexual-exploitation-online.yaml");
    for (const p of invalid.persons) p.ageBand = 0; // minors without an age band
    const ids = (a = good) => ({ alertId: a.header?.alertId ?? "", version: a.header?.version ?? 0 });

    // Routed first, so that publishing the same bytes again under another dedup id is a replay.
    await publishIntake(h.js, subjects.intake("ncp.de"), goodBytes, ids());

    const cases: {
      name: string;
      subject: string;
      bytes: Uint8Array;
      code: string;
      noticeTo: string;
      ids?: { alertId: string; version: number; msgId?: string };
      named?: string;
    }[] = [
      {
        name: "malformed bytes",
        subject: subjects.intake("ncp.de"),
        bytes: new Uint8Array([9, 9, 9, 9]),
        code: "MALFORMED",
        noticeTo: "ncp.de",
        ids: { alertId: "019380a2-0000-7000-8000-00000000000a", version: 3 },
        named: "019380a2-0000-7000-8000-00000000000a",
      },
      {
        name: "oversize",
        subject: subjects.intake("ncp.de"),
        bytes: new Uint8Array(100 * 1024).fill(1),
        code: "TOO_LARGE",
        noticeTo: "ncp.de",
      },
      {
        name: "a bad signature",
        subject: subjects.intake("ncp.de"),
        bytes: tampered,
        code: "SIGNATURE_INVALID",
        noticeTo: "ncp.de",
      },
      {
        name: "a key outside the registry",
        subject: subjects.intake("ncp.de"),
        bytes: seal(freshExample("minor-sexual-exploitation-online.yaml"), foreign).bytes,
        code: "UNKNOWN_KEY",
        noticeTo: "ncp.de",
      },
      {
        name: "another party's subject",
        subject: subjects.intake("ncp.fr"),
        bytes: seal(freshExample("minor-sexual-exploitation-online.yaml"), de).bytes,
        code: "PARTY_MISMATCH",
        noticeTo: "ncp.fr",
      },
      {
        name: "a party nobody knows",
        subject: subjects.intake("ncp.xx"),
        bytes: seal(freshExample("minor-sexual-exploitation-online.yaml"), de).bytes,
        code: "PARTY_MISMATCH",
        noticeTo: "ncp.xx",
      },
      {
        name: "a replay of a routed alert",
        subject: subjects.intake("ncp.de"),
        bytes: goodBytes,
        code: "REPLAY",
        noticeTo: "ncp.de",
        ids: { ...ids(), msgId: "replayed" },
        named: ids().alertId,
      },
      {
        name: "an invalid alert",
        subject: subjects.intake("ncp.de"),
        bytes: seal(invalid, de).bytes,
        code: "VALIDATION_FAILED",
        noticeTo: "ncp.de",
        named: ids(invalid).alertId,
      },
    ];

    for (const c of cases) {
      const seq = await publishIntake(
        h.js,
        c.subject,
        c.bytes,
        c.ids ?? { alertId: "", version: 0, msgId: `case-${c.name}` },
      );
      const noticeFor = async () =>
        (await readStream(h.js, h.jsm, STREAMS.RETURN, subjects.ret(c.noticeTo))).filter(
          (m) => m.header(H.type) === MESSAGE_TYPES.RejectionNotice && m.header(H.errorCode) === c.code,
        );
      await until(async () => (await noticeFor()).length > 0, `notice for ${c.name}`);
      const stored = (await noticeFor()).find((m) => {
        const n = RejectionNotice.decode(verifier.verify(m.data, { type: MESSAGE_TYPES.RejectionNotice }).payload);
        return n.intakeSequence === seq;
      });
      expect(stored, c.name).toBeDefined();
      if (!stored) continue;
      const verified = verifier.verify(stored.data, { type: MESSAGE_TYPES.RejectionNotice });
      expect(verified.party).toBe("router");
      const notice = RejectionNotice.decode(verified.payload);
      expect(notice).toMatchObject({
        code: c.code,
        publisher: c.noticeTo,
        intakeSequence: seq,
        alertId: c.named ?? "",
      });
      expect(hex(notice.receivedDigest)).toBe(sha(c.bytes));
      if (c.code === "VALIDATION_FAILED") {
        expect(notice.fieldErrors.map((f) => f.code)).toContain("MINOR_WITHOUT_AGE_BAND");
        expect(notice.fieldErrors.every((f) => f.path.startsWith("persons["))).toBe(true);
      }
      // The audit log holds the rejection with the exact notice bytes sent.
      const event = h.audit
        .events((e) => e.action === AuditAction.AUDIT_ACTION_REJECTION && e.code === c.code)
        .find((e) => hex(e.artefact) === hex(stored.data));
      expect(event, `audit event for ${c.name}`).toBeDefined();
      expect(event?.originator).toBe(c.noticeTo);
      expect(event?.detail).toContain(sha(c.bytes));
    }

    // A subject that names no party cannot be answered: dead letter plus an audit event.
    const seq = await publishIntake(h.js, "ariadne.intake.NOT-A-PARTY", new Uint8Array([1]));
    await until(
      async () => (await readStream(h.js, h.jsm, STREAMS.DEADLETTER, subjects.deadLetter("router"))).length === 1,
      "dead letter",
    );
    const [dead] = await readStream(h.js, h.jsm, STREAMS.DEADLETTER, subjects.deadLetter("router"));
    expect(dead?.header(H.errorCode)).toBe("INTAKE_SUBJECT_INVALID");
    await until(
      () => h.audit.events((e) => e.action === AuditAction.AUDIT_ACTION_DEAD_LETTER).length === 1,
      "dead-letter event",
    );
    expect(h.audit.events((e) => e.action === AuditAction.AUDIT_ACTION_DEAD_LETTER)[0]?.detail).toContain(
      `INTAKE.${seq}`,
    );

    // And the router still routes.
    const after = freshExample("labour-fake-job-ads.yaml");
    await publishAlert(h.js, after, await h.signer("ncp.nl"));
    await until(
      async () =>
        (await readStream(h.js, h.jsm, STREAMS.RETURN, subjects.ret("ncp.nl"))).some(
          (m) => m.header(H.alertId) === after.header?.alertId && m.header(H.type) === MESSAGE_TYPES.Receipt,
        ),
      "routing after the rejections",
    );
    for (const c of cases) {
      expect(await metricValue(h.metrics, "ariadne_router_rejections_total", { code: c.code })).toBeGreaterThan(0);
    }
    expect(await metricValue(h.metrics, "ariadne_router_alerts_total", { outcome: "routed" })).toBe(2);
    expect(h.router.running).toBe(true);
  }, 60_000);
});
