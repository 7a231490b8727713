import { QUERY_ERROR_STATUS, type QueryErrorCode } from "../errors.ts";

/** What a query client can fail with: the service's codes, plus no answer and an answer that does not check out. */
export type AuditQueryErrorCode =
  | QueryErrorCode
  /** No audit service answered in time (none running, or the request timed out). */
  | "UNAVAILABLE"
  /** The reply does not decode, or a signature or leaf in it does not verify. */
  | "INVALID_REPLY";

const SERVICE_CODES: ReadonlySet<string> = new Set(Object.keys(QUERY_ERROR_STATUS));

export function isServiceCode(code: string): code is QueryErrorCode {
  return SERVICE_CODES.has(code);
}

export class AuditQueryError extends Error {
  override readonly name = "AuditQueryError";
  constructor(
    readonly code: AuditQueryErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
