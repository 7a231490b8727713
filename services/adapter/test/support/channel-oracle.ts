import type { EurojustNotification, FrontexIncident, SienaMessage } from "@ariadne/agencies";
import { CaseAlert, DataSubjectCategory } from "@ariadne/contracts";
import type { Decision } from "@ariadne/policy";
import { expect } from "vitest";

// The channel messages the stand-ins recorded, checked field by field against what the copy
// disclosed and what the router decided, restated here without the mapping code under test.

const HANDLING = ["", "H0", "H1", "H2", "H3"];
const SIENA_PRIORITY = [undefined, "NORMAL", "HIGH", "URGENT", "VERY_URGENT"];
const EUROJUST_URGENCY = [undefined, "NORMAL", "URGENT", "VERY_URGENT", "RISK_TO_LIFE"];

export interface Expected {
  readonly copyId: string;
  readonly alert: CaseAlert;
  readonly copy: CaseAlert;
  readonly decision: Decision;
}

function strings(value: unknown, out: Set<string>): Set<string> {
  if (typeof value === "string") out.add(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value !== null && typeof value === "object") for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** No text that only withheld fields hold appears anywhere in the message. */
export function expectNothingWithheld(message: unknown, e: Expected): void {
  const disclosed = strings(CaseAlert.toJSON(e.copy), new Set());
  const withheld = [...strings(CaseAlert.toJSON(e.alert), new Set())].filter(
    (s) => s.length >= 4 && !disclosed.has(s) && !/^[A-Z0-9_]+$/.test(s),
  );
  const sent = strings(message, new Set());
  expect(withheld.filter((s) => sent.has(s))).toEqual([]);
}

function expectCommon(
  e: Expected,
  party: { party: string; memberState?: string | undefined },
  handling: { code: string; notice?: string | undefined },
  legalBasis: string,
) {
  const h = e.alert.header;
  expect(party.party).toBe(h?.originator);
  expect(party.memberState).toBe(h?.originator.slice(4).toUpperCase());
  expect(handling.code).toBe(HANDLING[e.decision.handlingCode]);
  expect(handling.notice).toBe(e.decision.handlingNotice === "" ? undefined : e.decision.handlingNotice);
  expect(legalBasis).toBe(e.decision.legalBasis);
}

export function expectSiena(m: SienaMessage, e: Expected): void {
  const c = e.copy;
  const h = e.alert.header;
  expect(m.format).toBe("EUROPOL-SIENA-LIKE/1");
  expect(m.messageId).toBe(`ARD-${h?.alertId}-${h?.version}`);
  expect(m.ariadneCopyId).toBe(e.copyId);
  expect(m.recipient).toBe("EUROPOL");
  expectCommon(e, m.originator, m.handling, m.legalBasis);
  expect(m.priority).toBe(SIENA_PRIORITY[c.header?.priority ?? 0]);
  expect(m.caseReferences ?? []).toEqual(
    (c.header?.caseReferences ?? []).map((r) => ({ system: r.system, reference: r.reference, authority: r.authority })),
  );
  expect(m.exploitationTypes?.length ?? 0).toBe(c.exploitationForms.length);
  expect(m.route?.originCountries ?? []).toEqual(c.route?.originCountries ?? []);
  expect(m.route?.destinationCountries ?? []).toEqual(c.route?.destinationCountries ?? []);
  expect(m.containsDataOnMinors).toBe(c.persons.some((p) => p.minor) ? true : undefined);
  expect(m.narrative).toBe(c.summary === "" ? undefined : c.summary);
  const persons = m.entities.persons;
  expect(persons.map((p) => p.entityId).sort()).toEqual(c.persons.map((p) => p.ref).sort());
  for (const p of c.persons) {
    const sent = persons.find((x) => x.entityId === p.ref);
    expect(sent?.surname).toBe(p.name?.familyName || undefined);
    expect(sent?.forenames).toBe(p.name?.givenNames || undefined);
    expect(sent?.nationalities ?? []).toEqual(p.nationalities);
  }
  expect(m.entities.vehicles.map((v) => v.registrationPlate)).toEqual(
    c.vehicles.map((v) => v.registrationPlate || undefined),
  );
}

export function expectEurojust(n: EurojustNotification, e: Expected): void {
  const c = e.copy;
  const h = e.alert.header;
  expect(n.format).toBe("EUROJUST-JUDICIAL-COOPERATION/1");
  expect(n.notificationId).toBe(`EJN-${h?.alertId}-${h?.version}`);
  expect(n.ariadneCopyId).toBe(e.copyId);
  expectCommon(e, n.notifying, n.handlingRestrictions, n.legalBasis);
  const suspects = c.persons.filter(
    (p) =>
      p.category === DataSubjectCategory.DATA_SUBJECT_CATEGORY_SUSPECT ||
      p.category === DataSubjectCategory.DATA_SUBJECT_CATEGORY_CONVICTED,
  );
  expect(n.suspects.map((s) => s.ref)).toEqual(suspects.map((p) => p.ref));
  expect(n.suspects.map((s) => s.surname)).toEqual(suspects.map((p) => p.name?.familyName || undefined));
  const victims = c.persons.filter(
    (p) =>
      p.category === DataSubjectCategory.DATA_SUBJECT_CATEGORY_VICTIM ||
      p.category === DataSubjectCategory.DATA_SUBJECT_CATEGORY_POTENTIAL_VICTIM,
  );
  expect(n.victims?.total).toBe(victims.length === 0 ? undefined : victims.length);
  // Victims never travel by identity on this channel.
  const sent = strings(n, new Set());
  for (const v of victims) if (v.name?.familyName) expect(sent.has(v.name.familyName)).toBe(false);
  expect(n.competentAuthorities.map((a) => a.name)).toEqual(c.competentAuthorities.map((a) => a.name || undefined));
  expect(n.urgency?.level).toBe(EUROJUST_URGENCY[c.header?.priority ?? 0]);
  expect(n.factsSummary).toBe(c.summary === "" ? undefined : c.summary);
}

export function expectFrontex(i: FrontexIncident, e: Expected): void {
  const c = e.copy;
  const h = e.alert.header;
  expect(i.format).toBe("FRONTEX-JORA-LIKE/1");
  expect(i.incidentId).toBe(`INC-${h?.alertId}-${h?.version}`);
  expect(i.ariadneCopyId).toBe(e.copyId);
  expectCommon(e, i.reportingParty, i.handling, i.legalBasis);
  expect(i.personsInvolved?.total).toBe(c.persons.length === 0 ? undefined : c.persons.length);
  expect(i.route?.originCountries ?? []).toEqual(c.route?.originCountries ?? []);
  expect(i.route?.transitCountries ?? []).toEqual(c.route?.transitCountries ?? []);
  expect((i.borderCrossings ?? []).map((b) => b.crossingPoint)).toEqual(
    (c.route?.borderCrossings ?? []).map((b) => b.crossingPoint || undefined),
  );
  expect((i.vehicles ?? []).map((v) => v.registrationPlate)).toEqual(
    c.vehicles.map((v) => v.registrationPlate || undefined),
  );
  // Frontex carries no identities: no name of anyone in the copy is in the incident.
  const sent = strings(i, new Set());
  for (const p of c.persons) {
    if (p.name?.familyName) expect(sent.has(p.name.familyName)).toBe(false);
    for (const d of p.identityDocuments) if (d.number) expect(sent.has(d.number)).toBe(false);
  }
}
