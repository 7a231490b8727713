import { AuditAction, type CaseAlert } from "@ariadne/contracts";
import { copyIdOf, openAlert, type Signer, type Verifier } from "@ariadne/envelope";
import { decide, type MandateSet } from "@ariadne/policy";
import { seal } from "./streams.ts";

/** The copy ids decide() entitles for an alert: what DELIVERY must hold exactly once each. */
export function expectedCopyIds(alert: CaseAlert, signer: Signer, verifier: Verifier, mandates: MandateSet): string[] {
  const opened = openAlert(seal(alert, signer).bytes, verifier);
  return decide(opened.alert, opened.paths, mandates)
    .filter((d) => d.delivered)
    .map((d) => copyIdOf(opened.manifest.alertId, opened.manifest.version, d.recipient));
}

/** Copy ids counted: every expected one exactly once, nothing else. */
export function countIds(ids: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/**
 * The router's audit actions for one alert version, in order: collection; an alteration for a
 * version after the first; a combination when it links earlier alerts; the decision.
 */
export function expectedRouterActions(alert: CaseAlert): AuditAction[] {
  return [
    AuditAction.AUDIT_ACTION_COLLECTION,
    ...((alert.header?.version ?? 1) > 1 ? [AuditAction.AUDIT_ACTION_ALTERATION] : []),
    ...((alert.header?.links ?? []).length > 0 ? [AuditAction.AUDIT_ACTION_COMBINATION] : []),
    AuditAction.AUDIT_ACTION_DECISION,
  ];
}
