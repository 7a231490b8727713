import { createHash } from "node:crypto";

const DOMAIN = "ariadne.router.id.v1";

/**
 * A UUID (RFC 9562 version 8, the "custom" layout) from SHA-256 over length-prefixed parts:
 * the same notice or receipt gets the same id however often a redelivered input produces it.
 */
export function deterministicUuid(parts: readonly string[]): string {
  const hash = createHash("sha256");
  for (const part of [DOMAIN, ...parts]) {
    const bytes = Buffer.from(part, "utf8");
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length).update(bytes);
  }
  const b = hash.digest().subarray(0, 16);
  b[6] = ((b[6] as number) & 0x0f) | 0x80; // version 8
  b[8] = ((b[8] as number) & 0x3f) | 0x80; // variant 10
  const hex = b.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Receipt id and RETURN dedup id of the submission acceptance of one alert version. */
export function acceptanceIds(alertId: string, version: number, manifestDigestHex: string) {
  const receiptId = deterministicUuid(["submission-acceptance", alertId, String(version), manifestDigestHex]);
  return { receiptId, msgId: `${alertId}.${version}.submission-acceptance` };
}

/**
 * Notice id and RETURN dedup id of the rejection of one intake message. The intake sequence
 * makes it one per message (a replayed copy under another sequence gets its own notice); the
 * digest guards against a recreated stream reusing sequences.
 */
export function rejectionIds(intakeSequence: number, receivedDigestHex: string) {
  const noticeId = deterministicUuid(["rejection", String(intakeSequence), receivedDigestHex]);
  return { noticeId, msgId: `rejection.${intakeSequence}.${receivedDigestHex.slice(0, 32)}` };
}

/** Strings we echo from unverified input (headers) only when they look like the ids they claim to be. */
export const ID_LIKE = /^[A-Za-z0-9._-]{1,64}$/;
