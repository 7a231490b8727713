import { Receipt, Receipt_Evidence } from "@ariadne/contracts";
import { encodeEnvelope, MESSAGE_TYPES, type OpenedAlert, type Signer } from "@ariadne/envelope";
import { acceptanceIds } from "./ids.ts";

/**
 * The submission acceptance sent to the originator once every copy is stored: which recipients
 * got a copy (possibly none). Its id and dedup id depend on the alert version only, so a
 * redelivered input yields one receipt.
 */
export function buildAcceptanceReceipt(
  opened: OpenedAlert,
  recipients: readonly string[],
  issuer: string,
  issuedAt: Date,
  manifestDigestHex: string,
): { receipt: Receipt; msgId: string } {
  const { alertId, version, originator } = opened.manifest;
  const { receiptId, msgId } = acceptanceIds(alertId, version, manifestDigestHex);
  const receipt = Receipt.fromPartial({
    receiptId,
    alertId,
    version,
    originator,
    issuer,
    evidence: Receipt_Evidence.EVIDENCE_SUBMISSION_ACCEPTANCE,
    issuedAt,
    manifestDigest: Uint8Array.from(opened.manifestDigest),
    recipients: [...recipients],
  });
  return { receipt, msgId };
}

export function signReceipt(receipt: Receipt, router: Signer): Uint8Array {
  return encodeEnvelope(router.sign(MESSAGE_TYPES.Receipt, Receipt.encode(receipt).finish()));
}
