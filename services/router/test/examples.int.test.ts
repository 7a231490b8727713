import { H, STREAMS, subjects } from "@ariadne/bus";
import { AuditAction, HandlingCode, Receipt, Receipt_Evidence } from "@ariadne/contracts";
import { MESSAGE_TYPES, openAlert, openRoutedCopy } from "@ariadne/envelope";
import { decide, handlingNotice } from "@ariadne/policy";
import { parseTraceparent } from "@ariadne/runtime";
import { describe, expect, it } from "vitest";
import { expectedAllowed, SHIPPED_EXPECTED } from "../../../libs/policy/test/shipped-expected.ts";
import { EXAMPLES, example } from "./support/alerts.ts";
import { startHarness } from "./support/harness.ts";
import { publishIntake, readStream, seal, until } from "./support/streams.ts";

const hex = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString("hex");

describe("router: the three examples on a real nats-server", () => {
  it("gives each recipient exactly its units (decide()'s, and the hand-written ones), byte for byte the originator's, attested, and acknowledges", async () => {
    await using h = await startHarness({ realAudit: true });
    const verifier = h.keys.verifier();
    let h1Copies = 0;
    for (const name of EXAMPLES) {
      const alert = example(name);
      const { alertId, version, originator } = alert.header ?? { alertId: "", version: 0, originator: "" };
      const { envelope, bytes } = seal(alert, await h.signer(originator));
      const original = openAlert(bytes, verifier, { party: originator });
      const expected = decide(original.alert, original.paths, h.mandates.current);
      // Independently of decide(): the outcome per recipient written out by hand from the
      // example and deploy/mandates.yaml (libs/policy/test/shipped-expected.ts).
      const byHand = SHIPPED_EXPECTED[name];
      expect(original.paths).toEqual(byHand.units);
      expect(expected.map((d) => [d.recipient, d.delivered])).toEqual(
        byHand.decisions.map((d) => [d.recipient, d.delivered]),
      );
      const intakeSeq = await publishIntake(h.js, subjects.intake(originator), bytes, { alertId, version });

      // The acceptance receipt comes last: once it is there, every copy is stored.
      const receiptOf = async () =>
        (await readStream(h.js, h.jsm, STREAMS.RETURN, subjects.ret(originator))).filter(
          (m) => m.header(H.alertId) === alertId,
        );
      await until(async () => (await receiptOf()).length === 1, `receipt of ${name}`);
      const [stored] = await receiptOf();
      const checked = verifier.verify(stored?.data ?? new Uint8Array(), {
        type: MESSAGE_TYPES.Receipt,
        maxAgeMs: Number.POSITIVE_INFINITY,
      });
      expect(checked.party).toBe("router");
      const receipt = Receipt.decode(checked.payload);
      expect(receipt).toMatchObject({
        alertId,
        version,
        originator,
        issuer: "router",
        evidence: Receipt_Evidence.EVIDENCE_SUBMISSION_ACCEPTANCE,
        recipients: expected.filter((d) => d.delivered).map((d) => d.recipient),
      });
      expect(hex(receipt.manifestDigest)).toBe(hex(original.manifestDigest));
      expect(stored?.header(H.type)).toBe(MESSAGE_TYPES.Receipt);
      expect(receipt.recipients.length).toBeGreaterThan(0);

      const originalByPath = new Map(original.paths.map((p, i) => [p, envelope.disclosures[i]]));
      for (const d of expected) {
        const copies = (await readStream(h.js, h.jsm, STREAMS.DELIVERY, subjects.deliver(d.recipient))).filter(
          (m) => m.header(H.alertId) === alertId,
        );
        const want = byHand.decisions.find((x) => x.recipient === d.recipient);
        if (!d.delivered) {
          expect(copies, `${name}: ${d.recipient} refused (${d.reasonCode})`).toHaveLength(0);
          expect(want?.delivered === false ? [want.reasonCode, [want.ruleId]] : "delivered by hand").toEqual([
            d.reasonCode,
            d.ruleIds,
          ]);
          continue;
        }
        expect(copies, `${name}: one copy for ${d.recipient}`).toHaveLength(1);
        const [m] = copies;
        if (!m) continue;
        const copy = openRoutedCopy(m.data, verifier, { recipient: d.recipient });
        // Exactly the decision's units, each the originator's own disclosure, byte for byte.
        expect(copy.paths).toEqual(d.allowedUnits);
        expect(copy.paths, `${name}: ${d.recipient}'s units, by hand`).toEqual(
          want ? expectedAllowed(byHand, want) : ["no hand-written decision"],
        );
        expect(copy.attestation.purposes).toEqual(want?.delivered ? want.purposes : ["refused by hand"]);
        copy.envelope.disclosures.forEach((disclosure, i) => {
          expect(hex(disclosure)).toBe(hex(originalByPath.get(copy.paths[i] ?? "")));
        });
        expect(copy.signer.party).toBe(originator);
        expect(copy.router.party).toBe("router");
        expect(copy.withheldCount).toBe(original.paths.length - d.allowedUnits.length);
        // The header's identity is not a unit: every copy carries it.
        expect(copy.alert.header).toMatchObject({ alertId, version, originator, createdAt: alert.header?.createdAt });
        expect(copy.attestation).toMatchObject({
          alertId,
          version,
          originator,
          recipient: d.recipient,
          policyVersion: h.mandates.version,
          ruleIds: d.ruleIds,
          handlingCode: d.handlingCode,
          handlingNotice: d.handlingNotice,
          legalBasis: d.legalBasis,
          purposes: d.purposes,
          withheldCount: d.withheldCount,
          copyId: `${alertId}.${version}.${d.recipient}`,
        });
        expect(hex(copy.attestation.manifestDigest)).toBe(hex(original.manifestDigest));
        if (d.handlingCode === HandlingCode.HANDLING_CODE_H1) {
          h1Copies++;
          expect(copy.attestation.handlingNotice).toBe(handlingNotice(HandlingCode.HANDLING_CODE_H1));
          expect(copy.attestation.handlingNotice).toMatch(/judicial proceedings/);
        }
        // Headers: ids and codes only, a child span of the same trace.
        expect(m.header(H.type)).toBe(MESSAGE_TYPES.RoutingAttestation);
        expect(m.header(H.alertVersion)).toBe(String(version));
        expect(m.header(H.msgId)).toBe(copy.attestation.copyId);
        expect(parseTraceparent(m.header(H.traceparent))).toBeDefined();
      }

      // The audit trail: collection, a combination when the alert links earlier ones, and one
      // decision event with every candidate, why, and the version.
      // (read back from the real audit service's log through its query API)
      const events = ((await h.realAudit?.trail(alertId)) ?? []).filter((e) => e.actor === "router");
      const links = (alert.header?.links ?? []).map((l) => l.alertId);
      expect(events.map((e) => e.action)).toEqual([
        AuditAction.AUDIT_ACTION_COLLECTION,
        ...(links.length > 0 ? [AuditAction.AUDIT_ACTION_COMBINATION] : []),
        AuditAction.AUDIT_ACTION_DECISION,
      ]);
      if (links.length > 0) {
        expect(events[1]?.linkedAlertIds).toEqual([...new Set(links)].sort());
        expect(events[1]?.purposes).toEqual(alert.header?.purposes);
      }
      const decision = events.at(-1);
      expect(decision?.policyVersion).toBe(h.mandates.version);
      expect(decision?.decisions.map((r) => [r.recipient, r.delivered, r.reasonCode, r.ruleIds])).toEqual(
        expected.map((d) => [d.recipient, d.delivered, d.reasonCode, d.ruleIds]),
      );
      expect(decision?.decisions.map((r) => [r.recipient, r.delivered, r.reasonCode])).toEqual(
        byHand.decisions.map((d) => [d.recipient, d.delivered, d.delivered ? "ALLOWED" : d.reasonCode]),
      );
      expect(decision?.recipients).toEqual(receipt.recipients);
      expect(intakeSeq).toBeGreaterThan(0);
    }
    expect(h1Copies).toBeGreaterThan(0); // the labour example is H1
  });
});
