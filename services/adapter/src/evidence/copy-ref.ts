import type { AlertRef } from "@ariadne/audit";
import type { OpenedCopy } from "@ariadne/envelope";
import type { CopyRecord } from "../state/copy-index.ts";

/** The alert a copy belongs to and who gets evidence about it: ids and digest, no content. */
export interface CopyRef extends AlertRef {
  readonly copyId: string;
  /** The agency the copy was for. */
  readonly recipient: string;
}

export function copyRefOfOpened(opened: OpenedCopy): CopyRef {
  const a = opened.attestation;
  return {
    copyId: a.copyId,
    alertId: a.alertId,
    version: a.version,
    originator: a.originator,
    recipient: a.recipient,
    manifestDigest: opened.manifestDigest,
  };
}

export function copyRefOfRecord(record: CopyRecord): CopyRef {
  return {
    copyId: record.copyId,
    alertId: record.alertId,
    version: record.version,
    originator: record.originator,
    recipient: record.recipient,
    manifestDigest: Uint8Array.from(Buffer.from(record.manifestDigest, "hex")),
  };
}
