import { AlertManifest, AlertManifest_DigestAlgorithm } from "@ariadne/contracts";
import { compareBytes, toHex } from "../bytes.ts";
import { EnvelopeError } from "../errors.ts";
import type { Verified } from "../verify.ts";
import { CASE_ALERT_TYPE } from "./seal.ts";

export const DIGEST_BYTES = 32;

/** A manifest whose signature verified, decoded and checked; digests indexed by hex. */
export interface CheckedManifest {
  readonly manifest: AlertManifest;
  readonly digests: ReadonlySet<string>;
}

/** Digests must be SHA-256 sized and strictly ascending: sorted, and no digest twice. */
export function checkSortedDigests(digests: readonly Uint8Array[]): boolean {
  for (let i = 0; i < digests.length; i++) {
    const d = digests[i] as Uint8Array;
    if (d.length !== DIGEST_BYTES) return false;
    if (i > 0 && compareBytes(digests[i - 1] as Uint8Array, d) >= 0) return false;
  }
  return true;
}

/** Decodes the verified manifest payload and checks what the signature alone cannot. */
export function checkManifest(verified: Verified): CheckedManifest {
  let manifest: AlertManifest;
  try {
    manifest = AlertManifest.decode(verified.payload);
  } catch {
    throw new EnvelopeError("MANIFEST_INVALID", "manifest does not decode");
  }
  if (
    manifest.contentType !== CASE_ALERT_TYPE ||
    manifest.digestAlgorithm !== AlertManifest_DigestAlgorithm.DIGEST_ALGORITHM_SHA256 ||
    manifest.alertId === "" ||
    manifest.version < 1 ||
    !checkSortedDigests(manifest.digests)
  ) {
    throw new EnvelopeError("MANIFEST_INVALID", "manifest content type, algorithm, identity or digests invalid");
  }
  // An NCP signs only its own alerts: the originator inside must be the signer.
  if (manifest.originator !== verified.party) {
    throw new EnvelopeError("PARTY_MISMATCH", "manifest originator is not the signing party");
  }
  return { manifest, digests: new Set(manifest.digests.map(toHex)) };
}
