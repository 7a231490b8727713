import { randomBytes } from "node:crypto";
import { AlertManifest, AlertManifest_DigestAlgorithm, CaseAlert, type Envelope } from "@ariadne/contracts";
import { compareBytes, sha256 } from "../bytes.ts";
import { EnvelopeError } from "../errors.ts";
import { MESSAGE_TYPES } from "../message-types.ts";
import type { Signer } from "../signer.ts";
import { encodeDisclosure, SALT_BYTES } from "./codec.ts";
import { splitAlert } from "./split.ts";

/** The content type a manifest names: what its disclosures rebuild. */
export const CASE_ALERT_TYPE = "ariadne.v1.CaseAlert";

export interface SealOptions {
  readonly now?: Date;
  /** Source of salts (tests); default node:crypto randomBytes. */
  readonly randomBytes?: (size: number) => Uint8Array;
}

/**
 * Seals an alert for publication: encodes it once, cuts the bytes into disclosure units, salts
 * and encodes each unit as a Disclosure, and signs a manifest of their SHA-256 digests (sorted,
 * so the order reveals nothing). The envelope carries every disclosure, in schema order.
 */
export function sealAlert(alert: CaseAlert, signer: Signer, opts: SealOptions = {}): Envelope {
  const header = alert.header;
  if (!header || header.alertId === "" || header.version < 1) {
    throw new EnvelopeError("ALERT_INVALID", "alert lacks its id or version");
  }
  if (header.originator !== signer.party) {
    throw new EnvelopeError("ALERT_INVALID", "the alert names another originator than the signer");
  }
  const units = splitAlert(CaseAlert.encode(alert).finish());
  const salts = (opts.randomBytes ?? randomBytes)(SALT_BYTES * units.length);
  const disclosures = units.map((u, i) =>
    encodeDisclosure(salts.subarray(i * SALT_BYTES, (i + 1) * SALT_BYTES), u.path, u.value),
  );
  const manifest: AlertManifest = {
    alertId: header.alertId,
    version: header.version,
    originator: header.originator,
    createdAt: header.createdAt,
    contentType: CASE_ALERT_TYPE,
    digestAlgorithm: AlertManifest_DigestAlgorithm.DIGEST_ALGORITHM_SHA256,
    digests: disclosures.map(sha256).sort(compareBytes),
  };
  const payload = AlertManifest.encode(manifest).finish();
  return { ...signer.sign(MESSAGE_TYPES.AlertManifest, payload, opts), disclosures };
}
