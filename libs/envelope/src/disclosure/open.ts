import type { AlertManifest, CaseAlert, Envelope } from "@ariadne/contracts";
import { sha256 } from "../bytes.ts";
import { MESSAGE_TYPES } from "../message-types.ts";
import type { Verified, Verifier } from "../verify.ts";
import { type CheckedDisclosure, checkDisclosures } from "./check.ts";
import { checkManifest } from "./manifest.ts";
import { rebuildAlert } from "./rebuild.ts";

/** A verified alert (or the part of it this holder may see). */
export interface OpenedAlert {
  /** The originator's envelope as decoded (what minimise() takes); in a routed copy, its subject. */
  readonly envelope: Envelope;
  readonly alert: CaseAlert;
  readonly manifest: AlertManifest;
  /** SHA-256 of the manifest payload bytes: the alert's identity in attestations, receipts, audit. */
  readonly manifestDigest: Uint8Array;
  /** The originator's signature, as verified. */
  readonly signer: Verified;
  /** Disclosed unit paths, in envelope order. */
  readonly paths: readonly string[];
  /** Digest of each disclosed unit, by path. */
  readonly digests: ReadonlyMap<string, Uint8Array>;
  /** Units the manifest lists that this envelope does not disclose. */
  readonly withheldCount: number;
}

export interface OpenOptions {
  /** The party the intake subject names: the originator must be it. */
  readonly party?: string;
  readonly maxAgeMs?: number;
  readonly now?: Date;
}

/** Opens a manifest envelope whose signature is verified: manifest, disclosures, rebuild. */
export function openVerified(verified: Verified, disclosures: readonly Uint8Array[]): OpenedAlert {
  const { manifest, digests } = checkManifest(verified);
  const checked: CheckedDisclosure[] = checkDisclosures(disclosures, digests);
  return {
    envelope: verified.envelope,
    alert: rebuildAlert(manifest, checked),
    manifest,
    manifestDigest: sha256(verified.payload),
    signer: verified,
    paths: checked.map((d) => d.path),
    digests: new Map(checked.map((d) => [d.path, d.digest])),
    withheldCount: manifest.digests.length - checked.length,
  };
}

/**
 * Verifies an originator's sealed alert (as the router receives it at intake) and rebuilds it.
 * Any subset of the manifest's disclosures opens; each one must be listed, once, well formed.
 */
export function openAlert(input: Uint8Array | Envelope, verifier: Verifier, opts: OpenOptions = {}): OpenedAlert {
  const envelope = input instanceof Uint8Array ? verifier.decode(input) : input;
  const verified = verifier.verifyEnvelope(envelope, { ...opts, type: MESSAGE_TYPES.AlertManifest });
  return openVerified(verified, envelope.disclosures);
}
