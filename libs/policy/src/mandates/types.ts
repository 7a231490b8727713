import type { CrimeArea, DataSubjectCategory, ExploitationForm, HandlingCode, Purpose } from "@ariadne/contracts";

/** Extra rules for a person who is a minor (minor flag or a minor's age band). They only narrow. */
export interface MinorsRule {
  /** Person patterns a minor's record may carry (further limited by the category's own list). */
  readonly fields: ReadonlySet<string>;
  /** Identifying person patterns released only when the alert states an identity purpose. */
  readonly identityFields: ReadonlySet<string>;
  /** Purposes that make a minor's identity strictly necessary for this recipient. */
  readonly identityPurposes: ReadonlySet<Purpose>;
  /** Alert-level free text withheld when an alert concerns a minor whose identity is not released. */
  readonly textFields: ReadonlySet<string>;
}

/** One recipient's mandate, compiled from the mandates file (enum names -> contract values). */
export interface Mandate {
  /** Party id of the recipient: europol, eurojust, frontex, ncp.nl... */
  readonly id: string;
  readonly displayName: string;
  /** Legal basis in words, citing the act: recorded with every decision. */
  readonly legalBasis: string;
  /** Outside the EU: receives nothing without the originator's explicit consent. */
  readonly thirdParty: boolean;
  readonly crimeAreas: ReadonlySet<CrimeArea>;
  readonly exploitationForms: ReadonlySet<ExploitationForm>;
  readonly purposes: ReadonlySet<Purpose>;
  readonly handlingCodes: ReadonlySet<HandlingCode>;
  /** Field patterns outside persons (crime_area, header.case_references, locations.city...). */
  readonly fields: ReadonlySet<string>;
  /** Person patterns per data-subject category; a category not listed receives nothing. */
  readonly persons: ReadonlyMap<DataSubjectCategory, ReadonlySet<string>>;
  readonly minors: MinorsRule;
}

/** The mandates in force, with the SHA-256 (hex) of the file bytes they came from. */
export interface MandateSet {
  readonly version: string;
  readonly recipients: readonly Mandate[];
}
