import {
  type AlertRef,
  alterationEvent,
  collectionEvent,
  combinationEvent,
  deadLetterEvent,
  decisionEvent,
  type EventContext,
  LIMITS,
  rejectionEvent,
} from "@ariadne/audit";
import { type AuditEvent, isAlertId } from "@ariadne/contracts";
import type { OpenedAlert } from "@ariadne/envelope";
import { type Decision, toRoutingDecision } from "@ariadne/policy";
import type { ClaimedIds } from "./rejection.ts";

export function alertRefOf(opened: OpenedAlert): AlertRef {
  const { alertId, version, originator } = opened.manifest;
  return { alertId, version, originator, manifestDigest: opened.manifestDigest };
}

/** Cuts text at a word boundary: the audit log bounds reasons, and a cut word could read as a name. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return space > 0 ? cut.slice(0, space) : "";
}

/** What the router knows of an alert's past beyond the alert itself. */
export interface RoutingHistory {
  /** Manifest digest of version - 1, while the replay guard remembers it. */
  readonly supersededDigest?: Uint8Array;
  /** A redelivery decided under another version than its first attempt read (see policy-pin.ts). */
  readonly firstPolicyVersion?: string;
}

/** The earlier alerts an alert links (ids only: validation made them UUIDv7s, none its own). */
export function linkedAlertIds(opened: OpenedAlert): string[] {
  return (opened.alert.header?.links ?? []).map((l) => l.alertId).filter(isAlertId);
}

/**
 * What the audit log must confirm before any copy leaves, in one append: the collection of the
 * alert version (with the purposes its originator stated); an alteration when it supersedes an
 * earlier version; a combination when it links earlier alerts; and ONE decision event with a
 * RoutingDecision for every candidate recipient, delivered or refused and why, under the policy
 * version that decided. Ids are deterministic (alert id, version, manifest digest, links, policy
 * version), so a redelivered input is logged once.
 */
export function routingEvents(
  context: EventContext,
  opened: OpenedAlert,
  decisions: readonly Decision[],
  policyVersion: string,
  history: RoutingHistory = {},
): AuditEvent[] {
  const alert = alertRefOf(opened);
  const purposes = opened.alert.header?.purposes ?? [];
  const why = { purposes };
  const events = [collectionEvent(context, { alert, why })];
  if (alert.version > 1) {
    const digest = history.supersededDigest;
    events.push(
      alterationEvent(context, {
        alert,
        supersedesVersion: alert.version - 1,
        ...(digest === undefined ? {} : { supersededDigest: digest }),
        why,
      }),
    );
  }
  const linked = linkedAlertIds(opened);
  if (linked.length > 0) events.push(combinationEvent(context, { alert, linkedAlertIds: linked, why }));
  // decisionEvent needs one candidate at least; a mandates file naming only the originator has none.
  if (decisions.length > 0) {
    events.push(
      decisionEvent(context, {
        alert,
        policyVersion,
        purposes,
        ...(history.firstPolicyVersion === undefined ? {} : { firstPolicyVersion: history.firstPolicyVersion }),
        decisions: decisions.map((d) => {
          const r = toRoutingDecision(d);
          return { ...r, reason: clip(r.reason, LIMITS.reason) };
        }),
      }),
    );
  }
  return events;
}

/** The rejection of one intake message, with the exact notice bytes sent back. */
export function rejectionAuditEvent(
  context: EventContext,
  input: {
    publisher: string;
    code: string;
    receivedDigest: Uint8Array;
    notice: Uint8Array;
    ids: ClaimedIds;
  },
): AuditEvent {
  // Only a verified, well-formed alert id goes into the log; a claimed one stays in the notice.
  const known = input.ids.verified && isAlertId(input.ids.alertId);
  return rejectionEvent(context, {
    publisher: input.publisher,
    code: input.code,
    receivedDigest: input.receivedDigest,
    notice: input.notice,
    ...(known ? { alertId: input.ids.alertId, version: input.ids.version } : {}),
  });
}

/** A dead-lettered intake message: by stream sequence, with the alert when it still opens. */
export function deadLetterAuditEvent(
  context: EventContext,
  input: { intakeSequence: number; code: string; attempts: number; alert?: AlertRef },
): AuditEvent {
  return deadLetterEvent(context, {
    stage: "router",
    messageId: `INTAKE.${input.intakeSequence}`,
    code: input.code,
    attempts: input.attempts,
    ...(input.alert && isAlertId(input.alert.alertId) ? { alert: input.alert } : {}),
  });
}
