/**
 * Size bounds of an alert. An early alert is a short, structured message; the bounds keep a
 * mistaken or hostile alert from costing every recipient (and the audit log) its size.
 * Texts count UTF-16 code units. Keys are "<Message>.<field>" in proto names.
 */
export interface ValidationLimits {
  /** Default for any string field not listed in `text`. */
  readonly defaultText: number;
  /** Default for any repeated field not listed in `lists`. */
  readonly defaultList: number;
  readonly text: Readonly<Record<string, number>>;
  readonly lists: Readonly<Record<string, number>>;
}

export const DEFAULT_LIMITS: ValidationLimits = {
  defaultText: 256,
  defaultList: 20,
  text: {
    "CaseAlert.summary": 4000,
    "Handling.restrictions": 1000,
    "Person.role": 500,
    "Person.addresses": 500,
    "Person.physical_description": 1000,
    "Location.address": 500,
    "Location.description": 1000,
    "Organisation.name": 300,
    "Organisation.role": 500,
    "Organisation.website": 2048,
    "OnlineAdvertisement.url": 2048,
    "OnlineAdvertisement.captured_text": 8000,
    "CompetentAuthority.name": 300,
    "BorderCrossing.crossing_status": 500,
  },
  lists: {
    "CaseAlert.persons": 100,
    "CaseAlert.locations": 100,
    "CaseAlert.organisations": 100,
    "CaseAlert.vehicles": 100,
    "CaseAlert.financial_instruments": 100,
    "CaseAlert.advertisements": 100,
    "CaseAlert.competent_authorities": 30,
    "AlertHeader.links": 50,
    "Handling.permitted_recipients": 50,
    "Handling.third_party_consent": 50,
    "Route.legs": 50,
    "Route.border_crossings": 50,
    "Person.location_refs": 50,
    "Person.organisation_refs": 50,
  },
};
