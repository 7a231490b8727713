/**
 * Why the adapter or its feed refused or failed. Codes are stable: they cross NATS (feed frames,
 * receipts, dead-letter headers) and tests assert them; messages carry no personal data.
 */
export type AdapterErrorCode =
  /** The adapter's state bucket (copy index, events cursor) cannot be read or written. */
  | "STATE_UNAVAILABLE"
  /** A state record is not what this adapter wrote (corrupt or foreign). */
  | "STATE_CORRUPT";

export class AdapterError extends Error {
  override readonly name = "AdapterError";
  constructor(
    readonly code: AdapterErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Refusals and failures of a liaison-officer feed, on both sides of ariadne.feed.<agency>. */
export const FEED_ERROR_CODES = [
  /** The request does not decode, or misses a field it needs. */
  "REQUEST_MALFORMED",
  /** The request's signature does not verify (bad key, revoked, replayed time...). */
  "REQUEST_UNVERIFIED",
  /** The signer is not an officer, or not the officer the request names. */
  "NOT_AN_OFFICER",
  /** The officer belongs to another agency than the feed's. */
  "WRONG_AGENCY",
  /** The frames would go elsewhere than the officer's own inbox. */
  "REPLY_SUBJECT_MISMATCH",
  /** This request id was seen before. */
  "REQUEST_REPLAYED",
  /** The feed service runs as many feeds as it may. */
  "TOO_MANY_FEEDS",
  /** The audit log did not confirm the consultation: nothing is shown (fail closed). */
  "AUDIT_UNAVAILABLE",
  /** The stream could not be read. */
  "STREAM_UNAVAILABLE",
  /** No feed service answered. */
  "FEED_UNAVAILABLE",
  /** Frames were lost on the way (a gap in the sequence): reopen from the last item. */
  "FEED_INTERRUPTED",
  /** A frame did not verify as the agency adapter's. */
  "FRAME_INVALID",
  /** The officer stopped renewing the feed. */
  "LEASE_EXPIRED",
  /** The officer closed the feed. */
  "CLOSED",
  /** The feed service is shutting down. */
  "SERVICE_STOPPING",
] as const;
export type FeedErrorCode = (typeof FEED_ERROR_CODES)[number];

export function isFeedErrorCode(value: string): value is FeedErrorCode {
  return (FEED_ERROR_CODES as readonly string[]).includes(value);
}

export class FeedError extends Error {
  override readonly name = "FeedError";
  constructor(
    readonly code: FeedErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
