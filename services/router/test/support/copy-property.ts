import { LIMITS } from "@ariadne/audit";
import { AuditAction, type CaseAlert, HandlingCode, parseUnitPath, patternOf } from "@ariadne/contracts";
import { encodeEnvelope, openAlert, openRoutedCopy, type Signer, sealAlert } from "@ariadne/envelope";
import { decide, loadMandatesFile, type Mandate, MINOR_AGE_BANDS } from "@ariadne/policy";
import { arbitraryAlert, createTestKeys } from "@ariadne/testing";
import fc from "fast-check";
import { expect } from "vitest";
import { buildCopies, linkedAlertIds, routingEvents } from "../../src/mod.ts";
import { SHIPPED_MANDATES } from "./alerts.ts";

const ORIGINATORS = ["ncp.nl", "ncp.de", "ncp.fr", "ncp.ro"];
const keys = await createTestKeys();
const verifier = keys.verifier();
const router = await keys.signer("router");
const signers = new Map<string, Signer>();
for (const party of ORIGINATORS) signers.set(party, await keys.signer(party));
const mandates = await loadMandatesFile(SHIPPED_MANDATES);
const byId = new Map(mandates.recipients.map((m) => [m.id, m]));
const minorBands: ReadonlySet<number> = new Set(MINOR_AGE_BANDS);

/**
 * Why a unit may not be in a recipient's copy, read from the mandate's lists directly (the
 * pattern is listed for the unit's section, for a person under its category, and under
 * minors for a minor), or undefined. Deliberately plainer than decide(): it only bounds the copy.
 */
function outsideMandate(m: Mandate, alert: CaseAlert, path: string): string | undefined {
  const unit = parseUnitPath(path);
  const pattern = patternOf(path);
  if (unit.kind !== "entity" || unit.list !== "persons") {
    return m.fields.has(pattern) ? undefined : `${pattern} not in fields`;
  }
  const person = alert.persons.find((p) => p.ref === unit.ref);
  if (!person) return "unknown person";
  if (!m.persons.get(person.category)?.has(pattern)) return `${pattern} not allowed for the category`;
  if (person.minor || minorBands.has(person.ageBand)) {
    const identity =
      m.minors.identityFields.has(pattern) &&
      (alert.header?.purposes ?? []).some((p) => m.minors.identityPurposes.has(p));
    if (!m.minors.fields.has(pattern) && !identity) return `${pattern} not allowed for a minor`;
  }
  return undefined;
}

function recipientRefused(m: Mandate, alert: CaseAlert): string | undefined {
  const h = alert.handling;
  const code = h?.code ?? HandlingCode.HANDLING_CODE_UNSPECIFIED;
  if (!m.crimeAreas.has(alert.crimeArea)) return "crime area";
  if (!m.handlingCodes.has(code)) return "handling code";
  const restricted = code === HandlingCode.HANDLING_CODE_H2 || code === HandlingCode.HANDLING_CODE_H3;
  if (restricted && !(h?.permittedRecipients ?? []).includes(m.id)) return "not permitted";
  if (m.thirdParty && !(h?.thirdPartyConsent ?? []).includes(m.id)) return "no consent";
  return undefined;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/**
 * The property, for `numRuns` random alerts: seal as the originator, open as the router,
 * decide under the shipped mandates, log (the events must pass the audit guard), build the
 * copies, then open each copy as its recipient. Returns how many copies and refusals it saw.
 * Alerts have at most three persons: the checks scale with units, and three already give every
 * category, minors and pointers (the policy's own property test runs the full-size generator).
 */
export function checkCopyProperty(numRuns: number): { copies: number; refused: number } {
  let copies = 0;
  let refused = 0;
  fc.assert(
    fc.property(arbitraryAlert({ originators: ORIGINATORS, maxPersons: 3 }), (alert) => {
      // Plain checks collected into one list: an expect() per unit would cost more than the routing.
      const problems: string[] = [];
      const originator = alert.header?.originator ?? "";
      const sealed = sealAlert(alert, signers.get(originator) as Signer);
      const opened = openAlert(encodeEnvelope(sealed), verifier, { party: originator });
      const decisions = decide(opened.alert, opened.paths, mandates);
      // What the router logs before disclosing must pass the audit service's guard, for every alert
      // (the builders run assertAuditEventSafe and throw otherwise).
      const events = routingEvents({ actor: "router", occurredAt: new Date() }, opened, decisions, mandates.version);
      // collection; an alteration for a later version; a combination when the alert links
      // earlier ones; the decision when there is a candidate
      const actions = events.map((e) => e.action).join(",");
      const want = [
        AuditAction.AUDIT_ACTION_COLLECTION,
        ...(opened.manifest.version > 1 ? [AuditAction.AUDIT_ACTION_ALTERATION] : []),
        ...(linkedAlertIds(opened).length > 0 ? [AuditAction.AUDIT_ACTION_COMBINATION] : []),
        ...(decisions.length > 0 ? [AuditAction.AUDIT_ACTION_DECISION] : []),
      ];
      if (actions !== want.join(",")) problems.push(`events ${actions}, not ${want.join(",")}`);
      for (const d of events.at(-1)?.decisions ?? []) {
        if (d.reason.length > LIMITS.reason) problems.push(`${d.recipient}: reason too long`);
      }

      const originalByPath = new Map(opened.paths.map((p, i) => [p, hex(sealed.disclosures[i] as Uint8Array)]));
      const built = buildCopies(opened, decisions, router, new Date());
      const delivered = new Set(built.map((c) => c.recipient));
      for (const d of decisions) {
        if (d.delivered) continue;
        refused++;
        if (delivered.has(d.recipient)) problems.push(`${d.recipient}: refused but has a copy`);
      }
      for (const c of built) {
        copies++;
        const m = byId.get(c.recipient) as Mandate;
        const refusal = recipientRefused(m, opened.alert);
        if (refusal) problems.push(`${c.recipient}: copy despite ${refusal}`);
        const copy = openRoutedCopy(c.bytes, verifier, { recipient: c.recipient }); // throws unless every unit verifies
        if (copy.signer.party !== originator) problems.push(`${c.recipient}: signed by ${copy.signer.party}`);
        if (copy.paths.join("\n") !== c.decision.allowedUnits.join("\n"))
          problems.push(`${c.recipient}: not the allowed units`);
        if (copy.withheldCount !== opened.paths.length - copy.paths.length)
          problems.push(`${c.recipient}: withheld count`);
        copy.paths.forEach((path, i) => {
          const outside = outsideMandate(m, opened.alert, path);
          if (outside) problems.push(`${c.recipient}: ${outside}`);
          if (hex(copy.envelope.disclosures[i] as Uint8Array) !== originalByPath.get(path)) {
            problems.push(`${c.recipient}: ${path} is not the originator's disclosure`);
          }
        });
      }
      expect(problems).toEqual([]);
    }),
    { numRuns },
  );
  return { copies, refused };
}
