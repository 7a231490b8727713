import { createHash, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { Envelope, SignerKey } from "@ariadne/contracts";

/*
 * A tiny test signer written independently of @ariadne/envelope and src/cli/ed25519-jws.ts:
 * Ariadne's envelope JWS (RFC 7797 detached, unencoded payload; EdDSA; kid = RFC 7638
 * thumbprint; the signing party and a fixed iat in the protected header) made with node:crypto.
 */

const b64u = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");

export interface TestParty {
  readonly party: string;
  readonly kid: string;
  readonly publicJwk: { kty: "OKP"; crv: "Ed25519"; x: string };
  readonly privateKey: KeyObject;
  sign(payloadType: string, payload: Uint8Array): Envelope;
  signBytes(payloadType: string, payload: Uint8Array): Uint8Array;
  signerKey(roles: readonly string[]): SignerKey;
}

export function testParty(party: string): TestParty {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const jwk = publicKey.export({ format: "jwk" });
  const publicJwk = { kty: "OKP" as const, crv: "Ed25519" as const, x: String(jwk.x) };
  const kid = b64u(
    createHash("sha256")
      .update(JSON.stringify({ crv: "Ed25519", kty: "OKP", x: publicJwk.x }))
      .digest(),
  );
  const signEnvelope = (payloadType: string, payload: Uint8Array): Envelope => {
    const header = b64u(
      JSON.stringify({
        alg: "EdDSA",
        b64: false,
        crit: ["b64"],
        typ: payloadType,
        kid,
        "ariadne.party": party,
        iat: 1,
      }),
    );
    const signature = sign(null, Buffer.concat([Buffer.from(`${header}.`), payload]), privateKey);
    return Envelope.create({ payload: Uint8Array.from(payload), signature: `${header}..${b64u(signature)}` });
  };
  return {
    party,
    kid,
    publicJwk,
    privateKey,
    sign: signEnvelope,
    signBytes: (payloadType, payload) => Envelope.encode(signEnvelope(payloadType, payload)).finish(),
    signerKey: (roles) => SignerKey.create({ party, kid, jwk: JSON.stringify(publicJwk), roles: [...roles] }),
  };
}
