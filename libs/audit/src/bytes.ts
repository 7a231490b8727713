import { hash } from "node:crypto";

/** SHA-256 as a plain Uint8Array (not a Buffer), like every byte array this library returns. */
export function sha256(bytes: Uint8Array): Uint8Array {
  return plain(hash("sha256", bytes, "buffer"));
}

/** A plain Uint8Array view of a Buffer, without copying. */
export function plain(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

export function toHex(bytes: Uint8Array): string {
  return asBuffer(bytes).toString("hex");
}

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  return plain(Buffer.concat(parts.map(asBuffer)));
}

export function encodeBase64Url(bytes: Uint8Array): string {
  return asBuffer(bytes).toString("base64url");
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Strict base64url (RFC 4648 §5, no padding): Node's decoder skips stray characters and ignores
 * the unused low bits of the last character, so a changed character could decode to the same
 * bytes and go unnoticed in an export. Only the canonical spelling is accepted.
 */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  if (!B64URL.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? plain(bytes) : undefined;
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
