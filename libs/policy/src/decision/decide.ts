import {
  type CaseAlert,
  CrimeArea,
  ExploitationForm,
  formatUnitPath,
  HandlingCode,
  type Purpose,
  Purpose as PurposeEnum,
  parseUnitPath,
  type UnitPath,
} from "@ariadne/contracts";
import type { Mandate, MandateSet } from "../mandates/types.ts";
import { type AlertFacts, factsOf } from "./facts.ts";
import type { ReasonCode } from "./reasons.ts";
import { handlingName, handlingNotice, handlingRule, mandateRule, POLICY_RULES } from "./rules.ts";
import { type OfferedUnit, selectUnits, type WithheldUnit } from "./select.ts";

/** One candidate recipient's outcome: what the audit trail records and the router acts on. */
export interface Decision {
  readonly alertId: string;
  readonly version: number;
  /** SHA-256 (hex) of the mandates file that decided. */
  readonly policyVersion: string;
  readonly recipient: string;
  readonly displayName: string;
  readonly delivered: boolean;
  readonly reasonCode: ReasonCode;
  /** Non-personal explanation: codes, names of code-list values, counts. */
  readonly reason: string;
  /** Delivered: every rule that allowed the copy or a unit in it. Refused: the rule that refused. */
  readonly ruleIds: readonly string[];
  readonly legalBasis: string;
  /** The units of the copy, a subset of the units offered, in their order. Empty when refused. */
  readonly allowedUnits: readonly string[];
  /** Units offered minus units allowed (all of them when refused). */
  readonly withheldCount: number;
  /** Each withheld unit with the rule that kept it back. */
  readonly withheld: readonly WithheldUnit[];
  readonly handlingCode: HandlingCode;
  /** Stamped on the copy ("H1: not to be used in judicial proceedings..."); empty when refused. */
  readonly handlingNotice: string;
  /** The alert's purposes this recipient serves, in code-list order. */
  readonly purposes: readonly Purpose[];
}

/**
 * For every candidate recipient (every mandate's recipient except the originator), in the
 * mandates file's order: delivered or refused, why, under which rules, and which of `units`
 * (normally presentUnits(alert)) the copy may hold. Pure and deterministic: the same alert,
 * units and mandates always give the same decisions.
 *
 * The checks, first failure wins: crime area, forms of exploitation, purposes (is this the
 * recipient's business?), then the originator's restrictions (H2/H3 permitted recipients,
 * third-party consent), then whether the recipient accepts the handling code, then the units.
 */
export function decide(alert: CaseAlert, units: readonly string[], mandates: MandateSet): Decision[] {
  const facts = factsOf(alert);
  const offered = [...new Set(units)].map(offer);
  return mandates.recipients
    .filter((m) => m.id !== facts.originator)
    .map((m) => decideFor(m, facts, offered, mandates.version));
}

function offer(path: string): OfferedUnit {
  let unit: UnitPath | undefined;
  try {
    unit = parseUnitPath(path);
  } catch {
    unit = undefined; // never travels: POLICY_RULES.unknownUnit
  }
  const pattern = !unit ? "" : unit.kind === "entity" ? `${unit.list}.${unit.field}` : formatUnitPath(unit);
  return { path, unit, pattern };
}

interface Refusal {
  readonly code: ReasonCode;
  readonly rule: string;
  readonly reason: string;
}

function decideFor(m: Mandate, facts: AlertFacts, offered: readonly OfferedUnit[], policyVersion: string): Decision {
  const purposes = facts.purposes.filter((p) => m.purposes.has(p)).sort((a, b) => a - b);
  const base = {
    alertId: facts.alertId,
    version: facts.version,
    policyVersion,
    recipient: m.id,
    displayName: m.displayName,
    legalBasis: m.legalBasis,
    handlingCode: facts.handlingCode,
    purposes: [...new Set(purposes)],
  };
  const refuse = (r: Refusal): Decision => ({
    ...base,
    delivered: false,
    reasonCode: r.code,
    reason: r.reason,
    ruleIds: [r.rule],
    allowedUnits: [],
    withheldCount: offered.length,
    withheld: offered.map((o) => ({ unit: o.path, ruleId: r.rule })),
    handlingNotice: "",
  });

  const refusal = checkRecipient(m, facts, base.purposes);
  if (refusal) return refuse(refusal);

  const selection = selectUnits(m, facts, offered);
  if (!selection.allowed.includes("handling")) {
    return refuse({
      code: "HANDLING_UNIT_MISSING",
      rule: POLICY_RULES.handlingTravels,
      reason: "the units offered do not carry the handling unit, so no copy could carry its handling",
    });
  }
  if (selection.allowed.length === 1) {
    return refuse({
      code: "NO_FIELDS_ALLOWED",
      rule: mandateRule(m.id, "fields"),
      reason: `no unit of the alert besides its handling falls within the mandate of ${m.id}`,
    });
  }
  const restricted =
    facts.handlingCode === HandlingCode.HANDLING_CODE_H2 || facts.handlingCode === HandlingCode.HANDLING_CODE_H3;
  const ruleIds = [
    mandateRule(m.id, "crime_areas"),
    ...(facts.forms.length > 0 ? [mandateRule(m.id, "exploitation_forms")] : []),
    mandateRule(m.id, "purposes"),
    ...(restricted ? [POLICY_RULES.permittedRecipients] : []),
    ...(m.thirdParty ? [mandateRule(m.id, "third_party")] : []),
    mandateRule(m.id, "handling_codes"),
    handlingRule(facts.handlingCode),
    ...selection.grantingRules,
  ];
  return {
    ...base,
    delivered: true,
    reasonCode: "ALLOWED",
    reason:
      `within the mandate of ${m.id}: ${selection.allowed.length} of ${offered.length} units disclosed, ` +
      `${selection.withheld.length} withheld`,
    ruleIds,
    allowedUnits: selection.allowed,
    withheldCount: selection.withheld.length,
    withheld: selection.withheld,
    handlingNotice: handlingNotice(facts.handlingCode),
  };
}

const names = <E extends number>(e: Record<number, string>, values: readonly E[]) =>
  values.map((v) => e[v] ?? String(v)).join(", ") || "none";

/** The first rule, in the documented order, that keeps this recipient from any copy. */
function checkRecipient(m: Mandate, facts: AlertFacts, purposes: readonly Purpose[]): Refusal | undefined {
  const who = m.id;
  if (!m.crimeAreas.has(facts.crimeArea)) {
    return {
      code: "CRIME_AREA_OUT_OF_MANDATE",
      rule: mandateRule(m.id, "crime_areas"),
      reason: `crime area ${names(CrimeArea, [facts.crimeArea])} is outside the mandate of ${who}`,
    };
  }
  if (facts.forms.length > 0 && !facts.forms.some((f) => m.exploitationForms.has(f))) {
    return {
      code: "EXPLOITATION_FORM_OUT_OF_MANDATE",
      rule: mandateRule(m.id, "exploitation_forms"),
      reason: `none of the alert's forms of exploitation (${names(ExploitationForm, facts.forms)}) is within the mandate of ${who}`,
    };
  }
  if (purposes.length === 0) {
    return {
      code: "PURPOSE_OUT_OF_MANDATE",
      rule: mandateRule(m.id, "purposes"),
      reason: `none of the alert's purposes (${names(PurposeEnum, facts.purposes)}) is among the purposes of ${who}`,
    };
  }
  const code = facts.handlingCode;
  const restricted = code === HandlingCode.HANDLING_CODE_H2 || code === HandlingCode.HANDLING_CODE_H3;
  if (restricted && !facts.permittedRecipients.has(m.id)) {
    return {
      code: "HANDLING_NOT_PERMITTED",
      rule: POLICY_RULES.permittedRecipients,
      reason: `${handlingName(code)}: the originator did not name ${m.id} among the permitted recipients`,
    };
  }
  if (m.thirdParty && !facts.thirdPartyConsent.has(m.id)) {
    return {
      code: "THIRD_PARTY_NO_CONSENT",
      rule: mandateRule(m.id, "third_party"),
      reason: `${who} is a third party and the originator did not consent to this transfer (handling.third_party_consent)`,
    };
  }
  if (!m.handlingCodes.has(code)) {
    return {
      code: "HANDLING_CODE_NOT_ACCEPTED",
      rule: mandateRule(m.id, "handling_codes"),
      reason: `the mandate of ${who} does not accept handling code ${handlingName(code)}`,
    };
  }
  return undefined;
}
