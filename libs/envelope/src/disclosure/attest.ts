import { AlertManifest, type Envelope, type HandlingCode, type Purpose, RoutingAttestation } from "@ariadne/contracts";
import { compareBytes, sha256 } from "../bytes.ts";
import { EnvelopeError } from "../errors.ts";
import { MESSAGE_TYPES } from "../message-types.ts";
import type { Signer } from "../signer.ts";

/** What the router states about one copy, besides what it derives from the copy itself. */
export interface AttestationFields {
  readonly recipient: string;
  /** SHA-256 (hex) of the mandates file that decided. */
  readonly policyVersion: string;
  readonly ruleIds: readonly string[];
  readonly handlingCode: HandlingCode;
  readonly handlingNotice?: string;
  readonly legalBasis: string;
  readonly purposes: readonly Purpose[];
  /** Default: now. */
  readonly routedAt?: Date;
}

/** The stable id of a copy, also its JetStream dedup id: "<alertId>.<version>.<recipient>". */
export function copyIdOf(alertId: string, version: number, recipient: string): string {
  return `${alertId}.${version}.${recipient}`;
}

/**
 * Wraps a minimised copy in a router-signed RoutingAttestation that binds the originator's
 * manifest (by digest) to exactly the disclosures in the copy. Counts and digests are derived
 * from the copy, never taken from the caller, so the statement cannot disagree with the copy.
 */
export function attest(copy: Envelope, fields: AttestationFields, router: Signer): Envelope {
  let manifest: AlertManifest;
  try {
    manifest = AlertManifest.decode(copy.payload);
  } catch {
    throw new EnvelopeError("MANIFEST_INVALID", "copy payload is not a manifest");
  }
  const routedAt = fields.routedAt ?? new Date();
  const attestation: RoutingAttestation = {
    alertId: manifest.alertId,
    version: manifest.version,
    originator: manifest.originator,
    recipient: fields.recipient,
    manifestDigest: sha256(copy.payload),
    disclosedDigests: copy.disclosures.map(sha256).sort(compareBytes),
    withheldCount: manifest.digests.length - copy.disclosures.length,
    policyVersion: fields.policyVersion,
    ruleIds: [...fields.ruleIds],
    handlingCode: fields.handlingCode,
    handlingNotice: fields.handlingNotice ?? "",
    legalBasis: fields.legalBasis,
    purposes: [...fields.purposes],
    routedAt,
    copyId: copyIdOf(manifest.alertId, manifest.version, fields.recipient),
  };
  const payload = RoutingAttestation.encode(attestation).finish();
  const subject: Envelope = { ...copy, subject: undefined };
  return { ...router.sign(MESSAGE_TYPES.RoutingAttestation, payload, { now: routedAt }), subject };
}
