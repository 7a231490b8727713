import { ENVELOPE_ERROR_CODES } from "@ariadne/envelope";

/**
 * Codes with which the audit service refuses a whole append request (AppendReply.code): nothing
 * of the request is logged. The envelope library's verification codes pass through unchanged;
 * the others are the audit library's event checks and the service's own request checks.
 */
export const APPEND_REFUSAL_CODES = [
  ...ENVELOPE_ERROR_CODES,
  /** An event that could carry personal data (@ariadne/audit guard). */
  "PERSONAL_DATA_RISK",
  /** An event missing what its operation requires, or with a malformed id or digest. */
  "INVALID_EVENT",
  /** An event signed by a party other than the actor it names. */
  "SIGNER_MISMATCH",
  /** A request with no events, or more than the service takes in one request. */
  "REQUEST_SIZE",
] as const;
export type AppendRefusalCode = (typeof APPEND_REFUSAL_CODES)[number];

const REFUSAL_SET: ReadonlySet<string> = new Set(APPEND_REFUSAL_CODES);
export function isAppendRefusalCode(code: string): code is AppendRefusalCode {
  return REFUSAL_SET.has(code);
}

/**
 * The audit service's own failures. None of them is answered to an emitter: an append that
 * cannot be stored gets no reply (the emitter's AuditClient then fails closed with
 * AUDIT_UNAVAILABLE and retries; deterministic event ids make the retry safe).
 */
export const AUDIT_SERVICE_ERROR_CODES = [
  /** A stored leaf does not continue the log (bad bytes, index or link): the service will not write. */
  "LOG_CORRUPT",
  /** The stream holds fewer entries than the service or the latest checkpoint knows. */
  "LOG_TRUNCATED",
  /** The latest checkpoint does not verify, or is of another log. */
  "CHECKPOINT_INVALID",
  /** The rebuilt tree's root differs from the latest checkpoint's root for the same size. */
  "CHECKPOINT_MISMATCH",
  /** JetStream did not confirm (timeout, no stream, stream leader lost): nothing more was stored. */
  "LOG_UNAVAILABLE",
  /** Another writer kept appending first; the request was not stored after bounded retries. */
  "WRITE_CONFLICT",
  /** More events are waiting than the service buffers: new requests are not taken. */
  "OVERLOADED",
  /** The log is not loaded yet, or broken. */
  "NOT_READY",
  /** The service is stopping and takes no new work. */
  "STOPPING",
] as const;
export type AuditServiceErrorCode = (typeof AUDIT_SERVICE_ERROR_CODES)[number];

export class AuditServiceError extends Error {
  override readonly name = "AuditServiceError";
  constructor(
    readonly code: AuditServiceErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Codes of failed queries: Nats-Service-Error carries the code, Nats-Service-Error-Code an
 * HTTP-like status (the micro-service convention), Ariadne-Error-Code the code again.
 */
export const QUERY_ERROR_STATUS = {
  /** The request is not an AuditQuery, or not the endpoint's query, or a parameter is invalid. */
  BAD_REQUEST: 400,
  /** The request's signature does not verify against the trust registry. */
  UNAUTHENTICATED: 401,
  /** Signed, but by a party that is not the requester it names. */
  FORBIDDEN: 403,
  /** Nothing to answer (no checkpoint yet). */
  NOT_FOUND: 404,
  /** The request id was used before (a consultation is logged once). */
  REPLAY: 409,
  /** An index or a tree size outside the log. */
  OUT_OF_RANGE: 416,
  /** The service cannot answer now (log not loaded, stopping). */
  NOT_READY: 503,
  /** The consultation could not be logged: nothing is answered (fail closed). */
  AUDIT_UNAVAILABLE: 503,
  /** A fault of the service; its logs say which. */
  INTERNAL: 500,
} as const;
export type QueryErrorCode = keyof typeof QUERY_ERROR_STATUS;

export class QueryError extends Error {
  override readonly name = "QueryError";
  constructor(
    readonly code: QueryErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
