import { createHash } from "node:crypto";
import { join } from "node:path";
import { deliveryMetaOf, mapToChannel } from "@ariadne/agencies";
import { presentUnits } from "@ariadne/contracts";
import { attest, EnvelopeError, encodeEnvelope, minimise, sealAlert } from "@ariadne/envelope";
import { decide, loadMandatesFile } from "@ariadne/policy";
import { createTestKeys, REPO_ROOT, type TestKeys } from "@ariadne/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { identifyCopy } from "../src/delivery/dead-letter.ts";
import { prepareCopy } from "../src/delivery/prepare.ts";
import { example } from "./support/route.ts";

let keys: TestKeys;
const DAY = 24 * 3_600_000;

async function frontexCopy(routedAt?: Date): Promise<Uint8Array> {
  const alert = example("forced-criminality-external-border");
  const mandates = await loadMandatesFile(join(REPO_ROOT, "deploy/mandates.yaml"));
  const d = decide(alert, presentUnits(alert), mandates).find((x) => x.recipient === "frontex");
  if (!d) throw new Error("no frontex decision");
  const sealed = sealAlert(alert, await keys.signer("ncp.fr"));
  return encodeEnvelope(
    attest(
      minimise(sealed, d.allowedUnits),
      {
        recipient: "frontex",
        policyVersion: d.policyVersion,
        ruleIds: d.ruleIds,
        handlingCode: d.handlingCode,
        handlingNotice: d.handlingNotice,
        legalBasis: d.legalBasis,
        purposes: d.purposes,
        ...(routedAt ? { routedAt } : {}),
      },
      await keys.signer("router"),
    ),
  );
}

beforeAll(async () => {
  keys = await createTestKeys({ now: new Date(Date.now() - 10 * DAY) });
});

describe("prepareCopy", () => {
  it("opens the copy as the agency and maps it; the digest is the one of the exact JSON sent", async () => {
    const bytes = await frontexCopy();
    const p = prepareCopy("frontex", bytes, keys.verifier(), { maxAgeMs: DAY });
    expect(p.ref.copyId).toBe("019380a2-8e3a-7c5d-9b32-4d9e6f7a8b03.1.frontex");
    expect(p.ref.originator).toBe("ncp.fr");
    expect(p.message).toEqual(mapToChannel("frontex", p.opened.alert, deliveryMetaOf(p.opened.attestation)));
    expect(Buffer.from(p.copyDigest).toString("hex")).toBe(
      createHash("sha256").update(JSON.stringify(p.message)).digest("hex"),
    );
  });

  it("refuses another agency's copy, a tampered disclosure, and a router signature older than allowed", async () => {
    const bytes = await frontexCopy();
    const code = (f: () => unknown) => {
      try {
        f();
        return "accepted";
      } catch (err) {
        return (err as { code?: string }).code;
      }
    };
    expect(code(() => prepareCopy("europol", bytes, keys.verifier(), { maxAgeMs: DAY }))).toBe("RECIPIENT_MISMATCH");
    const old = await frontexCopy(new Date(Date.now() - 3 * DAY));
    expect(code(() => prepareCopy("frontex", old, keys.verifier(), { maxAgeMs: DAY }))).toBe("REPLAY");
    // Flip a byte near the end: inside the last disclosure of the originator's envelope.
    const tampered = Uint8Array.from(bytes);
    tampered[tampered.length - 3] = (tampered[tampered.length - 3] ?? 0) ^ 0xff;
    const err = code(() => prepareCopy("frontex", tampered, keys.verifier(), { maxAgeMs: DAY }));
    expect(err).not.toBe("accepted");
    expect(() => prepareCopy("frontex", tampered, keys.verifier(), { maxAgeMs: DAY })).toThrow(EnvelopeError);
  });
});

describe("identifyCopy", () => {
  it("identifies a verified copy, and a copy that does not verify as it claims to be", async () => {
    const bytes = await frontexCopy();
    const good = identifyCopy(bytes, keys.verifier(), "frontex", DAY);
    expect(good?.verified).toBe(true);
    expect(good?.ref.copyId).toBe("019380a2-8e3a-7c5d-9b32-4d9e6f7a8b03.1.frontex");
    // As another recipient it does not verify; its claims still say whom to tell.
    const claimed = identifyCopy(bytes, keys.verifier(), "europol", DAY);
    expect(claimed?.verified).toBe(false);
    expect(claimed?.ref.originator).toBe("ncp.fr");
    expect(claimed?.ref.copyId).toBe("019380a2-8e3a-7c5d-9b32-4d9e6f7a8b03.1.europol");
    expect(identifyCopy(new Uint8Array([0xff, 0x01]), keys.verifier(), "frontex", DAY)).toBeUndefined();
  });
});
