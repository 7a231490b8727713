export type ClientErrorCode =
  /** No acceptance or rejection arrived in time (router down, or audit log down: it fails closed). */
  | "OUTCOME_TIMEOUT"
  /** JetStream did not store the alert. */
  | "PUBLISH_FAILED"
  /** A returned message did not verify (never trusted, never shown as an outcome). */
  | "RETURN_INVALID";

export class ClientError extends Error {
  override readonly name = "ClientError";
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
