/**
 * Why a mapping or a channel exchange failed. Codes are stable and cross NATS, receipts and
 * audit events; messages are for people and never carry personal data.
 */
export type AgencyErrorCode =
  /** The delivery metadata (ids, handling code, purposes, routing time) is malformed. */
  | "INVALID_METADATA"
  /** The copy's header names another alert, version or originator than the metadata. */
  | "COPY_MISMATCH"
  /** The copy id names another recipient than the channel being mapped to. */
  | "WRONG_RECIPIENT"
  /** A code (enum value) the channel's vocabulary has no term for, e.g. from a newer contract. */
  | "UNMAPPABLE_CODE"
  /** The mapped message does not satisfy the channel's own schema. */
  | "CHANNEL_SCHEMA_VIOLATION"
  /** The channel answered 5xx, refused the connection or reset it: try again later. */
  | "CHANNEL_UNAVAILABLE"
  /** The channel did not answer in time: try again later (the key makes a repeat safe). */
  | "CHANNEL_TIMEOUT"
  /** The channel refused the message (4xx): a repeat would be refused too. */
  | "CHANNEL_REJECTED"
  /** The channel answered something that is not its protocol. */
  | "CHANNEL_PROTOCOL_ERROR";

const RETRYABLE: ReadonlySet<AgencyErrorCode> = new Set([
  "CHANNEL_UNAVAILABLE",
  "CHANNEL_TIMEOUT",
  "CHANNEL_PROTOCOL_ERROR",
]);

export interface AgencyErrorDetails {
  /** HTTP status the channel answered with, when it answered. */
  readonly status?: number;
  /** The channel's own error code (see ChannelErrorCode), when it sent one. */
  readonly channelCode?: string;
  /** Paths (never values) of the fields at fault. */
  readonly paths?: readonly string[];
  readonly cause?: unknown;
}

export class AgencyError extends Error {
  override readonly name = "AgencyError";
  readonly status: number | undefined;
  readonly channelCode: string | undefined;
  readonly paths: readonly string[];

  constructor(
    readonly code: AgencyErrorCode,
    message: string,
    details: AgencyErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.channelCode = details.channelCode;
    this.paths = details.paths ?? [];
  }

  /** Whether delivering the same message again (same idempotency key) may succeed. */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}
