import { createHmac, createPrivateKey, generateKeyPairSync, sign } from "node:crypto";
import { AlertManifest, AlertManifest_DigestAlgorithm, type Envelope } from "@ariadne/contracts";
import { compareBytes, sha256 } from "../../src/bytes.ts";
import { CASE_ALERT_TYPE, type PrivateJwk, signingInput } from "../../src/mod.ts";

/** Test-only: signatures over any header we like, to reach each verification step. */
export type SignWith = (input: Buffer) => Uint8Array;

export function ed25519With(jwk: PrivateJwk): SignWith {
  const key = createPrivateKey({ key: { ...jwk }, format: "jwk" });
  return (input) => sign(null, input, key);
}

/** HMAC-SHA256 keyed with the public key bytes: the classic algorithm-confusion forgery. */
export function hs256With(publicKeyBytes: Uint8Array | string): SignWith {
  return (input) => createHmac("sha256", publicKeyBytes).update(input).digest();
}

export function es256With(): SignWith {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return (input) => sign("sha256", input, { key: privateKey, dsaEncoding: "ieee-p1363" });
}

export function encodeHeaderJson(header: unknown): string {
  return Buffer.from(JSON.stringify(header), "utf8").toString("base64url");
}

/** A header as Ariadne writes it, with overrides (undefined removes a member). */
export function headerOf(
  base: { typ: string; kid: string; party: string; iat?: number },
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const h: Record<string, unknown> = {
    alg: "EdDSA",
    b64: false,
    crit: ["b64"],
    typ: base.typ,
    kid: base.kid,
    "ariadne.party": base.party,
    iat: base.iat ?? Math.floor(Date.now() / 1000),
    ...overrides,
  };
  for (const [k, v] of Object.entries(h)) if (v === undefined) delete h[k];
  return h;
}

export function forge(header: Record<string, unknown>, payload: Uint8Array, signWith: SignWith): Envelope {
  const encoded = encodeHeaderJson(header);
  const signature = signWith(signingInput(encoded, payload));
  return {
    payload,
    signature: `${encoded}..${Buffer.from(signature).toString("base64url")}`,
    disclosures: [],
    subject: undefined,
  };
}

/**
 * A manifest signed by a real publisher key over whatever disclosure bytes we give it: how an
 * originator with a bug (or a malicious one) could sign, to reach the disclosure checks.
 */
export function craftManifest(
  m: Partial<AlertManifest> & { alertId: string; originator: string },
  disclosures: readonly Uint8Array[],
): Uint8Array {
  return AlertManifest.encode({
    version: 1,
    createdAt: new Date("2025-09-15T08:42:00.000Z"),
    contentType: CASE_ALERT_TYPE,
    digestAlgorithm: AlertManifest_DigestAlgorithm.DIGEST_ALGORITHM_SHA256,
    digests: disclosures.map(sha256).sort(compareBytes),
    ...m,
  }).finish();
}
