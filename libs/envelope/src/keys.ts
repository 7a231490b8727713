import { createPublicKey, KeyObject, type webcrypto } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, exportSPKI, importJWK, generateKeyPair as joseGenerateKeyPair } from "jose";
import { EnvelopeError } from "./errors.ts";

/** An Ed25519 public key as a JWK (RFC 8037); `kid` is its RFC 7638 thumbprint. */
export interface PublicJwk {
  readonly kty: "OKP";
  readonly crv: "Ed25519";
  readonly x: string;
  readonly kid: string;
}

/** The private half: never in the registry, only in the owner's key file (mode 0600). */
export interface PrivateJwk extends PublicJwk {
  readonly d: string;
}

export interface KeyPair {
  readonly kid: string;
  readonly privateJwk: PrivateJwk;
  readonly publicJwk: PublicJwk;
}

/** RFC 7638 thumbprint (SHA-256, base64url) over the required members only. */
export function thumbprint(jwk: { readonly kty: string; readonly crv: string; readonly x: string }): Promise<string> {
  return calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, "sha256");
}

export async function generateKeyPair(): Promise<KeyPair> {
  const { privateKey } = await joseGenerateKeyPair("Ed25519", { extractable: true });
  const jwk = await exportJWK(privateKey);
  if (typeof jwk.x !== "string" || typeof jwk.d !== "string") throw new EnvelopeError("KEY_INVALID", "key export");
  const kid = await thumbprint({ kty: "OKP", crv: "Ed25519", x: jwk.x });
  const publicJwk: PublicJwk = { kty: "OKP", crv: "Ed25519", x: jwk.x, kid };
  return { kid, publicJwk, privateJwk: { ...publicJwk, d: jwk.d } };
}

export function publicJwkOf(jwk: PrivateJwk | PublicJwk): PublicJwk {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid: jwk.kid };
}

function isOkpEd25519(jwk: unknown): jwk is { kty: "OKP"; crv: "Ed25519"; x: string; kid?: unknown; d?: unknown } {
  if (typeof jwk !== "object" || jwk === null) return false;
  const j = jwk as Record<string, unknown>;
  return j["kty"] === "OKP" && j["crv"] === "Ed25519" && typeof j["x"] === "string";
}

/** Checks a public JWK's shape and that its kid is its thumbprint. */
export async function checkPublicJwk(jwk: unknown): Promise<PublicJwk> {
  if (!isOkpEd25519(jwk) || typeof jwk.kid !== "string") {
    throw new EnvelopeError("KEY_INVALID", "not an Ed25519 public JWK with kid");
  }
  if ((await thumbprint(jwk)) !== jwk.kid)
    throw new EnvelopeError("KEY_INVALID", `kid ${jwk.kid} is not the thumbprint`);
  return publicJwkOf({ kty: "OKP", crv: "Ed25519", x: jwk.x, kid: jwk.kid });
}

/** jose (v6) imports into WebCrypto keys; node:crypto signs fastest with the KeyObject behind them. */
function toKeyObject(key: webcrypto.CryptoKey | Uint8Array): KeyObject {
  if (key instanceof Uint8Array) throw new TypeError("expected a CryptoKey");
  return KeyObject.from(key);
}

/** Parses a public JWK once into the KeyObject node:crypto verifies with. */
export async function importPublicKey(jwk: PublicJwk): Promise<KeyObject> {
  try {
    return toKeyObject(await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, "EdDSA", { extractable: true }));
  } catch (err) {
    throw new EnvelopeError("KEY_INVALID", `public key ${jwk.kid} does not import`, { cause: err });
  }
}

/**
 * Parses a private JWK into a KeyObject, after checking that its kid is the thumbprint and that
 * `d` and `x` are one key pair: a key file whose halves disagree would sign with a key nobody
 * can verify.
 */
export async function importPrivateKey(jwk: unknown): Promise<{ key: KeyObject; jwk: PrivateJwk }> {
  if (!isOkpEd25519(jwk) || typeof jwk.d !== "string")
    throw new EnvelopeError("KEY_INVALID", "not an Ed25519 private JWK");
  const pub = await checkPublicJwk(jwk);
  let key: KeyObject;
  try {
    key = toKeyObject(
      await importJWK({ kty: "OKP", crv: "Ed25519", x: jwk.x, d: jwk.d }, "EdDSA", { extractable: true }),
    );
  } catch (err) {
    throw new EnvelopeError("KEY_INVALID", `private key ${pub.kid} does not import`, { cause: err });
  }
  const derived = createPublicKey(key).export({ format: "jwk" });
  if (derived.x !== jwk.x) throw new EnvelopeError("KEY_INVALID", `private key ${pub.kid} does not match its x`);
  return { key, jwk: { ...pub, d: jwk.d } };
}

/** SubjectPublicKeyInfo PEM, for tools we did not write (openssl pkeyutl -verify). */
export async function publicKeyPem(jwk: PublicJwk): Promise<string> {
  const key = await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, "EdDSA", { extractable: true });
  if (key instanceof Uint8Array) throw new EnvelopeError("KEY_INVALID", "expected a CryptoKey");
  return exportSPKI(key);
}
