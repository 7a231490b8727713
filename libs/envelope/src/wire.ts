import { BinaryReader, BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

/** One occurrence of a field in a Protobuf message, located in the message's bytes. */
export interface WireField {
  readonly no: number;
  readonly wireType: WireType;
  /** The whole occurrence: tag, length prefix (if any) and value. */
  readonly raw: Uint8Array;
  /** For length-delimited fields, the bytes after the length prefix; else the value bytes. */
  readonly value: Uint8Array;
}

export class WireFormatError extends Error {
  override readonly name = "WireFormatError";
}

/**
 * Splits a message into its field occurrences without decoding them, so that signed bytes can
 * be cut and reassembled but never re-encoded. Groups (wire types 3, 4) are proto2 only and
 * refused; so is anything that runs past the end.
 */
export function scanFields(bytes: Uint8Array): WireField[] {
  const reader = new BinaryReader(bytes);
  const out: WireField[] = [];
  try {
    while (reader.pos < reader.len) {
      const start = reader.pos;
      const [no, wireType] = reader.tag();
      let valueStart = reader.pos;
      switch (wireType) {
        case WireType.Varint:
          reader.skip(wireType, no);
          if (reader.pos - valueStart > 10) throw new WireFormatError("varint longer than 10 bytes");
          break;
        case WireType.Bit64:
        case WireType.Bit32:
          reader.skip(wireType, no);
          break;
        case WireType.LengthDelimited: {
          const len = reader.uint32();
          valueStart = reader.pos;
          reader.pos += len;
          if (reader.pos > reader.len) throw new WireFormatError("length runs past the end");
          break;
        }
        default:
          throw new WireFormatError(`wire type ${wireType} not allowed`);
      }
      out.push({
        no,
        wireType,
        raw: bytes.subarray(start, reader.pos),
        value: bytes.subarray(valueStart, reader.pos),
      });
    }
  } catch (err) {
    if (err instanceof WireFormatError) throw err;
    throw new WireFormatError("truncated or invalid wire bytes", { cause: err });
  }
  return out;
}

/** Concatenates byte strings (occurrences of fields) into one message body. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

/** Encodes one length-delimited field around already-encoded bytes. */
export function lengthDelimited(no: number, body: Uint8Array): Uint8Array {
  return new BinaryWriter().tag(no, WireType.LengthDelimited).bytes(body).finish();
}

export { WireType };
