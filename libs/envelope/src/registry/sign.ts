import { CompactSign, compactVerify, importJWK } from "jose";
import { EnvelopeError } from "../errors.ts";
import { ALGORITHM } from "../jws.ts";
import { type PrivateJwk, type PublicJwk, thumbprint } from "../keys.ts";
import { RegistryDocument } from "./document.ts";

/** JWS `typ` of a registry document: distinct from every message type, so neither passes for the other. */
export const REGISTRY_TYP = "ariadne.registry+json";

function issues(err: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const first = err.issues[0];
  return first ? `${first.path.map(String).join(".")}: ${first.message}` : "invalid";
}

/** Checks a registry document's schema and that every kid is its key's thumbprint. */
export async function checkRegistryDocument(value: unknown): Promise<RegistryDocument> {
  const parsed = RegistryDocument.safeParse(value);
  if (!parsed.success) throw new EnvelopeError("REGISTRY_INVALID", `registry document: ${issues(parsed.error)}`);
  for (const party of parsed.data.parties) {
    for (const key of party.keys) {
      if ((await thumbprint(key)) !== key.kid) {
        throw new EnvelopeError("REGISTRY_INVALID", `registry key ${key.kid} of ${party.id} is not its thumbprint`);
      }
    }
  }
  return parsed.data;
}

/** Signs a registry document with the operator root key: a compact JWS (EdDSA) over its JSON. */
export async function signRegistry(document: RegistryDocument, operator: PrivateJwk): Promise<string> {
  const doc = await checkRegistryDocument(document);
  const key = await importJWK({ kty: operator.kty, crv: operator.crv, x: operator.x, d: operator.d }, ALGORITHM);
  return new CompactSign(new TextEncoder().encode(JSON.stringify(doc)))
    .setProtectedHeader({ alg: ALGORITHM, typ: REGISTRY_TYP, kid: operator.kid })
    .sign(key);
}

/**
 * Verifies a registry JWS against the pinned operator public key (config, never the registry
 * itself), then checks the document. jose enforces the algorithm allow-list here: this path is
 * cold (once per registry change).
 */
export async function verifyRegistryJws(jws: string, operator: PublicJwk): Promise<RegistryDocument> {
  let payload: Uint8Array;
  try {
    const key = await importJWK({ kty: operator.kty, crv: operator.crv, x: operator.x }, ALGORITHM);
    const result = await compactVerify(jws, key, { algorithms: [ALGORITHM] });
    if (result.protectedHeader.typ !== REGISTRY_TYP || result.protectedHeader.kid !== operator.kid) {
      throw new Error("typ or kid");
    }
    payload = result.payload;
  } catch (err) {
    throw new EnvelopeError("SIGNATURE_INVALID", "registry signature does not verify with the operator key", {
      cause: err,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload));
  } catch {
    throw new EnvelopeError("REGISTRY_INVALID", "registry payload is not JSON");
  }
  return checkRegistryDocument(value);
}
