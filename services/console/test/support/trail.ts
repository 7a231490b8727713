import {
  type AlertRef,
  collectionEvent,
  consultationEvent,
  deadLetterEvent,
  decisionEvent,
  disclosureEvent,
  evidenceEvent,
  rejectionEvent,
} from "@ariadne/audit";
import { type AuditEvent, newAlertId, Purpose } from "@ariadne/contracts";
import type { TrailEvent } from "../../src/timeline.ts";

const digest = (n: number) => new Uint8Array(32).fill(n);
const at = (s: number) => new Date(Date.UTC(2026, 10, 28, 12, 0, s));
const WHY = {
  purposes: [Purpose.PURPOSE_CRIMINAL_ANALYSIS],
  legalBasis: "Regulation (EU) 2016/794 Art. 18",
  ruleIds: [],
};

export type TrailEventFor = TrailEvent;

/** Logged events as the audit query client returns them, numbered from `first`. */
export function logged(events: readonly AuditEvent[], first = 0): TrailEvent[] {
  return events.map((event, i) => ({
    index: first + i,
    entry: { loggedAt: event.occurredAt },
    event,
    signer: event.actor,
  }));
}

export function alertRef(originator = "ncp.nl", version = 1): AlertRef {
  return { alertId: newAlertId(), version, originator, manifestDigest: digest(7) };
}

/**
 * The events of a whole journey, built with libs/audit's own event builders (so details are
 * the real formats): received, decided for europol (allowed), frontex (allowed, 43 withheld)
 * and ncp.ua (refused), transferred, delivered, acknowledged, a reply, and a consultation.
 */
export function journey(alert: AlertRef): AuditEvent[] {
  const router = { actor: "router", occurredAt: at(0) };
  const adapter = (agency: string, s: number) => ({ actor: `adapter.${agency}`, occurredAt: at(s) });
  const receipt = (agency: string, s: number, code: string) =>
    evidenceEvent(adapter(agency, s), {
      kind: "receipt",
      direction: "issued",
      artefactId: `${agency}-${code}`,
      artefact: digest(s),
      evidenceCode: code,
      alert,
      recipient: agency,
    });
  return [
    collectionEvent(router, { alert }),
    decisionEvent(router, {
      alert,
      policyVersion: "a".repeat(64),
      decisions: [
        {
          recipient: "europol",
          delivered: true,
          ruleIds: ["europol#crime_areas"],
          reasonCode: "ALLOWED",
          withheldCount: 1,
          disclosedCount: 99,
        },
        {
          recipient: "frontex",
          delivered: true,
          ruleIds: ["frontex#fields"],
          reasonCode: "ALLOWED",
          withheldCount: 43,
          disclosedCount: 57,
        },
        {
          recipient: "ncp.ua",
          delivered: false,
          ruleIds: ["handling.third_party_consent"],
          reasonCode: "THIRD_PARTY_NO_CONSENT",
          reason: "ncp.ua is a third party",
          withheldCount: 100,
        },
      ],
    }),
    ...["europol", "frontex"].map((agency, i) =>
      disclosureEvent(adapter(agency, 1 + i), {
        alert,
        recipient: agency,
        copyId: `${alert.alertId}.${alert.version}.${agency}`,
        copyDigest: digest(9),
        why: WHY,
        step: { kind: "transferred", channel: agency },
      }),
    ),
    receipt("europol", 3, "EVIDENCE_DELIVERY"),
    receipt("frontex", 4, "EVIDENCE_DELIVERY"),
    receipt("europol", 5, "EVIDENCE_RETRIEVAL"),
    evidenceEvent(adapter("europol", 6), {
      kind: "reply",
      direction: "issued",
      artefactId: "reply-1",
      artefact: digest(6),
      evidenceCode: "KIND_MATCH_FOUND",
      alert,
      recipient: "europol",
    }),
    consultationEvent(
      { actor: "audit", occurredAt: at(7) },
      {
        officer: "console",
        requestId: "request-0001",
        query: { kind: "trail", params: { alert_id: alert.alertId } },
        why: {
          purposes: [Purpose.PURPOSE_OPERATIONAL_SUPPORT],
          legalBasis: "Directive (EU) 2016/680 Art. 25",
          ruleIds: [],
        },
        alert,
      },
    ),
  ];
}

export function rejection(s: number): AuditEvent {
  return rejectionEvent(
    { actor: "router", occurredAt: at(s) },
    { publisher: "ncp.de", code: "SIGNATURE_INVALID", receivedDigest: digest(s) },
  );
}

export function deadLetter(alert: AlertRef): AuditEvent {
  return deadLetterEvent(
    { actor: "router", occurredAt: at(9) },
    { stage: "router", messageId: "INTAKE.4", code: "APPEND_REFUSED", attempts: 5, alert },
  );
}
