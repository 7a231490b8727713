import { RejectionNotice } from "@ariadne/contracts";
import { encodeEnvelope, MESSAGE_TYPES, type OpenedAlert, type Signer } from "@ariadne/envelope";
import { ID_LIKE, rejectionIds } from "./ids.ts";
import type { Refusal, RejectionCode } from "./intake.ts";

/**
 * Fixed, non-personal text per code: the notice never echoes error messages, which could one
 * day carry something of the input.
 */
export const REJECTION_DETAILS: Readonly<Record<RejectionCode, string>> = {
  TOO_LARGE: "the message exceeds the size limit of the intake",
  MALFORMED: "the message is not a well-formed envelope",
  ALG_NOT_ALLOWED: "the signature algorithm is not allowed",
  TYPE_MISMATCH: "the envelope is not a signed alert manifest",
  UNKNOWN_KEY: "the signing key is not in the trust registry",
  PARTY_MISMATCH: "the signer is not the party the intake subject names",
  ROLE_NOT_ALLOWED: "the signer may not publish alerts",
  KEY_REVOKED: "the signing key is revoked",
  KEY_NOT_VALID: "the signing key was not valid at the signing time",
  REPLAY: "this alert version was already received, or its signature is outside the replay window",
  SIGNATURE_INVALID: "the signature does not verify",
  MANIFEST_INVALID: "the alert manifest is invalid",
  DISCLOSURE_MALFORMED: "a disclosure is malformed",
  DISCLOSURE_UNKNOWN: "a disclosure is not listed in the manifest",
  DISCLOSURE_DUPLICATE: "a disclosure occurs twice",
  DISCLOSURE_INCONSISTENT: "the disclosures do not rebuild a consistent alert",
  DISCLOSURE_NOT_ATTESTED: "a disclosure is not attested",
  ATTESTATION_MISMATCH: "the attestation does not match",
  RECIPIENT_MISMATCH: "the message names another recipient",
  ALERT_INVALID: "the alert lacks its identity",
  KEY_INVALID: "the key is invalid",
  UNKNOWN_PARTY: "the party is not in the trust registry",
  REGISTRY_INVALID: "the trust registry is invalid",
  REGISTRY_STALE: "the trust registry is stale",
  REGISTRY_UNAVAILABLE: "the trust registry is unavailable",
  VALIDATION_FAILED: "the alert breaks validation rules; see the field errors",
};

/**
 * At most this many field errors travel: the notice is also kept whole as audit evidence
 * (LIMITS.artefactBytes), and the first errors are enough to start fixing.
 */
export const MAX_FIELD_ERRORS = 50;

/** The alert id and version a notice may name: verified ones, else the publisher's headers if id-like. */
export interface ClaimedIds {
  readonly alertId: string;
  readonly version: number;
  /** True when the ids come from a verified manifest, not from unverified headers. */
  readonly verified: boolean;
}

export function claimedIds(
  opened: OpenedAlert | undefined,
  header: (name: string) => string | undefined,
  names: { readonly alertId: string; readonly version: string },
): ClaimedIds {
  if (opened) {
    const { alertId, version } = opened.manifest;
    return { alertId: ID_LIKE.test(alertId) ? alertId : "", version, verified: true };
  }
  const alertId = header(names.alertId) ?? "";
  const version = Number(header(names.version) ?? "0");
  const ok = ID_LIKE.test(alertId) && Number.isSafeInteger(version) && version > 0 && version < 2 ** 32;
  return ok ? { alertId, version, verified: false } : { alertId: "", version: 0, verified: false };
}

export interface RejectionInput {
  readonly publisher: string;
  readonly refusal: Refusal;
  readonly ids: ClaimedIds;
  readonly receivedDigest: Uint8Array;
  readonly receivedDigestHex: string;
  readonly intakeSequence: number;
  readonly issuedAt: Date;
}

/** The notice and its RETURN dedup id (one per intake message, stable across redeliveries). */
export function buildRejectionNotice(
  input: RejectionInput,
  maxFieldErrors = MAX_FIELD_ERRORS,
): { notice: RejectionNotice; msgId: string } {
  const { noticeId, msgId } = rejectionIds(input.intakeSequence, input.receivedDigestHex);
  const fields = input.refusal.fields;
  const shown = fields.slice(0, maxFieldErrors);
  const more = fields.length - shown.length;
  const notice = RejectionNotice.fromPartial({
    noticeId,
    alertId: input.ids.alertId,
    version: input.ids.version,
    publisher: input.publisher,
    code: input.refusal.code,
    detail: REJECTION_DETAILS[input.refusal.code] + (more > 0 ? ` (${more} more field errors not listed)` : ""),
    fieldErrors: shown.map((f) => ({ path: f.path, code: f.code, message: f.message })),
    issuedAt: input.issuedAt,
    receivedDigest: Uint8Array.from(input.receivedDigest),
    intakeSequence: input.intakeSequence,
  });
  return { notice, msgId };
}

/** The router-signed envelope bytes of a notice: what goes back and what the audit log keeps. */
export function signRejectionNotice(notice: RejectionNotice, router: Signer): Uint8Array {
  return encodeEnvelope(router.sign(MESSAGE_TYPES.RejectionNotice, RejectionNotice.encode(notice).finish()));
}

/**
 * Builds and signs the notice, listing fewer field errors until its envelope fits `maxBytes`
 * (the audit log keeps it whole as evidence, up to LIMITS.artefactBytes).
 */
export function sealRejection(
  input: RejectionInput,
  router: Signer,
  maxBytes: number,
): { notice: RejectionNotice; bytes: Uint8Array; msgId: string } {
  for (let max = MAX_FIELD_ERRORS; ; max = Math.floor(max / 2)) {
    const { notice, msgId } = buildRejectionNotice(input, max);
    const bytes = signRejectionNotice(notice, router);
    if (bytes.length <= maxBytes || max === 0) return { notice, bytes, msgId };
  }
}
