import { type Envelope, RoutingAttestation } from "@ariadne/contracts";
import { equalBytes, sha256, toHex } from "../bytes.ts";
import { EnvelopeError } from "../errors.ts";
import { MESSAGE_TYPES } from "../message-types.ts";
import type { Verified, Verifier } from "../verify.ts";
import { copyIdOf } from "./attest.ts";
import { checkSortedDigests } from "./manifest.ts";
import { type OpenedAlert, openVerified } from "./open.ts";

/** A recipient's verified copy: the originator's fields it may see, and the router's statement. */
export interface OpenedCopy extends OpenedAlert {
  readonly attestation: RoutingAttestation;
  /** The router's signature, as verified. */
  readonly router: Verified;
}

export interface OpenCopyOptions {
  /** Who is opening: the attestation must name this recipient. */
  readonly recipient: string;
  /** Replay window for the router's signature (the originator's may be older: the router vouches). */
  readonly maxAgeMs?: number;
  readonly now?: Date;
}

function decodeAttestation(payload: Uint8Array): RoutingAttestation {
  try {
    return RoutingAttestation.decode(payload);
  } catch {
    throw new EnvelopeError("MALFORMED", "attestation does not decode");
  }
}

/** The copy's disclosures must be exactly the attested ones: none added, none missing, none twice. */
function checkAttestedSet(disclosures: readonly Uint8Array[], attested: readonly Uint8Array[]): void {
  const expected = new Set(attested.map(toHex));
  const seen = new Set<string>();
  for (const d of disclosures) {
    const hex = toHex(sha256(d));
    if (seen.has(hex)) throw new EnvelopeError("DISCLOSURE_DUPLICATE", "a disclosure occurs twice");
    seen.add(hex);
    if (!expected.has(hex)) throw new EnvelopeError("DISCLOSURE_NOT_ATTESTED", "disclosure not in the attestation");
  }
  if (seen.size !== expected.size)
    throw new EnvelopeError("DISCLOSURE_NOT_ATTESTED", "an attested disclosure is missing");
}

/**
 * Opens a routed copy as its recipient: the router's attestation, then the originator's
 * manifest it names, then the disclosures against both. Checks in docs/envelope-format.md order.
 */
export function openRoutedCopy(input: Uint8Array | Envelope, verifier: Verifier, opts: OpenCopyOptions): OpenedCopy {
  const outer = input instanceof Uint8Array ? verifier.decode(input) : input;
  const router = verifier.verifyEnvelope(outer, {
    type: MESSAGE_TYPES.RoutingAttestation,
    ...(opts.maxAgeMs !== undefined ? { maxAgeMs: opts.maxAgeMs } : {}),
    ...(opts.now !== undefined ? { now: opts.now } : {}),
  });
  const attestation = decodeAttestation(router.payload);
  if (attestation.recipient !== opts.recipient)
    throw new EnvelopeError("RECIPIENT_MISMATCH", "copy is for another recipient");
  const subject: Envelope | undefined = outer.subject;
  if (!subject) throw new EnvelopeError("MALFORMED", "attestation without its subject");
  if (!equalBytes(attestation.manifestDigest, sha256(subject.payload))) {
    throw new EnvelopeError("ATTESTATION_MISMATCH", "attestation names another manifest");
  }
  // The router vouches for the copy now; the originator signed earlier, so no replay window here.
  const originator = verifier.verifyEnvelope(subject, {
    type: MESSAGE_TYPES.AlertManifest,
    party: attestation.originator,
    maxAgeMs: Number.POSITIVE_INFINITY,
    ...(opts.now !== undefined ? { now: opts.now } : {}),
  });
  if (!checkSortedDigests(attestation.disclosedDigests)) {
    throw new EnvelopeError("ATTESTATION_MISMATCH", "attested digests not sorted and unique");
  }
  checkAttestedSet(subject.disclosures, attestation.disclosedDigests);
  const opened = openVerified(originator, subject.disclosures);
  const m = opened.manifest;
  if (
    m.alertId !== attestation.alertId ||
    m.version !== attestation.version ||
    attestation.copyId !== copyIdOf(m.alertId, m.version, attestation.recipient) ||
    attestation.withheldCount !== opened.withheldCount
  ) {
    throw new EnvelopeError("ATTESTATION_MISMATCH", "attestation identity or counts disagree with the manifest");
  }
  return { ...opened, attestation, router };
}
