import type { RoutingDecision } from "@ariadne/contracts";
import type { Decision } from "./decide.ts";

/**
 * What explain() needs: a Decision, or a RoutingDecision read back from the audit trail
 * (plus the alert and policy ids the audit event holds beside it).
 */
export interface ExplainInput {
  readonly recipient: string;
  readonly delivered: boolean;
  readonly reasonCode: string;
  readonly reason: string;
  readonly ruleIds: readonly string[];
  readonly legalBasis: string;
  readonly withheldCount: number;
  readonly handlingNotice: string;
  readonly displayName?: string;
  readonly alertId?: string;
  readonly version?: number;
  readonly policyVersion?: string;
  readonly allowedUnits?: readonly string[];
  readonly disclosedCount?: number;
  readonly withheld?: Decision["withheld"];
}

/**
 * A short account for an operator ("why did Frontex not get alert X?"): outcome, reason,
 * rules and legal basis, and which rules withheld which field patterns. It holds ids, codes,
 * unit paths and counts, never alert content.
 */
export function explain(d: ExplainInput): string {
  const who = d.displayName ? `${d.displayName} (${d.recipient})` : d.recipient;
  const alert = d.alertId ? `alert ${d.alertId}${d.version ? ` v${d.version}` : ""}` : "the alert";
  const lines = [
    d.delivered ? `${who} received ${alert}.` : `${who} did not receive ${alert}: ${d.reasonCode}.`,
    `Reason: ${d.reason}.`,
    `${d.delivered ? "Allowed by" : "Refused by"}: ${d.ruleIds.join(", ") || "(no rule recorded)"}.`,
    `Legal basis: ${d.legalBasis}`,
  ];
  if (d.policyVersion) lines.push(`Policy version: ${d.policyVersion} (SHA-256 of the mandates file).`);
  if (d.delivered) {
    const disclosed = d.allowedUnits?.length ?? d.disclosedCount;
    lines.push(`Units: ${disclosed ?? "?"} disclosed, ${d.withheldCount} withheld.`);
    if (d.handlingNotice) lines.push(`Handling notice on the copy: ${d.handlingNotice}.`);
    for (const [rule, patterns] of withheldByRule(d.withheld ?? [])) {
      lines.push(`Withheld by ${rule}: ${patterns.join(", ")}.`);
    }
  }
  return lines.join("\n");
}

/** Withheld units grouped by rule, as field patterns (persons[P1].name -> persons.name). */
function withheldByRule(withheld: NonNullable<ExplainInput["withheld"]>): [string, string[]][] {
  const groups = new Map<string, Set<string>>();
  for (const w of withheld) {
    const pattern = w.unit.replace(/\[[^\]]*\]/, "");
    const set = groups.get(w.ruleId) ?? new Set<string>();
    groups.set(w.ruleId, set.add(pattern));
  }
  return [...groups].map(([rule, set]) => [rule, [...set]]);
}

/** The audit record of a decision (ariadne.v1.RoutingDecision). */
export function toRoutingDecision(d: Decision): RoutingDecision {
  return {
    recipient: d.recipient,
    delivered: d.delivered,
    ruleIds: [...d.ruleIds],
    reasonCode: d.reasonCode,
    reason: d.reason,
    legalBasis: d.legalBasis,
    disclosedCount: d.allowedUnits.length,
    withheldCount: d.withheldCount,
    handlingNotice: d.handlingNotice,
  };
}
