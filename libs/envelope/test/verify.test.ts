import { createPublicKey } from "node:crypto";
import { Envelope, Receipt } from "@ariadne/contracts";
import { createTestKeys, type TestKeys } from "@ariadne/testing";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type EnvelopeErrorCode,
  encodeEnvelope,
  loadRegistry,
  MESSAGE_TYPES,
  type MessageType,
  revokeKey,
  rotateKey,
  type Signer,
  signerFor,
  TrustStore,
  Verifier,
  type VerifyOptions,
} from "../src/mod.ts";
import { ed25519With, es256With, forge, headerOf, hs256With } from "./support/forge.ts";

const START = new Date("2026-01-01T00:00:00Z");
const NOW = new Date("2026-03-01T10:00:00Z");
const iatNow = Math.floor(NOW.getTime() / 1000);
const payload = Receipt.encode(Receipt.fromPartial({ receiptId: "r-1", alertId: "a-1", version: 1 })).finish();

let keys: TestKeys;
let verifier: Verifier;
let router: Signer;
let ncpDe: Signer;
let ncpNl: Signer;

beforeAll(async () => {
  keys = await createTestKeys({ now: START });
  verifier = keys.verifier({ clock: () => NOW.getTime() });
  router = await keys.signer("router");
  ncpDe = await keys.signer("ncp.de");
  ncpNl = await keys.signer("ncp.nl");
});

function jwkOf(party: string) {
  const jwk = keys.deployment.privateKeys.get(party)?.[0];
  if (!jwk) throw new Error(`no key for ${party}`);
  return jwk;
}

function codeOf(fn: () => unknown): EnvelopeErrorCode | "none" {
  try {
    fn();
    return "none";
  } catch (err) {
    return (err as { code?: EnvelopeErrorCode }).code ?? "none";
  }
}

const receipt: VerifyOptions = { type: MESSAGE_TYPES.Receipt };
const verifyBytes =
  (bytes: Uint8Array, opts: VerifyOptions = receipt, v = verifier) =>
  () =>
    v.verify(bytes, opts);
const verifyEnv = (env: Envelope, opts: VerifyOptions = receipt, v = verifier) =>
  verifyBytes(encodeEnvelope(env), opts, v);

describe("a good envelope", () => {
  it("verifies and says who signed what, when", () => {
    const v = verifier.verify(encodeEnvelope(router.sign(MESSAGE_TYPES.Receipt, payload, { now: NOW })), receipt);
    expect(v.party).toBe("router");
    expect(v.kid).toBe(router.kid);
    expect(v.type).toBe(MESSAGE_TYPES.Receipt);
    expect(v.signedAt).toEqual(NOW);
    expect(Buffer.from(v.payload).equals(Buffer.from(payload))).toBe(true);
    expect(v.registryVersion).toBe(1);
  });

  it("accepts one of several expected types", () => {
    const env = ncpDe.sign(MESSAGE_TYPES.AgencyReply, payload, { now: NOW });
    expect(codeOf(verifyEnv(env, { type: [MESSAGE_TYPES.Receipt, MESSAGE_TYPES.AgencyReply] }))).toBe("none");
  });
});

describe("TOO_LARGE: size is checked before decoding", () => {
  it("refuses bytes over the limit, even garbage", () => {
    const small = new Verifier(keys.store, { maxEnvelopeBytes: 64, clock: () => NOW.getTime() });
    expect(codeOf(verifyBytes(new Uint8Array(65).fill(0xff), receipt, small))).toBe("TOO_LARGE");
    expect(
      codeOf(verifyEnv(router.sign(MESSAGE_TYPES.Receipt, new Uint8Array(100), { now: NOW }), receipt, small)),
    ).toBe("TOO_LARGE");
    expect(codeOf(() => small.verifyEnvelope(router.sign(MESSAGE_TYPES.Receipt, new Uint8Array(100)), receipt))).toBe(
      "TOO_LARGE",
    );
  });
});

describe("MALFORMED", () => {
  const good = () => router.sign(MESSAGE_TYPES.Receipt, payload, { now: NOW });
  const h = () => headerOf({ typ: MESSAGE_TYPES.Receipt, kid: router.kid, party: "router", iat: iatNow });

  it.each([
    ["bytes that are not Protobuf", () => new Uint8Array([0xff, 0xff, 0xff])],
    ["an unknown envelope field", () => Buffer.concat([encodeEnvelope(good()), Buffer.from([0x2a, 0x01, 0x00])])],
    ["the payload twice", () => Buffer.concat([encodeEnvelope(good()), Buffer.from([0x0a, 0x01, 0x00])])],
    ["a varint where bytes belong", () => Buffer.concat([encodeEnvelope(good()), Buffer.from([0x08, 0x01])])],
    [
      "a subject inside a subject",
      () => {
        const inner = Envelope.encode({ ...good(), subject: good() }).finish();
        return Buffer.concat([encodeEnvelope(good()), Buffer.from([0x22, inner.length]), inner]);
      },
    ],
  ])("%s", (_, bytes) => {
    expect(codeOf(verifyBytes(bytes()))).toBe("MALFORMED");
  });

  it.each([
    ["no signature", () => ({ ...good(), signature: "" })],
    [
      "an attached payload",
      () => {
        const [hd, , sig] = good().signature.split(".");
        return { ...good(), signature: `${hd}.${Buffer.from(payload).toString("base64url")}.${sig}` };
      },
    ],
    [
      "a non-canonical base64url signature (unused low bits set)",
      () => {
        const s = good().signature;
        const last = s.at(-1) ?? "A";
        const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return { ...good(), signature: s.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1] };
      },
    ],
    [
      "a stray character in the signature",
      () => ({ ...good(), signature: `${good().signature.slice(0, -2)}!${good().signature.slice(-1)}` }),
    ],
    [
      "a header that is not JSON",
      () => ({ ...good(), signature: `${Buffer.from("{nope").toString("base64url")}..AAAA` }),
    ],
    [
      "a header that is an array",
      () => forge([] as unknown as Record<string, unknown>, payload, ed25519With(jwkOf("router"))),
    ],
    ["b64 true", () => forge({ ...h(), b64: true }, payload, ed25519With(jwkOf("router")))],
    [
      "no crit",
      () =>
        forge(
          headerOf({ typ: MESSAGE_TYPES.Receipt, kid: router.kid, party: "router", iat: iatNow }, { crit: undefined }),
          payload,
          ed25519With(jwkOf("router")),
        ),
    ],
    [
      "an unknown header member",
      () => forge({ ...h(), x5u: "https://example.invalid" }, payload, ed25519With(jwkOf("router"))),
    ],
    ["an iat that is a string", () => forge({ ...h(), iat: String(iatNow) }, payload, ed25519With(jwkOf("router")))],
    [
      "no party",
      () =>
        forge(
          headerOf({ typ: MESSAGE_TYPES.Receipt, kid: router.kid, party: "router" }, { "ariadne.party": undefined }),
          payload,
          ed25519With(jwkOf("router")),
        ),
    ],
    ["disclosures on a receipt", () => ({ ...good(), disclosures: [new Uint8Array([1])] })],
    ["a subject on a receipt", () => ({ ...good(), subject: good() })],
  ])("%s", (_, env) => {
    expect(codeOf(verifyEnv(env()))).toBe("MALFORMED");
  });
});

describe("ALG_NOT_ALLOWED: EdDSA only", () => {
  const header = (alg: string) =>
    headerOf({ typ: MESSAGE_TYPES.Receipt, kid: router.kid, party: "router", iat: iatNow }, { alg });
  const rawPublicKey = () => Buffer.from(keys.registry.key(router.kid)?.jwk.x ?? "", "base64url");
  const pem = () =>
    createPublicKey({ key: { ...keys.registry.key(router.kid)?.jwk }, format: "jwk" })
      .export({ type: "spki", format: "pem" })
      .toString();

  it('refuses alg "none" with an empty signature', () => {
    const encoded = Buffer.from(JSON.stringify(header("none"))).toString("base64url");
    expect(codeOf(verifyEnv({ payload, signature: `${encoded}..`, disclosures: [], subject: undefined }))).toBe(
      "ALG_NOT_ALLOWED",
    );
  });

  it("refuses HS256 keyed with the router's public key (raw bytes or PEM)", () => {
    expect(codeOf(verifyEnv(forge(header("HS256"), payload, hs256With(rawPublicKey()))))).toBe("ALG_NOT_ALLOWED");
    expect(codeOf(verifyEnv(forge(header("HS256"), payload, hs256With(pem()))))).toBe("ALG_NOT_ALLOWED");
  });

  it("refuses ES256, and an HS256 MAC even under an EdDSA header", () => {
    expect(codeOf(verifyEnv(forge(header("ES256"), payload, es256With())))).toBe("ALG_NOT_ALLOWED");
    expect(codeOf(verifyEnv(forge(header("EdDSA"), payload, hs256With(rawPublicKey()))))).toBe("SIGNATURE_INVALID");
  });
});

describe("who may sign what", () => {
  it("TYPE_MISMATCH: typ is not the expected type", () => {
    const env = router.sign(MESSAGE_TYPES.Receipt, payload, { now: NOW });
    expect(codeOf(verifyEnv(env, { type: MESSAGE_TYPES.RejectionNotice }))).toBe("TYPE_MISMATCH");
    const registryTyped = forge(
      headerOf({ typ: "ariadne.registry+json", kid: router.kid, party: "router", iat: iatNow }),
      payload,
      ed25519With(jwkOf("router")),
    );
    expect(codeOf(verifyEnv(registryTyped, { type: Object.values(MESSAGE_TYPES) as MessageType[] }))).toBe(
      "TYPE_MISMATCH",
    );
  });

  it("UNKNOWN_KEY: kid not in the registry", () => {
    const env = forge(
      headerOf({ typ: MESSAGE_TYPES.Receipt, kid: "A".repeat(43), party: "router", iat: iatNow }),
      payload,
      ed25519With(jwkOf("router")),
    );
    expect(codeOf(verifyEnv(env))).toBe("UNKNOWN_KEY");
  });

  it("PARTY_MISMATCH: a kid claimed for another party, or a signer other than the subject names", () => {
    const asOther = forge(
      headerOf({ typ: MESSAGE_TYPES.Receipt, kid: ncpNl.kid, party: "ncp.de", iat: iatNow }),
      payload,
      ed25519With(jwkOf("ncp.nl")),
    );
    expect(codeOf(verifyEnv(asOther))).toBe("PARTY_MISMATCH");
    const env = ncpNl.sign(MESSAGE_TYPES.AlertManifest, payload, { now: NOW });
    const opts = { type: MESSAGE_TYPES.AlertManifest, party: "ncp.de" } as const;
    expect(codeOf(verifyEnv(env, opts))).toBe("PARTY_MISMATCH");
    expect(codeOf(verifyEnv(env, { ...opts, party: "ncp.nl" }))).toBe("none");
  });

  it.each([
    ["adapter.europol", MESSAGE_TYPES.AlertManifest],
    ["ncp.de", MESSAGE_TYPES.RoutingAttestation],
    ["ncp.de", MESSAGE_TYPES.Checkpoint],
    ["router", MESSAGE_TYPES.AgencyReply],
    ["officer.europol.liaison-1", MESSAGE_TYPES.AuditEvent],
    ["audit", MESSAGE_TYPES.Receipt],
  ] as const)("ROLE_NOT_ALLOWED: %s may not sign %s", async (party, type) => {
    const signer = await keys.signer(party);
    expect(codeOf(verifyEnv(signer.sign(type, payload, { now: NOW }), { type }))).toBe("ROLE_NOT_ALLOWED");
  });
});

describe("key lifecycle and freshness", () => {
  it("KEY_REVOKED: a revoked key fails whatever signing time it claims", async () => {
    const revoked = await revokeKey(keys.deployment, router.kid, { now: NOW });
    const store = new TrustStore(await loadRegistry(revoked.registryJws, keys.operatorKey));
    const v = new Verifier(store, { clock: () => NOW.getTime() });
    const before = router.sign(MESSAGE_TYPES.Receipt, payload, { now: new Date(NOW.getTime() - 60_000) });
    expect(codeOf(verifyEnv(before, receipt, v))).toBe("KEY_REVOKED");
    expect(codeOf(verifyEnv(before, receipt))).toBe("none"); // the old registry still trusted it
  });

  it("KEY_NOT_VALID: signed before the key's notBefore or from its notAfter", async () => {
    const early = router.sign(MESSAGE_TYPES.Receipt, payload, { now: new Date(START.getTime() - 1000) });
    expect(codeOf(verifyEnv(early, { ...receipt, maxAgeMs: Number.POSITIVE_INFINITY }))).toBe("KEY_NOT_VALID");
    const { deployment } = await rotateKey(keys.deployment, "router", { now: new Date(NOW.getTime() - 120_000) });
    const v = new Verifier(new TrustStore(await loadRegistry(deployment.registryJws, keys.operatorKey)), {
      clock: () => NOW.getTime(),
    });
    expect(codeOf(verifyEnv(router.sign(MESSAGE_TYPES.Receipt, payload, { now: NOW }), receipt, v))).toBe(
      "KEY_NOT_VALID",
    );
    const successor = await signerFor(deployment, "router", { now: NOW });
    expect(successor.kid).not.toBe(router.kid);
    expect(codeOf(verifyEnv(successor.sign(MESSAGE_TYPES.Receipt, payload, { now: NOW }), receipt, v))).toBe("none");
  });

  it("REPLAY: signed too long ago or too far ahead", () => {
    const old = router.sign(MESSAGE_TYPES.Receipt, payload, { now: new Date(NOW.getTime() - 6 * 60_000) });
    const ahead = router.sign(MESSAGE_TYPES.Receipt, payload, { now: new Date(NOW.getTime() + 2 * 60_000) });
    expect(codeOf(verifyEnv(old))).toBe("REPLAY");
    expect(codeOf(verifyEnv(ahead))).toBe("REPLAY");
    expect(codeOf(verifyEnv(old, { ...receipt, maxAgeMs: Number.POSITIVE_INFINITY }))).toBe("none");
    expect(codeOf(verifyEnv(old, { ...receipt, now: new Date(NOW.getTime() - 6 * 60_000) }))).toBe("none");
  });
});

describe("SIGNATURE_INVALID: one code for every cryptographic failure", () => {
  const header = () => headerOf({ typ: MESSAGE_TYPES.Receipt, kid: router.kid, party: "router", iat: iatNow });

  it.each([
    [
      "the payload changed",
      () => ({ ...router.sign(MESSAGE_TYPES.Receipt, payload, { now: NOW }), payload: Buffer.from("x") }),
    ],
    ["signed by another party's key", () => forge(header(), payload, ed25519With(jwkOf("ncp.de")))],
    ["a signature one byte short", () => forge(header(), payload, (i) => ed25519With(jwkOf("router"))(i).subarray(1))],
    ["an empty signature", () => forge(header(), payload, () => new Uint8Array(0))],
    ["a signature of zeros", () => forge(header(), payload, () => new Uint8Array(64))],
  ])("%s", (_, env) => {
    expect(codeOf(verifyEnv(env()))).toBe("SIGNATURE_INVALID");
  });
});
