import { openAlert, openRoutedCopy, sealAlert } from "@ariadne/envelope";
import { type Decision, decide, loadMandatesFile } from "@ariadne/policy";
import { createTestKeys } from "@ariadne/testing";
import { describe, expect, it } from "vitest";
import { buildAcceptanceReceipt, buildCopies, RouterError } from "../src/mod.ts";
import { EXAMPLES, example, SHIPPED_MANDATES } from "./support/alerts.ts";

const keys = await createTestKeys();
const router = await keys.signer("router");
const verifier = keys.verifier();
const mandates = await loadMandatesFile(SHIPPED_MANDATES);
const routedAt = new Date();

async function opened(name: (typeof EXAMPLES)[number]) {
  const alert = example(name);
  return openAlert(sealAlert(alert, await keys.signer(alert.header?.originator ?? "")), verifier);
}

describe("buildCopies: one attested, minimised copy per delivered decision", () => {
  for (const name of EXAMPLES) {
    it(name, async () => {
      const o = await opened(name);
      const decisions = decide(o.alert, o.paths, mandates);
      const copies = buildCopies(o, decisions, router, routedAt);
      expect(copies.map((c) => c.recipient)).toEqual(decisions.filter((d) => d.delivered).map((d) => d.recipient));
      for (const c of copies) {
        const copy = openRoutedCopy(c.bytes, verifier, { recipient: c.recipient });
        expect(copy.paths).toEqual(c.decision.allowedUnits);
        expect(copy.attestation.copyId).toBe(c.copyId);
        expect(copy.attestation.routedAt).toEqual(routedAt);
        expect(copy.attestation.withheldCount).toBe(c.decision.withheldCount);
        expect(copy.attestation.ruleIds).toEqual(c.decision.ruleIds);
        expect(copy.attestation.handlingNotice).toBe(c.decision.handlingNotice);
        expect(copy.attestation.handlingNotice).not.toBe("");
        // Another recipient cannot pass it off as its own.
        expect(() => openRoutedCopy(c.bytes, verifier, { recipient: "someone.else" })).toThrow();
      }
    });
  }

  it("fails closed when a decision allows a unit the envelope does not hold", async () => {
    const o = await opened("labour-fake-job-ads.yaml");
    const [first] = decide(o.alert, o.paths, mandates).filter((d) => d.delivered);
    const forged: Decision = {
      ...(first as Decision),
      allowedUnits: [...(first?.allowedUnits ?? []), "persons[P99].name"],
    };
    let code: string | undefined;
    try {
      buildCopies(o, [forged], router, routedAt);
    } catch (err) {
      code = err instanceof RouterError ? err.code : "OTHER";
    }
    expect(code).toBe("COPY_MISMATCH");
  });

  it("the acceptance receipt lists the recipients and is the same receipt id on every redelivery", async () => {
    const o = await opened("forced-criminality-external-border.yaml");
    const digestHex = Buffer.from(o.manifestDigest).toString("hex");
    const a = buildAcceptanceReceipt(o, ["europol", "frontex"], "router", new Date(), digestHex);
    const b = buildAcceptanceReceipt(o, ["europol", "frontex"], "router", new Date(0), digestHex);
    expect(a.receipt.recipients).toEqual(["europol", "frontex"]);
    expect(a.receipt.originator).toBe("ncp.fr");
    expect([a.receipt.receiptId, a.msgId]).toEqual([b.receipt.receiptId, b.msgId]);
  });
});
