import {
  type CaseAlert,
  CrimeArea,
  DataSubjectCategory,
  type ExploitationForm,
  HandlingCode,
  type Purpose,
} from "@ariadne/contracts";
import { MINOR_AGE_BANDS } from "../validation/persons.ts";

export interface PersonFacts {
  readonly category: DataSubjectCategory;
  /** Minor flag or a minor's age band: either one makes the minors' rules apply. */
  readonly minor: boolean;
}

/** What the decision reads from an alert, gathered once for all recipients. */
export interface AlertFacts {
  readonly alertId: string;
  readonly version: number;
  readonly originator: string;
  readonly crimeArea: CrimeArea;
  readonly forms: readonly ExploitationForm[];
  readonly purposes: readonly Purpose[];
  readonly handlingCode: HandlingCode;
  readonly permittedRecipients: ReadonlySet<string>;
  readonly thirdPartyConsent: ReadonlySet<string>;
  /** By ref. */
  readonly persons: ReadonlyMap<string, PersonFacts>;
  readonly hasMinor: boolean;
  /** Pointer unit path -> the refs it points at (persons[P1].location_refs -> [L1, L2]). */
  readonly pointers: ReadonlyMap<string, readonly string[]>;
}

// A ref used twice (an invalid alert) cannot say which person a unit belongs to: treat it as
// an unlisted category and a minor, so none of its units can travel.
const AMBIGUOUS: PersonFacts = { category: DataSubjectCategory.DATA_SUBJECT_CATEGORY_UNSPECIFIED, minor: true };

export function factsOf(alert: CaseAlert): AlertFacts {
  const persons = new Map<string, PersonFacts>();
  for (const p of alert.persons) {
    const facts = { category: p.category, minor: p.minor || MINOR_AGE_BANDS.has(p.ageBand) };
    persons.set(p.ref, persons.has(p.ref) ? AMBIGUOUS : facts);
  }
  const pointers = new Map<string, readonly string[]>();
  for (const p of alert.persons) {
    pointers.set(`persons[${p.ref}].location_refs`, p.locationRefs);
    pointers.set(`persons[${p.ref}].organisation_refs`, p.organisationRefs);
  }
  for (const f of alert.financialInstruments) pointers.set(`financial_instruments[${f.ref}].holder_ref`, [f.holderRef]);
  for (const a of alert.advertisements) pointers.set(`advertisements[${a.ref}].poster_ref`, [a.posterRef]);
  const handling = alert.handling;
  return {
    alertId: alert.header?.alertId ?? "",
    version: alert.header?.version ?? 0,
    originator: alert.header?.originator ?? "",
    crimeArea: alert.crimeArea ?? CrimeArea.CRIME_AREA_UNSPECIFIED,
    forms: alert.exploitationForms,
    purposes: alert.header?.purposes ?? [],
    handlingCode: handling?.code ?? HandlingCode.HANDLING_CODE_UNSPECIFIED,
    permittedRecipients: new Set(handling?.permittedRecipients ?? []),
    thirdPartyConsent: new Set(handling?.thirdPartyConsent ?? []),
    persons,
    hasMinor: [...persons.values()].some((p) => p.minor),
    pointers,
  };
}
