import { decodeBase64Url, decodeUtf8, encodeBase64Url } from "./bytes.ts";
import { EnvelopeError } from "./errors.ts";

/** Private header parameter naming the signing party (a party id, libs/bus parties.ts). */
export const PARTY_HEADER = "ariadne.party";

/** The only algorithm accepted anywhere: Ed25519 (RFC 8037 "EdDSA"). */
export const ALGORITHM = "EdDSA";

/**
 * The JWS protected header of every Ariadne signature. RFC 7797: `b64: false` means the
 * payload is signed as raw bytes, and `crit: ["b64"]` makes verifiers that do not know RFC 7797
 * refuse instead of misreading it.
 */
export interface ProtectedHeader {
  readonly alg: typeof ALGORITHM;
  readonly b64: false;
  readonly crit: readonly ["b64"];
  readonly typ: string;
  readonly kid: string;
  readonly [PARTY_HEADER]: string;
  /** Signing time, NumericDate (whole seconds since the epoch), as in RFC 7519. */
  readonly iat: number;
}

const MEMBERS = new Set(["alg", "b64", "crit", "typ", "kid", PARTY_HEADER, "iat"]);

/** BASE64URL(UTF8(JSON)) of the header, members always in this order. */
export function encodeProtectedHeader(h: { typ: string; kid: string; party: string; iat: number }): string {
  const header: ProtectedHeader = {
    alg: ALGORITHM,
    b64: false,
    crit: ["b64"],
    typ: h.typ,
    kid: h.kid,
    [PARTY_HEADER]: h.party,
    iat: h.iat,
  };
  return Buffer.from(JSON.stringify(header), "utf8").toString("base64url");
}

/** RFC 7797 §3: ASCII(BASE64URL(header)) || "." || payload bytes. */
export function signingInput(encodedHeader: string, payload: Uint8Array): Buffer {
  const input = Buffer.allocUnsafe(encodedHeader.length + 1 + payload.length);
  input.write(encodedHeader, 0, "latin1");
  input[encodedHeader.length] = 0x2e;
  input.set(payload, encodedHeader.length + 1);
  return input;
}

/** Compact serialisation with the payload detached: header ".." signature. */
export function compactDetached(encodedHeader: string, signature: Uint8Array): string {
  return `${encodedHeader}..${encodeBase64Url(signature)}`;
}

export interface SplitJws {
  readonly encodedHeader: string;
  readonly headerBytes: Buffer;
  readonly signature: Buffer;
}

/** Splits `header..signature`; an attached payload or non-canonical base64url is MALFORMED. */
export function splitCompactDetached(jws: string): SplitJws {
  const first = jws.indexOf(".");
  if (first < 0 || jws[first + 1] !== "." || jws.indexOf(".", first + 2) >= 0) {
    throw new EnvelopeError("MALFORMED", "not a detached compact JWS");
  }
  const encodedHeader = jws.slice(0, first);
  const headerBytes = encodedHeader === "" ? undefined : decodeBase64Url(encodedHeader);
  if (headerBytes === undefined) throw new EnvelopeError("MALFORMED", "protected header is not base64url");
  const signature = decodeBase64Url(jws.slice(first + 2));
  if (signature === undefined) throw new EnvelopeError("MALFORMED", "signature is not base64url");
  return { encodedHeader, headerBytes, signature };
}

/**
 * Parses and checks the protected header: JSON object, `alg` on the allow-list (anything but
 * EdDSA, including "none", is ALG_NOT_ALLOWED), RFC 7797 members exactly, no unknown members.
 */
export function parseProtectedHeader(encodedHeader: string): ProtectedHeader {
  const bytes = decodeBase64Url(encodedHeader);
  if (bytes === undefined) throw new EnvelopeError("MALFORMED", "protected header is not base64url");
  return parseHeaderBytes(bytes);
}

/** parseProtectedHeader on bytes already decoded (the verifier decodes once, in the split). */
export function parseHeaderBytes(bytes: Uint8Array): ProtectedHeader {
  const text = decodeUtf8(bytes);
  if (text === undefined) throw new EnvelopeError("MALFORMED", "protected header is not UTF-8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new EnvelopeError("MALFORMED", "protected header is not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new EnvelopeError("MALFORMED", "protected header is not a JSON object");
  }
  const h = value as Record<string, unknown>;
  if (h["alg"] !== ALGORITHM) {
    const alg = typeof h["alg"] === "string" && /^[A-Za-z0-9+-]{1,16}$/.test(h["alg"]) ? h["alg"] : "(other)";
    throw new EnvelopeError("ALG_NOT_ALLOWED", `alg ${alg} is not allowed`);
  }
  const crit = h["crit"];
  if (h["b64"] !== false || !Array.isArray(crit) || crit.length !== 1 || crit[0] !== "b64") {
    throw new EnvelopeError("MALFORMED", 'header must have b64: false and crit: ["b64"]');
  }
  if (typeof h["typ"] !== "string" || typeof h["kid"] !== "string" || typeof h[PARTY_HEADER] !== "string") {
    throw new EnvelopeError("MALFORMED", "header lacks typ, kid or party");
  }
  const iat = h["iat"];
  if (typeof iat !== "number" || !Number.isSafeInteger(iat) || iat < 0) {
    throw new EnvelopeError("MALFORMED", "header iat is not a NumericDate");
  }
  for (const name of Object.keys(h)) {
    if (!MEMBERS.has(name)) throw new EnvelopeError("MALFORMED", "unknown header member");
  }
  return h as unknown as ProtectedHeader;
}
