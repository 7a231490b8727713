import { type BorderCrossing, DataSubjectCategory as C, type CaseAlert, type Route } from "@ariadne/contracts";
import { checkDelivery, type DeliveryMeta, handlingTerm, memberStateOf } from "../delivery-meta.ts";
import { compact, flag, informative, isMinor, list, term, terms, text } from "../present.ts";
import { validated } from "../validated.ts";
import { impactLevel } from "./impact.ts";
import { FRONTEX_FORMAT, type FrontexIncident, FrontexIncidentSchema } from "./schema.ts";
import {
  BORDER_TYPE,
  DOCUMENT_TYPE,
  EXPLOITATION_PURPOSE,
  FRAUD_TYPE,
  INCIDENT_TYPE,
  MODUS_OPERANDI,
  TRANSPORT_MODE,
  VEHICLE_TYPE,
} from "./vocabulary.ts";

/** The section a crossing belongs to: "RO-MD-LAND", or "DE-AIR" where there is no neighbour. */
export function borderSectionOf(b: BorderCrossing): string | undefined {
  const type = term(BORDER_TYPE, b.borderType, "border type");
  if (b.country === "" || type === undefined) return undefined;
  return [b.country, ...(b.neighbourCountry === "" ? [] : [b.neighbourCountry]), type].join("-");
}

function routeOf(r: Route | undefined) {
  if (r === undefined) return undefined;
  const route = compact({
    originCountries: list(r.originCountries),
    transitCountries: list(r.transitCountries),
    destinationCountries: list(r.destinationCountries),
    legs: list(
      informative(
        r.legs.map((l) => ({
          fromCountry: text(l.fromCountry),
          toCountry: text(l.toCountry),
          transportMode: term(TRANSPORT_MODE, l.transportMode, "transport mode"),
          departedOn: text(l.departedOn),
          arrivedOn: text(l.arrivedOn),
        })),
      ),
    ),
  });
  return Object.keys(route).length > 0 ? route : undefined;
}

/** Earliest and latest date the copy states for the movement (legs and crossings). */
function periodOf(r: Route | undefined): { from: string; to: string } | undefined {
  const dates = [
    ...(r?.legs ?? []).flatMap((l) => [l.departedOn, l.arrivedOn]),
    ...(r?.borderCrossings ?? []).map((b) => b.crossedOn),
  ]
    .filter((d) => d !== "")
    .sort();
  const from = dates[0];
  const to = dates[dates.length - 1];
  return from !== undefined && to !== undefined ? { from, to } : undefined;
}

function personsInvolved(copy: CaseAlert) {
  const count = (category: number) => copy.persons.filter((p) => p.category === category).length;
  const nationalities = new Map<string, number>();
  for (const p of copy.persons)
    for (const n of new Set(p.nationalities)) nationalities.set(n, (nationalities.get(n) ?? 0) + 1);
  return {
    total: copy.persons.length,
    suspects: count(C.DATA_SUBJECT_CATEGORY_SUSPECT),
    convicted: count(C.DATA_SUBJECT_CATEGORY_CONVICTED),
    victims: count(C.DATA_SUBJECT_CATEGORY_VICTIM),
    potentialVictims: count(C.DATA_SUBJECT_CATEGORY_POTENTIAL_VICTIM),
    witnesses: count(C.DATA_SUBJECT_CATEGORY_WITNESS),
    contacts: count(C.DATA_SUBJECT_CATEGORY_CONTACT),
    categoryWithheld: count(C.DATA_SUBJECT_CATEGORY_UNSPECIFIED),
    minors: copy.persons.filter(isMinor).length,
    nationalities: [...nationalities.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([country, n]) => ({ country, count: n })),
  };
}

/** Fraud indicators from the persons' documents; numbers and holders stay behind. */
function documentFraud(copy: CaseAlert) {
  return list(
    copy.persons.flatMap((p) =>
      p.identityDocuments.flatMap((d) => {
        const fraudType = term(FRAUD_TYPE, d.fraud, "document fraud");
        if (fraudType === undefined || fraudType === null) return [];
        return [
          {
            documentType: term(DOCUMENT_TYPE, d.kind, "identity document kind"),
            issuingCountry: text(d.issuingCountry),
            fraudType,
            retainedByThirdParty: flag(d.retainedByThirdParty),
          },
        ];
      }),
    ),
  );
}

/**
 * Maps a minimised copy to a JORA/EUROSUR-like incident report for Frontex. Pure. Persons are
 * counted, never described; the impact level follows `impactLevel`.
 */
export function toFrontexIncident(copy: CaseAlert, meta: DeliveryMeta): FrontexIncident {
  checkDelivery("frontex", copy, meta);
  const persons = personsInvolved(copy);
  const impact = impactLevel({ priority: copy.header?.priority ?? 0, minors: persons.minors, persons: persons.total });
  const crossings = copy.route?.borderCrossings ?? [];
  const incident = compact({
    format: FRONTEX_FORMAT,
    incidentId: `INC-${meta.alertId}-${meta.version}`,
    ariadneCopyId: meta.copyId,
    reportedAt: meta.routedAt.toISOString(),
    reportingParty: { party: meta.originator, memberState: memberStateOf(meta.originator) },
    incidentType: term(INCIDENT_TYPE, copy.crimeArea, "crime area"),
    relatedIncidentTypes: terms(INCIDENT_TYPE, copy.relatedCrimeAreas, "crime area"),
    exploitationPurposes: terms(EXPLOITATION_PURPOSE, copy.exploitationForms, "exploitation form"),
    impactLevel: impact.level,
    impactFactors: impact.factors,
    route: routeOf(copy.route),
    borderCrossings: list(
      crossings.map((b) => ({
        borderSection: borderSectionOf(b),
        crossingPoint: text(b.crossingPoint),
        country: text(b.country),
        neighbourCountry: text(b.neighbourCountry),
        borderType: term(BORDER_TYPE, b.borderType, "border type"),
        // Border crossings are disclosed as a whole list, so false here is a stated false.
        externalBorder: b.externalBorder,
        crossedOn: text(b.crossedOn),
        crossingStatus: text(b.crossingStatus),
      })),
    ),
    modusOperandi: terms(MODUS_OPERANDI, copy.modusOperandi, "modus operandi"),
    documentFraud: documentFraud(copy),
    personsInvolved: persons,
    vehicles: list(
      informative(
        copy.vehicles.map((v) => ({
          type: term(VEHICLE_TYPE, v.kind, "vehicle kind"),
          registrationPlate: text(v.registrationPlate),
          registrationCountry: text(v.registrationCountry),
          makeModel: text(v.makeModel),
        })),
      ),
    ),
    period: periodOf(copy.route),
    handling: { code: handlingTerm(meta.handlingCode), notice: text(meta.handlingNotice) },
    legalBasis: meta.legalBasis,
  });
  return validated(FrontexIncidentSchema, incident, "Frontex incident");
}
