import { hash } from "node:crypto";

/** One-shot SHA-256 (no Hash object per call: disclosures are hashed by the dozen). */
export function sha256(bytes: Uint8Array): Buffer {
  return hash("sha256", bytes, "buffer");
}

/** Unsigned lexicographic byte order: the order digests are sorted in on the wire. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Strict base64url (RFC 4648 §5, no padding): Node's decoder skips stray characters and ignores
 * the unused low bits of the last character, so two different strings could carry the same
 * signature. Only the canonical spelling is accepted; anything else is `undefined`.
 */
export function decodeBase64Url(text: string): Buffer | undefined {
  if (!B64URL.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : undefined;
}

export function encodeBase64Url(bytes: Uint8Array): string {
  return asBuffer(bytes).toString("base64url");
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** UTF-8 that must be valid: `undefined` instead of replacement characters. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}
