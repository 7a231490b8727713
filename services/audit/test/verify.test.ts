import { encodeAuditEvent } from "@ariadne/audit";
import { AppendRequest, AuditEvent, Envelope } from "@ariadne/contracts";
import { encodeEnvelope, MESSAGE_TYPES, type Signer } from "@ariadne/envelope";
import { createTestKeys, type TestKeys } from "@ariadne/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { APPEND_REFUSAL_CODES, type AppendRefusalCode, verifyAppendRequest } from "../src/mod.ts";
import { someEvent } from "./support/flow.ts";

describe("verifyAppendRequest", () => {
  let keys: TestKeys;
  let router: Signer;
  const opts = { maxEvents: 3, maxAgeMs: 3_600_000 };
  const seal = (s: Signer, e: AuditEvent, now?: Date) =>
    encodeEnvelope(s.sign(MESSAGE_TYPES.AuditEvent, encodeAuditEvent(e), now ? { now } : {}));
  const request = (...events: Uint8Array[]) => AppendRequest.encode({ events }).finish();
  const refusal = (data: Uint8Array) => {
    const r = verifyAppendRequest(data, keys.verifier(), opts);
    return r.ok ? "OK" : [r.code, r.position];
  };

  beforeAll(async () => {
    keys = await createTestKeys({ now: new Date(Date.now() - 86_400_000) });
    router = await keys.signer("router");
  });

  it("passes events signed by a role that may sign them, naming their signer, and keeps their exact bytes", async () => {
    const europol = await keys.signer("adapter.europol");
    const a = seal(router, someEvent("router"));
    const b = seal(europol, someEvent("adapter.europol"));
    const r = verifyAppendRequest(request(a, b), keys.verifier(), opts);
    expect(
      r.ok &&
        r.events.map((e) => Buffer.from(e.bytes).equals(Buffer.from(a)) || Buffer.from(e.bytes).equals(Buffer.from(b))),
    ).toEqual([true, true]);
    expect(r.ok && r.events.map((e) => e.event.actor)).toEqual(["router", "adapter.europol"]);
  });

  it("refuses the whole request at the first bad event, with its code and position", async () => {
    const good = seal(router, someEvent("router"));
    const officer = await keys.signer("officer.europol.liaison-1");
    const other = encodeAuditEvent(someEvent("router"));
    const cases: [AppendRefusalCode | "OK", Uint8Array][] = [
      ["SIGNATURE_INVALID", encodeEnvelope({ ...Envelope.decode(good), payload: other })],
      ["ROLE_NOT_ALLOWED", seal(officer, someEvent("officer.europol.liaison-1"))],
      ["SIGNER_MISMATCH", seal(router, someEvent("audit"))],
      ["TYPE_MISMATCH", encodeEnvelope(router.sign(MESSAGE_TYPES.Receipt, other))],
      ["REPLAY", seal(router, someEvent("router"), new Date(Date.now() - 2 * 3_600_000))],
      ["MALFORMED", Uint8Array.of(1, 2, 3)],
      [
        "INVALID_EVENT",
        encodeEnvelope(
          router.sign(MESSAGE_TYPES.AuditEvent, AuditEvent.encode({ ...someEvent("router"), eventId: "x" }).finish()),
        ),
      ],
      [
        "PERSONAL_DATA_RISK",
        encodeEnvelope(
          router.sign(
            MESSAGE_TYPES.AuditEvent,
            AuditEvent.encode({ ...someEvent("router"), detail: "Anna Smith" }).finish(),
          ),
        ),
      ],
    ];
    for (const [code, bad] of cases) expect([code, refusal(request(good, bad))]).toEqual([code, [code, 1]]);
    expect(refusal(request())).toEqual(["REQUEST_SIZE", undefined]);
    expect(refusal(request(good, good, good, good))).toEqual(["REQUEST_SIZE", undefined]);
    expect(refusal(Uint8Array.of(0xff))).toEqual(["MALFORMED", undefined]);
    for (const [code] of cases) expect(APPEND_REFUSAL_CODES).toContain(code);
  });
});
