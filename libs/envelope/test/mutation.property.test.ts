import { HandlingCode, Receipt } from "@ariadne/contracts";
import { createTestKeys } from "@ariadne/testing";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  attest,
  type Envelope,
  EnvelopeError,
  encodeEnvelope,
  MESSAGE_TYPES,
  minimise,
  openAlert,
  openRoutedCopy,
  sealAlert,
  type Verifier,
} from "../src/mod.ts";
import { example } from "./support/alerts.ts";

/**
 * Every mutation is rejected: 1 to 3 bytes XORed with non-zero masks, anywhere in the bytes
 * (envelope framing, header, signature, payload, disclosures). 12,000 cases in all.
 */
let verifier: Verifier;
let receiptBytes: Uint8Array;
let sealed: Envelope;
let sealedBytes: Uint8Array;
let copy: Envelope;
let copyBytes: Uint8Array;

beforeAll(async () => {
  const keys = await createTestKeys();
  // Signatures are made once, up front: a long window keeps them fresh for the whole run.
  verifier = keys.verifier({ maxAgeMs: 3_600_000 });
  const router = await keys.signer("router");
  const receipt = Receipt.fromPartial({
    receiptId: "r-1",
    alertId: "019380a2-7d2f-7b4c-8a21-3c8d5e6f7a02",
    version: 1,
  });
  receiptBytes = encodeEnvelope(router.sign(MESSAGE_TYPES.Receipt, Receipt.encode(receipt).finish()));
  sealed = sealAlert(example("minor-sexual-exploitation-online.yaml"), await keys.signer("ncp.de"));
  sealedBytes = encodeEnvelope(sealed);
  const fields = {
    recipient: "europol",
    policyVersion: "p",
    ruleIds: ["r"],
    handlingCode: HandlingCode.HANDLING_CODE_H0,
    legalBasis: "l",
    purposes: [],
  };
  copy = attest(minimise(sealed, ["crime_area", "persons[P1].role", "route.border_crossings"]), fields, router);
  copyBytes = encodeEnvelope(copy);
});

/** Positions (distinct) and non-zero masks, so no two mutations cancel out. */
const mutation = (length: () => number) =>
  fc
    .uniqueArray(fc.nat(), { minLength: 1, maxLength: 3 })
    .chain((seeds) =>
      fc.tuple(fc.constant(seeds), fc.array(fc.integer({ min: 1, max: 255 }), { minLength: 3, maxLength: 3 })),
    )
    .map(([seeds, masks]) => {
      const n = length();
      return [...new Set(seeds.map((s) => s % n))].map((pos, i) => ({ pos, mask: masks[i] as number }));
    });

function mutate(bytes: Uint8Array, m: { pos: number; mask: number }[]): Uint8Array {
  const out = Uint8Array.from(bytes);
  for (const { pos, mask } of m) out[pos] = (out[pos] as number) ^ mask;
  return out;
}

function rejects(fn: () => unknown): boolean {
  try {
    fn();
    return false;
  } catch (err) {
    if (err instanceof EnvelopeError) return true;
    throw err; // anything but our error class is a bug, not a rejection
  }
}

describe("random byte mutations are all rejected", () => {
  it("of a signed receipt envelope (4,000 cases)", () => {
    fc.assert(
      fc.property(
        mutation(() => receiptBytes.length),
        (m) => {
          expect(rejects(() => verifier.verify(mutate(receiptBytes, m), { type: MESSAGE_TYPES.Receipt }))).toBe(true);
        },
      ),
      { numRuns: 4000 },
    );
  });

  it("of a sealed alert envelope with all its disclosures (3,000 cases)", () => {
    fc.assert(
      fc.property(
        mutation(() => sealedBytes.length),
        (m) => {
          expect(rejects(() => openAlert(mutate(sealedBytes, m), verifier))).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("of a routed copy (3,000 cases)", () => {
    fc.assert(
      fc.property(
        mutation(() => copyBytes.length),
        (m) => {
          expect(rejects(() => openRoutedCopy(mutate(copyBytes, m), verifier, { recipient: "europol" }))).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("of one disclosure, inside a sealed alert and inside a routed copy (2 x 1,000 cases)", () => {
    const pick = fc.nat().map((n) => n % sealed.disclosures.length);
    fc.assert(
      fc.property(
        pick.chain((i) =>
          fc.tuple(
            fc.constant(i),
            mutation(() => (sealed.disclosures[i] as Uint8Array).length),
          ),
        ),
        ([i, m]) => {
          const disclosures = sealed.disclosures.map((d, j) => (j === i ? mutate(d, m) : d));
          expect(() => openAlert({ ...sealed, disclosures }, verifier)).toThrow(
            expect.objectContaining({ code: "DISCLOSURE_UNKNOWN" }),
          );
        },
      ),
      { numRuns: 1000 },
    );
    const subject = copy.subject as Envelope;
    const pickCopy = fc.nat().map((n) => n % subject.disclosures.length);
    fc.assert(
      fc.property(
        pickCopy.chain((i) =>
          fc.tuple(
            fc.constant(i),
            mutation(() => (subject.disclosures[i] as Uint8Array).length),
          ),
        ),
        ([i, m]) => {
          const disclosures = subject.disclosures.map((d, j) => (j === i ? mutate(d, m) : d));
          const tampered = { ...copy, subject: { ...subject, disclosures } };
          expect(() => openRoutedCopy(tampered, verifier, { recipient: "europol" })).toThrow(
            expect.objectContaining({ code: "DISCLOSURE_NOT_ATTESTED" }),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
