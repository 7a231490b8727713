/**
 * Every failure of this library, as a closed set of stable codes. Codes (never messages) cross
 * NATS in `Ariadne-Error-Code` and land in notices, receipts and audit events, so they are part
 * of the contract: add codes, never rename them. Messages carry ids and codes only, never
 * alert content.
 */
export const ENVELOPE_ERROR_CODES = [
  // Envelope verification, in the order the checks run (docs/envelope-format.md).
  "TOO_LARGE",
  "MALFORMED",
  "ALG_NOT_ALLOWED",
  "TYPE_MISMATCH",
  "UNKNOWN_KEY",
  "PARTY_MISMATCH",
  "ROLE_NOT_ALLOWED",
  "KEY_REVOKED",
  "KEY_NOT_VALID",
  "REPLAY",
  "SIGNATURE_INVALID",
  // Verifiable minimisation.
  "MANIFEST_INVALID",
  "DISCLOSURE_MALFORMED",
  "DISCLOSURE_UNKNOWN",
  "DISCLOSURE_DUPLICATE",
  "DISCLOSURE_INCONSISTENT",
  "DISCLOSURE_NOT_ATTESTED",
  "ATTESTATION_MISMATCH",
  "RECIPIENT_MISMATCH",
  "ALERT_INVALID",
  // Keys, trust registry and deployment tooling.
  "KEY_INVALID",
  "UNKNOWN_PARTY",
  "REGISTRY_INVALID",
  "REGISTRY_STALE",
  "REGISTRY_UNAVAILABLE",
] as const;

export type EnvelopeErrorCode = (typeof ENVELOPE_ERROR_CODES)[number];

export class EnvelopeError extends Error {
  override readonly name = "EnvelopeError";
  constructor(
    readonly code: EnvelopeErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function isEnvelopeError(err: unknown, code?: EnvelopeErrorCode): err is EnvelopeError {
  return err instanceof EnvelopeError && (code === undefined || err.code === code);
}
