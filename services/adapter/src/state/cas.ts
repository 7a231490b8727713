import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";

/** A KV create or update refused because the key moved on (compare-and-set lost). */
export function isCasConflict(err: unknown): boolean {
  return (
    err instanceof JetStreamApiError &&
    (err.code === JetStreamApiCodes.StreamWrongLastSequence ||
      err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}
