import type { FieldIssue } from "@ariadne/contracts";
import { EnvelopeError, isEnvelopeError, type OpenedAlert, openAlert, type Verifier } from "@ariadne/envelope";
import { PolicyError, validateAlert } from "@ariadne/policy";

/** One message as it came off the INTAKE stream. */
export interface IntakeMessage {
  /** The publisher the intake subject names (ariadne.intake.<ncp>): the signer must be it. */
  readonly publisher: string;
  readonly data: Uint8Array;
  /**
   * When JetStream stored the message. The replay window and "not in the future" are measured
   * against it, not against the router's clock: a message that waited in the stream (router
   * down, audit log down) was fresh when it arrived and stays routable, and a redelivery is
   * judged exactly like the first delivery.
   */
  readonly storedAt: Date;
}

/** Why the router refuses an input: the stable code of the library that found the fault. */
export type RejectionCode = EnvelopeError["code"] | "VALIDATION_FAILED";

export interface Refusal {
  readonly code: RejectionCode;
  /** Every bad field (validation only), paths and codes, never alert content. */
  readonly fields: readonly FieldIssue[];
}

/**
 * Size first (before any decoding), then the envelope: decode, signature, key, role, the
 * subject's party, replay window, and every disclosure against the manifest. Anything this
 * pure step throws is the input's fault: a library bug surfacing as a plain Error is refused
 * as MALFORMED rather than retried for ever.
 */
export function openIntake(msg: IntakeMessage, verifier: Verifier, maxEnvelopeBytes: number): OpenedAlert {
  if (msg.data.length > maxEnvelopeBytes) {
    throw new EnvelopeError("TOO_LARGE", `intake message of ${msg.data.length} bytes exceeds ${maxEnvelopeBytes}`);
  }
  try {
    return openAlert(msg.data, verifier, { party: msg.publisher, now: msg.storedAt });
  } catch (err) {
    if (isEnvelopeError(err)) throw err;
    throw new EnvelopeError("MALFORMED", "intake message could not be opened", { cause: err });
  }
}

/** The alert's own rules (validateAlert): one PolicyError VALIDATION_FAILED listing every issue. */
export function checkAlert(opened: OpenedAlert, storedAt: Date): void {
  const issues = validateAlert(opened.alert, { now: storedAt });
  if (issues.length > 0) {
    throw new PolicyError("VALIDATION_FAILED", `invalid alert: ${issues.length} issue(s)`, issues);
  }
}

/** The refusal an error stands for, or undefined when it is not the input's fault (retry). */
export function refusalOf(err: unknown): Refusal | undefined {
  if (isEnvelopeError(err)) return { code: err.code, fields: [] };
  if (err instanceof PolicyError && err.code === "VALIDATION_FAILED") return { code: err.code, fields: err.fields };
  return undefined;
}
