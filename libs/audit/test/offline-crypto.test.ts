import { createPublicKey } from "node:crypto";
import { AuditEvent, Envelope } from "@ariadne/contracts";
import { describe, expect, it } from "vitest";
import { jwkThumbprint, offlineExportCrypto, parseEd25519Jwk, verifyEnvelopeBytes } from "../src/cli/ed25519-jws.ts";
import { collectionEvent, PAYLOAD_TYPES } from "../src/mod.ts";
import { alertRef } from "./support/events.ts";
import { testParty } from "./support/signing.ts";

const router = testParty("router");
const audit = testParty("audit");
const payload = AuditEvent.encode(
  collectionEvent({ actor: "router", occurredAt: new Date(0) }, { alert: alertRef() }),
).finish();
const key = createPublicKey({ key: router.publicJwk, format: "jwk" });

function withHeader(header: Record<string, unknown>): Uint8Array {
  const envelope = router.sign(PAYLOAD_TYPES.AuditEvent, payload);
  const [, , signature] = envelope.signature.split(".");
  const protectedPart = Buffer.from(JSON.stringify(header)).toString("base64url");
  return Envelope.encode({ ...envelope, signature: `${protectedPart}..${signature}` }).finish();
}

describe("offline CLI's stand-in envelope verification", () => {
  it("verifies the exact bytes with the right key and type", () => {
    const bytes = router.signBytes(PAYLOAD_TYPES.AuditEvent, payload);
    expect(verifyEnvelopeBytes(bytes, PAYLOAD_TYPES.AuditEvent, () => key).payload).toEqual(payload);
    expect(jwkThumbprint(router.publicJwk)).toBe(router.kid);
  });

  it("refuses another type, an unknown kid, a changed payload, and headers other than EdDSA/b64:false", () => {
    const bytes = router.signBytes(PAYLOAD_TYPES.AuditEvent, payload);
    expect(() => verifyEnvelopeBytes(bytes, PAYLOAD_TYPES.Checkpoint, () => key)).toThrow();
    expect(() => verifyEnvelopeBytes(bytes, PAYLOAD_TYPES.AuditEvent, () => undefined)).toThrow();
    const envelope = Envelope.decode(bytes);
    const changed = Envelope.encode({ ...envelope, payload: Uint8Array.of(...envelope.payload, 0) }).finish();
    expect(() => verifyEnvelopeBytes(changed, PAYLOAD_TYPES.AuditEvent, () => key)).toThrow();
    const base = { alg: "EdDSA", b64: false, crit: ["b64"], kid: router.kid, typ: PAYLOAD_TYPES.AuditEvent };
    for (const header of [
      { ...base, alg: "none" },
      { ...base, alg: "HS256" },
      { ...base, b64: true },
      { ...base, crit: [] },
      { alg: "EdDSA", kid: router.kid, typ: PAYLOAD_TYPES.AuditEvent },
    ]) {
      expect(() => verifyEnvelopeBytes(withHeader(header), PAYLOAD_TYPES.AuditEvent, () => key)).toThrow();
    }
  });

  it("trusts only vouched keys whose role may sign audit events, and only public Ed25519 JWKs", () => {
    const bytes = router.signBytes(PAYLOAD_TYPES.AuditEvent, payload);
    const crypto = offlineExportCrypto(audit.publicJwk);
    expect(crypto.eventVerifier([router.signerKey(["router"])])(bytes).signer).toBe("router");
    expect(() => crypto.eventVerifier([router.signerKey(["publisher"])])(bytes)).toThrow();
    expect(() => crypto.eventVerifier([{ ...router.signerKey(["router"]), kid: audit.kid }])).toThrow();
    expect(() => crypto.verifyAuditEnvelope(bytes, PAYLOAD_TYPES.AuditEvent)).toThrow();
    expect(() => parseEd25519Jwk({ kty: "EC", crv: "P-256", x: "a" })).toThrow();
    expect(() => parseEd25519Jwk({ ...router.publicJwk, d: router.publicJwk.x })).toThrow();
  });
});
