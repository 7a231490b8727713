import { Envelope } from "@ariadne/contracts";
import { encodeEnvelope, MESSAGE_TYPES, sealAlert } from "@ariadne/envelope";
import { PolicyError } from "@ariadne/policy";
import { createTestKeys } from "@ariadne/testing";
import { describe, expect, it } from "vitest";
import { checkAlert, openIntake, refusalOf } from "../src/mod.ts";
import { example } from "./support/alerts.ts";

const keys = await createTestKeys();
const other = await createTestKeys(); // a deployment this registry does not know
const verifier = keys.verifier();
const MAX = 256 * 1024;
const alert = example("labour-fake-job-ads.yaml"); // originator ncp.nl
const now = new Date();
const sealed = sealAlert(alert, await keys.signer("ncp.nl"), { now });
const bytes = encodeEnvelope(sealed);

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return refusalOf(err)?.code ?? "NOT_A_REFUSAL";
  }
  return undefined;
}

const tampered = (() => {
  const sig = sealed.signature;
  const last = sig.at(-2) === "A" ? "B" : "A";
  return encodeEnvelope({ ...sealed, signature: `${sig.slice(0, -2)}${last}${sig.at(-1)}` });
})();

describe("openIntake: every input fault has its stable code", () => {
  const cases: { name: string; data: Uint8Array; publisher?: string; storedAt?: Date; code: string | undefined }[] = [
    { name: "a sealed alert from the subject's party", data: bytes, code: undefined },
    {
      name: "bytes over the limit, checked before decoding",
      data: new Uint8Array(MAX + 1).fill(0xff),
      code: "TOO_LARGE",
    },
    { name: "random bytes", data: new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x01]), code: "MALFORMED" },
    { name: "an empty message", data: new Uint8Array(), code: "MALFORMED" },
    { name: "a flipped signature", data: tampered, code: "SIGNATURE_INVALID" },
    { name: "another party's subject", data: bytes, publisher: "ncp.fr", code: "PARTY_MISMATCH" },
    { name: "a party the registry does not know", data: bytes, publisher: "ncp.xx", code: "PARTY_MISMATCH" },
    {
      name: "stored ten minutes after signing (replay window)",
      data: bytes,
      storedAt: new Date(now.getTime() + 10 * 60_000),
      code: "REPLAY",
    },
    {
      name: "signed in the future of the stream time",
      data: bytes,
      storedAt: new Date(now.getTime() - 10 * 60_000),
      code: "REPLAY",
    },
    {
      name: "a disclosure the manifest does not list",
      data: encodeEnvelope({
        ...sealed,
        disclosures: [...sealed.disclosures, Uint8Array.from(sealed.disclosures[0] ?? []).fill(7, 0, 16)],
      }),
      code: "DISCLOSURE_UNKNOWN",
    },
    {
      name: "a JWS header without EdDSA",
      data: Envelope.encode({
        payload: new Uint8Array([1]),
        signature: "e30..AA",
        disclosures: [],
        subject: undefined,
      }).finish(),
      code: "ALG_NOT_ALLOWED",
    },
  ];
  for (const c of cases) {
    it(`${c.name} -> ${c.code ?? "opens"}`, () => {
      expect(
        codeOf(() =>
          openIntake({ publisher: c.publisher ?? "ncp.nl", data: c.data, storedAt: c.storedAt ?? now }, verifier, MAX),
        ),
      ).toBe(c.code);
    });
  }

  it("a key outside the registry is UNKNOWN_KEY", async () => {
    const foreign = encodeEnvelope(sealAlert(alert, await other.signer("ncp.nl")));
    expect(codeOf(() => openIntake({ publisher: "ncp.nl", data: foreign, storedAt: new Date() }, verifier, MAX))).toBe(
      "UNKNOWN_KEY",
    );
  });

  it("a party without the publisher role is ROLE_NOT_ALLOWED", async () => {
    const asRouter = example("labour-fake-job-ads.yaml");
    if (asRouter.header) asRouter.header.originator = "router";
    const data = encodeEnvelope(sealAlert(asRouter, await keys.signer("router")));
    expect(codeOf(() => openIntake({ publisher: "router", data, storedAt: new Date() }, verifier, MAX))).toBe(
      "ROLE_NOT_ALLOWED",
    );
  });

  it("another signed type on the intake is TYPE_MISMATCH", async () => {
    const receipt = encodeEnvelope((await keys.signer("ncp.nl")).sign(MESSAGE_TYPES.Receipt, new Uint8Array([8, 1])));
    expect(codeOf(() => openIntake({ publisher: "ncp.nl", data: receipt, storedAt: new Date() }, verifier, MAX))).toBe(
      "TYPE_MISMATCH",
    );
  });

  it("an old signature opens when the stream stored it in time (a held or redelivered message)", async () => {
    const signedAt = new Date(Date.now() - 60 * 60_000);
    const past = await createTestKeys({ now: new Date(signedAt.getTime() - 60_000) });
    const old = encodeEnvelope(sealAlert(alert, await past.signer("ncp.nl"), { now: signedAt }));
    const stored = { publisher: "ncp.nl", data: old, storedAt: new Date(signedAt.getTime() + 1000) };
    expect(openIntake(stored, past.verifier(), MAX).manifest.alertId).toBe(alert.header?.alertId);
    // The same bytes stored now (a republication an hour later) are outside the window.
    expect(codeOf(() => openIntake({ ...stored, storedAt: new Date() }, past.verifier(), MAX))).toBe("REPLAY");
  });
});

const keysSigner = await keys.signer("ncp.nl");

describe("checkAlert and refusalOf", () => {
  it("a valid alert passes; an invalid one is VALIDATION_FAILED with every bad field", () => {
    const opened = openIntake({ publisher: "ncp.nl", data: bytes, storedAt: now }, verifier, MAX);
    expect(() => checkAlert(opened, now)).not.toThrow();

    const bad = example("labour-fake-job-ads.yaml");
    const person = bad.persons[0];
    if (person) person.minor = true; // a minor must carry a minor's age band
    if (bad.header) bad.header.language = "not a language";
    const badOpened = openIntake(
      { publisher: "ncp.nl", data: encodeEnvelope(sealAlert(bad, keysSigner, { now })), storedAt: now },
      verifier,
      MAX,
    );
    let caught: unknown;
    try {
      checkAlert(badOpened, now);
    } catch (err) {
      caught = err;
    }
    const refusal = refusalOf(caught);
    expect(refusal?.code).toBe("VALIDATION_FAILED");
    expect(refusal?.fields.map((f) => f.code)).toEqual(expect.arrayContaining(["INVALID_LANGUAGE"]));
    expect(refusal?.fields.map((f) => f.path)).toContain("header.language");
    expect(refusal?.fields.length).toBeGreaterThanOrEqual(2);
  });

  it("an alert created beyond the clock skew after the stream time is refused (IN_FUTURE)", () => {
    const opened = openIntake({ publisher: "ncp.nl", data: bytes, storedAt: now }, verifier, MAX);
    const created = opened.alert.header?.createdAt ?? now;
    let caught: unknown;
    try {
      checkAlert(opened, new Date(created.getTime() - 60 * 60_000));
    } catch (err) {
      caught = err;
    }
    expect(refusalOf(caught)?.fields.map((f) => f.code)).toContain("IN_FUTURE");
  });

  it("only input faults are refusals: other errors are retried", () => {
    expect(refusalOf(new PolicyError("VALIDATION_FAILED", "x", []))?.code).toBe("VALIDATION_FAILED");
    expect(refusalOf(new PolicyError("MANDATES_INVALID", "x"))).toBeUndefined();
    expect(refusalOf(new Error("connection closed"))).toBeUndefined();
    expect(refusalOf(Object.assign(new Error("timeout"), { code: "TIMEOUT" }))).toBeUndefined();
  });
});
