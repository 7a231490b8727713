import type { CaseAlert, IdentityDocument, Person } from "@ariadne/contracts";
import { flag, list, term, text } from "../present.ts";
import type { SienaLink, SienaMessage } from "./schema.ts";
import {
  AGE_BAND,
  COMMUNICATION_TYPE,
  DATA_SUBJECT,
  DOCUMENT_TYPE,
  FINANCIAL_TYPE,
  FRAUD,
  LOCATION_TYPE,
  ORGANISATION_TYPE,
  SEX,
  VEHICLE_TYPE,
} from "./vocabulary.ts";

type Entities = SienaMessage["entities"];

function identityDocument(d: IdentityDocument) {
  return {
    type: term(DOCUMENT_TYPE, d.kind, "identity document kind"),
    number: text(d.number),
    issuingCountry: text(d.issuingCountry),
    expiryDate: text(d.expiresOn),
    fraudIndicator: term(FRAUD, d.fraud, "document fraud"),
    retainedByThirdParty: flag(d.retainedByThirdParty),
  };
}

function person(p: Person) {
  return {
    entityId: p.ref,
    dataSubjectCategory: term(DATA_SUBJECT, p.category, "data subject category"),
    role: text(p.role),
    surname: text(p.name?.familyName),
    forenames: text(p.name?.givenNames),
    aliases: list(p.name?.aliases),
    minor: flag(p.minor),
    ageBand: term(AGE_BAND, p.ageBand, "age band"),
    dateOfBirth: text(p.dateOfBirth),
    sex: term(SEX, p.sex, "sex"),
    nationalities: list(p.nationalities),
    identityDocuments: list(p.identityDocuments.map(identityDocument)),
    addresses: list(p.addresses),
    physicalDescription: text(p.physicalDescription),
  };
}

/**
 * The copy's entities as SIENA entities, with the links the copy states between them. Online
 * identifiers become means of communication of their person ("P1/C1"); advertisements become
 * web pages. A link whose other end the copy withheld is dropped: it would point at nothing.
 */
export function sienaEntities(copy: CaseAlert): { entities: Entities; links: SienaLink[] } {
  const links: SienaLink[] = [];
  const meansOfCommunication: Entities["meansOfCommunication"] = [];
  for (const p of copy.persons) {
    p.onlineIdentifiers.forEach((o, i) => {
      const entityId = `${p.ref}/C${i + 1}`;
      meansOfCommunication.push({
        entityId,
        type: term(COMMUNICATION_TYPE, o.kind, "online identifier kind"),
        value: text(o.value),
        serviceProvider: text(o.platform),
      });
      links.push({ from: p.ref, to: entityId, type: "USES" });
    });
    for (const o of p.organisationRefs) links.push({ from: p.ref, to: o, type: "ASSOCIATED_WITH" });
    for (const l of p.locationRefs) links.push({ from: p.ref, to: l, type: "LINKED_TO_LOCATION" });
  }
  for (const a of copy.advertisements) {
    meansOfCommunication.push({
      entityId: a.ref,
      type: "WEB_PAGE",
      value: text(a.url),
      serviceProvider: text(a.platform),
      capturedAt: a.capturedAt?.toISOString(),
      captureSha256: text(a.captureSha256),
      content: text(a.capturedText),
      language: text(a.language),
    });
    if (a.posterRef !== "") links.push({ from: a.posterRef, to: a.ref, type: "POSTED" });
  }
  for (const f of copy.financialInstruments) {
    if (f.holderRef !== "") links.push({ from: f.holderRef, to: f.ref, type: "HOLDS" });
  }
  const entities: Entities = {
    persons: copy.persons.map(person),
    organisations: copy.organisations.map((o) => ({
      entityId: o.ref,
      type: term(ORGANISATION_TYPE, o.kind, "organisation kind"),
      name: text(o.name),
      country: text(o.country),
      registrationNumber: text(o.registrationNumber),
      website: text(o.website),
      role: text(o.role),
    })),
    meansOfCommunication,
    financialInstruments: copy.financialInstruments.map((f) => ({
      entityId: f.ref,
      type: term(FINANCIAL_TYPE, f.kind, "financial instrument kind"),
      identifier: text(f.identifier),
      institution: text(f.institution),
      country: text(f.country),
      network: text(f.network),
    })),
    locations: copy.locations.map((l) => ({
      entityId: l.ref,
      type: term(LOCATION_TYPE, l.kind, "location kind"),
      country: text(l.country),
      region: text(l.region),
      city: text(l.city),
      address: text(l.address),
      // Latitude and longitude are disclosed one by one; half a position is no position.
      coordinates: l.latitude !== 0 && l.longitude !== 0 ? { latitude: l.latitude, longitude: l.longitude } : undefined,
      description: text(l.description),
    })),
    vehicles: copy.vehicles.map((v) => ({
      entityId: v.ref,
      type: term(VEHICLE_TYPE, v.kind, "vehicle kind"),
      registrationPlate: text(v.registrationPlate),
      registrationCountry: text(v.registrationCountry),
      makeModel: text(v.makeModel),
      colour: text(v.colour),
    })),
  };
  const present = new Set(Object.values(entities).flatMap((xs: { entityId: string }[]) => xs.map((x) => x.entityId)));
  return { entities, links: links.filter((l) => present.has(l.from) && present.has(l.to)) };
}
