import { MAX_MESSAGE_BYTES } from "@ariadne/bus";

/** How the router consumes and retries (main.ts fills it from ARIADNE_ROUTER_* variables). */
export interface RouterOptions {
  /** Intake messages handled at once by this process. */
  readonly concurrency: number;
  /** Deliveries before a message that keeps failing is dead-lettered to ariadne.dlq.router. */
  readonly maxDeliveries: number;
  /** JetStream ack wait: how long a message may be in hand before another router gets it. */
  readonly ackWaitMs: number;
  /** Redelivery delay after a retry (nak), growing with the delivery count. */
  readonly backoff: { readonly baseMs: number; readonly maxMs: number };
  /** Delay between audit appends while the log is unavailable (the message is held meanwhile). */
  readonly auditRetry: { readonly baseMs: number; readonly maxMs: number };
  /** Largest intake message accepted, checked before anything is decoded. */
  readonly maxEnvelopeBytes: number;
}

export const DEFAULT_ROUTER_OPTIONS: RouterOptions = {
  concurrency: 16,
  maxDeliveries: 5,
  ackWaitMs: 30_000,
  backoff: { baseMs: 500, maxMs: 30_000 },
  auditRetry: { baseMs: 250, maxMs: 5_000 },
  maxEnvelopeBytes: MAX_MESSAGE_BYTES,
};
