/**
 * Stable codes of alert validation, one per kind of problem. They travel in rejection notices
 * (FieldError.code) back to the originator: add codes, never rename them.
 */
export const VALIDATION_CODES = [
  // A field the alert needs is empty (proto3: missing and default look alike).
  "REQUIRED",
  // An enum value outside its code list (UNRECOGNIZED, a number the schema does not know, or
  // an *_UNSPECIFIED inside a list).
  "INVALID_CODE",
  // Not a UUIDv7 (header.alertId, header.links[].alertId).
  "INVALID_ALERT_ID",
  // header.version below 1.
  "INVALID_VERSION",
  // Not a party id (originator, permitted recipients, third-party consent).
  "INVALID_PARTY",
  // A time after the moment it could have happened (created_at ahead of the clock, a date of
  // birth after the alert, a capture after the alert).
  "IN_FUTURE",
  // Not a well-formed BCP 47 language tag.
  "INVALID_LANGUAGE",
  // A minor without a minor's age band (0_12, 13_15, 16_17).
  "MINOR_WITHOUT_AGE_BAND",
  // A minor's age band on a person not marked minor.
  "AGE_BAND_IMPLIES_MINOR",
  // Date of birth contradicts the age band or the minor flag at the alert's creation.
  "AGE_INCONSISTENT",
  // An entity ref that does not match REF_PATTERN.
  "INVALID_REF",
  // An entity ref used twice in the alert (refs are unique across all entity lists).
  "DUPLICATE_REF",
  // A pointer (location_refs, holder_ref, vehicle_ref...) to no entity of the right list.
  "UNKNOWN_REF",
  // Not an ISO 3166-1 alpha-2 country code.
  "INVALID_COUNTRY",
  // Not an ISO 8601 calendar date (YYYY, YYYY-MM or YYYY-MM-DD) that exists.
  "INVALID_DATE",
  // Two times in the wrong order (departure after arrival, respond_by before creation).
  "DATE_ORDER",
  // Not an absolute http(s) URL.
  "INVALID_URL",
  // An IBAN that fails its country format or its ISO 7064 mod-97 check.
  "INVALID_IBAN",
  // An online identifier that does not look like its kind (e-mail, phone number, IP address).
  "INVALID_IDENTIFIER",
  // Latitude outside [-90, 90] or longitude outside [-180, 180].
  "INVALID_COORDINATES",
  // capture_sha256 that is not 64 hex digits.
  "INVALID_DIGEST",
  // An alert linked to itself.
  "SELF_LINK",
  // The same value twice in a list that is a set (purposes, forms, nationalities...).
  "DUPLICATE",
  // A field that only means something with another value (restrictions without H3,
  // permitted recipients without H2/H3): refused so nobody trusts a restriction not enforced.
  "NOT_APPLICABLE",
  // A text longer than its limit.
  "TOO_LONG",
  // A list longer than its limit.
  "TOO_MANY",
] as const;

export type ValidationCode = (typeof VALIDATION_CODES)[number];

/** One problem with one field of an alert, by its proto3 JSON path ("persons[1].ageBand"). */
export interface ValidationIssue {
  readonly path: string;
  readonly code: ValidationCode;
  readonly message: string;
}

/** Collects issues; paths are built by the caller in proto3 JSON form. */
export class Issues {
  readonly list: ValidationIssue[] = [];
  add(path: string, code: ValidationCode, message: string): void {
    this.list.push({ path, code, message });
  }
}
