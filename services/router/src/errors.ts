/**
 * The router's own failures, as stable codes. Input faults are not here: they keep the code of
 * the library that found them (EnvelopeError, PolicyError) and go back in a RejectionNotice.
 * These codes say why a message was retried or dead-lettered (Ariadne-Error-Code, metrics).
 */
export const ROUTER_ERROR_CODES = [
  /** The intake subject names no valid party: there is nobody to send a notice to. */
  "INTAKE_SUBJECT_INVALID",
  /** JetStream did not confirm storing a copy, receipt or notice: the input is retried. */
  "PUBLISH_FAILED",
  /** The replay guard's bucket could not be read or written: the input is retried. */
  "REPLAY_GUARD_UNAVAILABLE",
  /** A built copy does not hold exactly the units its decision allows: never published. */
  "COPY_MISMATCH",
  /** The router is stopping: a message waiting for the audit log goes back to the stream. */
  "STOPPING",
] as const;

export type RouterErrorCode = (typeof ROUTER_ERROR_CODES)[number];

export class RouterError extends Error {
  override readonly name = "RouterError";
  constructor(
    readonly code: RouterErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
