import type { FieldIssue } from "@ariadne/contracts";

/**
 * Every failure of this library, as a closed set of stable codes. Codes, never messages, cross
 * NATS and land in rejection notices and audit events: add codes, never rename them.
 */
export const POLICY_ERROR_CODES = [
  // The alert breaks one or more rules of validateAlert (the field list says which).
  "VALIDATION_FAILED",
  // The mandates file parses but is not a valid set of mandates (the field list says where).
  "MANDATES_INVALID",
  // The mandates file cannot be read, or is not YAML/JSON at all.
  "MANDATES_UNREADABLE",
] as const;

export type PolicyErrorCode = (typeof POLICY_ERROR_CODES)[number];

/** One problem found, by path: in the alert (proto3 JSON names) or in the mandates file. */
export type { FieldIssue };

export class PolicyError extends Error {
  override readonly name = "PolicyError";
  constructor(
    readonly code: PolicyErrorCode,
    message: string,
    /** Every bad field, so a sender can fix them all in one go. Never holds alert content. */
    readonly fields: readonly FieldIssue[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
