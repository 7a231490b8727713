import { createHash, createPublicKey, type KeyObject, verify } from "node:crypto";
import { Envelope, type SignerKey } from "@ariadne/contracts";
import { decodeBase64Url, decodeUtf8, encodeBase64Url } from "../bytes.ts";
import type { ExportCrypto, VerifyEventFn } from "../export/crypto.ts";
import { PAYLOAD_TYPES } from "../types.ts";

/*
 * A minimal, independent verification of Ariadne envelopes with node:crypto alone: a JWS with a
 * detached unencoded payload (RFC 7797), protected header {alg: "EdDSA", b64: false,
 * crit: ["b64"], kid, typ}, Ed25519 over ASCII(BASE64URL(header)) || "." || payload. The CLI
 * verifies with @ariadne/envelope (envelope-crypto.ts); this second implementation stays as the
 * library tests' oracle, so that the export format is checked by two verifiers written apart.
 */

/** Roles that may sign an AuditEvent (docs/architecture.md). */
const EVENT_SIGNER_ROLES: ReadonlySet<string> = new Set(["router", "recipient", "auditor", "operator"]);

export interface Ed25519Jwk {
  readonly kty: "OKP";
  readonly crv: "Ed25519";
  readonly x: string;
  readonly kid?: string;
}

/** RFC 7638 thumbprint of an Ed25519 JWK: SHA-256 over {"crv","kty","x"} in that order. */
export function jwkThumbprint(jwk: Ed25519Jwk): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return encodeBase64Url(createHash("sha256").update(canonical).digest());
}

/** Reads a public Ed25519 JWK (from JSON text or an object); throws if it is anything else. */
export function parseEd25519Jwk(value: unknown): Ed25519Jwk {
  const jwk = (typeof value === "string" ? JSON.parse(value) : value) as Record<string, unknown>;
  if (typeof jwk !== "object" || jwk === null || jwk["kty"] !== "OKP" || jwk["crv"] !== "Ed25519") {
    throw new Error("not an Ed25519 JWK");
  }
  if (typeof jwk["x"] !== "string" || decodeBase64Url(jwk["x"])?.length !== 32)
    throw new Error("JWK x is not 32 bytes");
  if ("d" in jwk) throw new Error("a private JWK; give the public key");
  return { kty: "OKP", crv: "Ed25519", x: jwk["x"], ...(typeof jwk["kid"] === "string" ? { kid: jwk["kid"] } : {}) };
}

function keyObject(jwk: Ed25519Jwk): KeyObject {
  return createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: "jwk" });
}

/** Verifies one envelope; returns its payload and the kid that signed. Throws on any failure. */
export function verifyEnvelopeBytes(
  envelopeBytes: Uint8Array,
  payloadType: string,
  keyFor: (kid: string) => KeyObject | undefined,
): { payload: Uint8Array; kid: string } {
  const envelope = Envelope.decode(envelopeBytes);
  const [protectedPart, detached, signaturePart, ...rest] = envelope.signature.split(".");
  if (protectedPart === undefined || detached !== "" || signaturePart === undefined || rest.length > 0) {
    throw new Error("not a detached compact JWS");
  }
  const headerBytes = decodeBase64Url(protectedPart);
  const headerText = headerBytes === undefined ? undefined : decodeUtf8(headerBytes);
  if (headerText === undefined) throw new Error("bad protected header");
  const header = JSON.parse(headerText) as Record<string, unknown>;
  const crit = header["crit"];
  if (
    header["alg"] !== "EdDSA" ||
    header["b64"] !== false ||
    !Array.isArray(crit) ||
    crit.length !== 1 ||
    crit[0] !== "b64" ||
    header["typ"] !== payloadType ||
    typeof header["kid"] !== "string"
  ) {
    throw new Error("protected header is not an Ariadne EdDSA header for this type");
  }
  const key = keyFor(header["kid"]);
  const signature = decodeBase64Url(signaturePart);
  if (key === undefined || signature === undefined || signature.length !== 64)
    throw new Error("unknown key or bad signature");
  const input = Buffer.concat([Buffer.from(`${protectedPart}.`, "ascii"), envelope.payload]);
  if (!verify(null, input, key, signature)) throw new Error("signature does not verify");
  return { payload: envelope.payload, kid: header["kid"] };
}

/** The ExportCrypto the offline verifier uses: the audit service's public key, and the keys it vouches for. */
export function offlineExportCrypto(auditJwk: Ed25519Jwk): ExportCrypto {
  const auditKid = jwkThumbprint(auditJwk);
  const auditKey = keyObject(auditJwk);
  return {
    verifyAuditEnvelope(envelopeBytes, payloadType) {
      return verifyEnvelopeBytes(envelopeBytes, payloadType, (kid) => (kid === auditKid ? auditKey : undefined))
        .payload;
    },
    eventVerifier(keys: readonly SignerKey[]): VerifyEventFn {
      const byKid = new Map<string, { party: string; key: KeyObject }>();
      for (const k of keys) {
        const jwk = parseEd25519Jwk(k.jwk);
        if (jwkThumbprint(jwk) !== k.kid) throw new Error("signer key kid is not its JWK thumbprint");
        if (k.roles.length > 0 && !k.roles.some((r) => EVENT_SIGNER_ROLES.has(r))) continue;
        byKid.set(k.kid, { party: k.party, key: keyObject(jwk) });
      }
      return (envelopeBytes) => {
        const { payload, kid } = verifyEnvelopeBytes(
          envelopeBytes,
          PAYLOAD_TYPES.AuditEvent,
          (id) => byKid.get(id)?.key,
        );
        return { payload, signer: (byKid.get(kid) as { party: string }).party };
      };
    },
  };
}
