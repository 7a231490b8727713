/**
 * Stable codes of every failure in @ariadne/audit. Codes, never messages, cross process
 * boundaries and are what tests assert.
 */
export type AuditErrorCode =
  /** A size or index outside the tree, or a negative / non-integer number. */
  | "OUT_OF_RANGE"
  /** An inclusion or consistency proof that does not prove what it claims. */
  | "PROOF_INVALID"
  /** Bytes that do not decode as the message they claim to be. */
  | "MALFORMED"
  /** A log entry that does not continue the log (wrong index or previous leaf hash). */
  | "CHAIN_BROKEN"
  /** An audit event field that could carry personal data or free text. */
  | "PERSONAL_DATA_RISK"
  /** An audit event missing what its operation requires, or with a malformed id or digest. */
  | "INVALID_EVENT"
  /** Export inputs that disagree with each other (leaf vs tree, checkpoint vs range). */
  | "EXPORT_MISMATCH"
  /** The audit service did not answer in time (down, or no responder): nothing was logged. */
  | "AUDIT_UNAVAILABLE"
  /** The audit service refused the events (see refusedCode): nothing was logged. */
  | "APPEND_REFUSED";

export class AuditError extends Error {
  override readonly name = "AuditError";
  /** With APPEND_REFUSED: the audit service's own code (e.g. SIGNATURE_INVALID). */
  readonly refusedCode?: string;
  constructor(
    readonly code: AuditErrorCode,
    message: string,
    options?: { cause?: unknown; refusedCode?: string },
  ) {
    super(message, options);
    if (options?.refusedCode !== undefined) this.refusedCode = options.refusedCode;
  }
}
