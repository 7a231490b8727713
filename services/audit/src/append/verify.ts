import { AuditError, decodeAuditEvent } from "@ariadne/audit";
import { AppendRequest } from "@ariadne/contracts";
import { isEnvelopeError, MESSAGE_TYPES, type Verifier } from "@ariadne/envelope";
import type { AppendRefusalCode } from "../errors.ts";
import type { VerifiedEvent } from "./writer.ts";

export interface VerifyOptions {
  readonly maxEvents: number;
  /** How old an event's signature may be (emitters hold sealed events while the log is down). */
  readonly maxAgeMs: number;
}

export type VerifiedRequest =
  | { readonly ok: true; readonly events: VerifiedEvent[] }
  | { readonly ok: false; readonly code: AppendRefusalCode; readonly position?: number };

function refusalCode(err: unknown): AppendRefusalCode {
  if (isEnvelopeError(err)) return err.code;
  if (err instanceof AuditError && (err.code === "PERSONAL_DATA_RISK" || err.code === "INVALID_EVENT")) return err.code;
  return "MALFORMED";
}

/**
 * Checks an append request before anything of it is logged: each event envelope verifies
 * (registry key, role that may sign audit events, exact bytes), decodes as an AuditEvent that
 * passes the personal-data guard, and names its signer as actor. One bad event refuses all.
 */
export function verifyAppendRequest(data: Uint8Array, verifier: Verifier, opts: VerifyOptions): VerifiedRequest {
  let request: AppendRequest;
  try {
    request = AppendRequest.decode(data);
  } catch {
    return { ok: false, code: "MALFORMED" };
  }
  if (request.events.length === 0 || request.events.length > opts.maxEvents) return { ok: false, code: "REQUEST_SIZE" };
  const events: VerifiedEvent[] = [];
  for (const [position, bytes] of request.events.entries()) {
    try {
      const verified = verifier.verify(bytes, { type: MESSAGE_TYPES.AuditEvent, maxAgeMs: opts.maxAgeMs });
      const event = decodeAuditEvent(verified.payload);
      if (event.actor !== verified.party) return { ok: false, code: "SIGNER_MISMATCH", position };
      // A copy: the request buffer belongs to the NATS client, the event waits in the queue.
      events.push({ bytes: Uint8Array.from(bytes), event });
    } catch (err) {
      return { ok: false, code: refusalCode(err), position };
    }
  }
  return { ok: true, events };
}
