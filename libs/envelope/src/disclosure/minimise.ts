import type { Envelope } from "@ariadne/contracts";
import { decodeDisclosure } from "./codec.ts";

/**
 * A recipient's copy: the same signed manifest (payload and signature untouched) with only the
 * disclosures whose path is allowed. Expects an envelope already opened with openAlert.
 */
export function minimise(envelope: Envelope, allowedPaths: Iterable<string>): Envelope {
  const allowed = new Set(allowedPaths);
  return {
    payload: envelope.payload,
    signature: envelope.signature,
    disclosures: envelope.disclosures.filter((d) => allowed.has(decodeDisclosure(d).path)),
    subject: undefined,
  };
}
