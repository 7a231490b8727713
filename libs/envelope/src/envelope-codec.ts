import { Envelope } from "@ariadne/contracts";
import { decodeUtf8 } from "./bytes.ts";
import { EnvelopeError } from "./errors.ts";
import { scanFields, WireFormatError, WireType } from "./wire.ts";

export type { Envelope };

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

function writeVarint(out: Buffer, pos: number, n: number): number {
  while (n >= 0x80) {
    out[pos++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  out[pos++] = n;
  return pos;
}

const fieldSize = (len: number) => 1 + varintSize(len) + len;

function encodedSize(e: Envelope, signatureLength: number): number {
  let size = e.payload.length > 0 ? fieldSize(e.payload.length) : 0;
  size += signatureLength > 0 ? fieldSize(signatureLength) : 0;
  for (const d of e.disclosures) size += fieldSize(d.length);
  if (e.subject) size += fieldSize(encodedSize(e.subject, Buffer.byteLength(e.subject.signature)));
  return size;
}

function writeField(out: Buffer, pos: number, tag: number, bytes: Uint8Array): number {
  out[pos] = tag;
  const start = writeVarint(out, pos + 1, bytes.length);
  out.set(bytes, start);
  return start + bytes.length;
}

function write(out: Buffer, pos: number, e: Envelope): number {
  let at = pos;
  if (e.payload.length > 0) at = writeField(out, at, 0x0a, e.payload);
  if (e.signature !== "") at = writeField(out, at, 0x12, Buffer.from(e.signature, "utf8"));
  for (const d of e.disclosures) at = writeField(out, at, 0x1a, d);
  if (e.subject) {
    out[at] = 0x22;
    at = writeVarint(out, at + 1, encodedSize(e.subject, Buffer.byteLength(e.subject.signature)));
    at = write(out, at, e.subject);
  }
  return at;
}

/**
 * Bytes of an envelope as it goes on NATS: the same bytes as the generated Envelope.encode
 * (fields in number order, defaults omitted; a test checks they agree), written into one
 * buffer of the exact size, because this runs once per signature on the hot path.
 */
export function encodeEnvelope(envelope: Envelope): Uint8Array {
  const out = Buffer.allocUnsafe(encodedSize(envelope, Buffer.byteLength(envelope.signature)));
  write(out, 0, envelope);
  return out;
}

/** The generated encoder, kept as the reference the fast one is tested against. */
export function encodeEnvelopeReference(envelope: Envelope): Uint8Array {
  return Envelope.encode(envelope).finish();
}

/**
 * Strict decoding of an Envelope: only its four fields, each length-delimited, singular ones
 * at most once, and a subject that carries no subject of its own. Generated decoders skip
 * unknown fields and let a repeated singular field win silently; here either is MALFORMED, so
 * a changed tag byte cannot make a disclosure vanish unnoticed. The result's byte fields are
 * views into `bytes` (no copies).
 */
export function decodeEnvelope(bytes: Uint8Array, depth = 0): Envelope {
  let fields: ReturnType<typeof scanFields>;
  try {
    fields = scanFields(bytes);
  } catch (err) {
    if (err instanceof WireFormatError) throw new EnvelopeError("MALFORMED", "envelope is not valid Protobuf");
    throw err;
  }
  let payload: Uint8Array | undefined;
  let signature: string | undefined;
  let subject: Envelope | undefined;
  const disclosures: Uint8Array[] = [];
  for (const f of fields) {
    if (f.wireType !== WireType.LengthDelimited)
      throw new EnvelopeError("MALFORMED", `envelope field ${f.no} wire type`);
    switch (f.no) {
      case 1:
        if (payload !== undefined) throw new EnvelopeError("MALFORMED", "envelope payload repeated");
        payload = f.value;
        break;
      case 2:
        if (signature !== undefined) throw new EnvelopeError("MALFORMED", "envelope signature repeated");
        signature = decodeUtf8(f.value);
        if (signature === undefined) throw new EnvelopeError("MALFORMED", "envelope signature is not UTF-8");
        break;
      case 3:
        disclosures.push(f.value);
        break;
      case 4:
        if (subject !== undefined || depth > 0) throw new EnvelopeError("MALFORMED", "envelope subject not allowed");
        subject = decodeEnvelope(f.value, depth + 1);
        break;
      default:
        throw new EnvelopeError("MALFORMED", `unknown envelope field ${f.no}`);
    }
  }
  return {
    payload: payload ?? new Uint8Array(0),
    signature: signature ?? "",
    disclosures,
    subject,
  };
}
