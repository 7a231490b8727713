import { Disclosure } from "@ariadne/contracts";
import { decodeUtf8 } from "../bytes.ts";
import { EnvelopeError } from "../errors.ts";
import { scanFields, WireFormatError, WireType } from "../wire.ts";

/** Salt length: 128 bits, so a withheld unit cannot be guessed from its digest. */
export const SALT_BYTES = 16;

export function encodeDisclosure(salt: Uint8Array, path: string, value: Uint8Array): Uint8Array {
  return Disclosure.encode({ salt, path, value }).finish();
}

/**
 * Strict decoding of a Disclosure: fields 1 (salt, 16 bytes), 2 (path, UTF-8) and 3 (value,
 * non-empty) exactly once each, nothing else. Called only on bytes whose digest the originator
 * signed, so this guards against an originator's bug, not a forger.
 */
export function decodeDisclosure(bytes: Uint8Array): Disclosure {
  let salt: Uint8Array | undefined;
  let path: string | undefined;
  let value: Uint8Array | undefined;
  try {
    for (const f of scanFields(bytes)) {
      if (f.wireType !== WireType.LengthDelimited) throw new WireFormatError("wire type");
      if (f.no === 1 && salt === undefined) salt = f.value;
      else if (f.no === 2 && path === undefined) path = decodeUtf8(f.value) ?? "";
      else if (f.no === 3 && value === undefined) value = f.value;
      else throw new WireFormatError(`field ${f.no}`);
    }
  } catch (err) {
    if (err instanceof WireFormatError) throw new EnvelopeError("DISCLOSURE_MALFORMED", "disclosure does not parse");
    throw err;
  }
  if (salt?.length !== SALT_BYTES || !path || !value || value.length === 0) {
    throw new EnvelopeError("DISCLOSURE_MALFORMED", "disclosure lacks salt, path or value");
  }
  return { salt, path, value };
}
