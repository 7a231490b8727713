import type { Envelope } from "@ariadne/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeEnvelope, encodeEnvelopeReference } from "../src/envelope-codec.ts";
import { encodeEnvelope } from "../src/mod.ts";

const bytes = (max: number) => fc.uint8Array({ maxLength: max });
const leaf = fc.record({
  payload: bytes(300),
  signature: fc.string({ maxLength: 200 }),
  disclosures: fc.array(bytes(200), { maxLength: 5 }),
  subject: fc.constant(undefined),
});
const envelope = fc.record({
  payload: bytes(300),
  signature: fc.string({ maxLength: 200 }),
  disclosures: fc.array(bytes(200), { maxLength: 5 }),
  subject: fc.option(leaf, { nil: undefined }),
});

describe("envelope encoding", () => {
  it("writes exactly what the generated encoder writes, and decodes back strictly", () => {
    fc.assert(
      fc.property(envelope, (e: Envelope) => {
        const ours = encodeEnvelope(e);
        expect(Buffer.from(ours).equals(Buffer.from(encodeEnvelopeReference(e)))).toBe(true);
        expect(Buffer.from(encodeEnvelopeReference(decodeEnvelope(ours))).equals(Buffer.from(ours))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("writes long lengths as multi-byte varints", () => {
    const e: Envelope = { payload: new Uint8Array(70_000), signature: "s", disclosures: [], subject: undefined };
    expect(Buffer.from(encodeEnvelope(e)).equals(Buffer.from(encodeEnvelopeReference(e)))).toBe(true);
    expect(decodeEnvelope(encodeEnvelope(e)).payload).toHaveLength(70_000);
  });
});
