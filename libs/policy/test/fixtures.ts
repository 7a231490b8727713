import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  AgeBand,
  CaseAlert,
  CrimeArea,
  DataSubjectCategory,
  ExploitationForm,
  FinancialInstrument_Kind,
  HandlingCode,
  InformationAccuracy,
  Location_Kind,
  Organisation_Kind,
  Priority,
  Purpose,
  parseAlertDocument,
  SourceReliability,
  Vehicle_Kind,
} from "@ariadne/contracts";

export const REPO = join(import.meta.dirname, "../../..");
export const SHIPPED_MANDATES = join(REPO, "deploy/mandates.yaml");
/** A fixed clock after every example and generated alert. */
export const NOW = new Date("2026-06-01T00:00:00Z");

export function example(name: string): CaseAlert {
  return parseAlertDocument(readFileSync(join(REPO, "examples", name), "utf8"));
}

/**
 * A small valid alert with one of everything that pointers can connect: a suspect (P1) and a
 * minor victim (P2), a location, an organisation, a vehicle, a financial instrument and an
 * advertisement. Tests change one thing and look for one outcome.
 */
export function baseAlert(): CaseAlert {
  return CaseAlert.fromPartial({
    header: {
      alertId: "019380a2-8e3a-7c5d-9b32-4d9e6f7a8b03",
      version: 1,
      originator: "ncp.de",
      createdAt: new Date("2025-10-02T21:17:00Z"),
      caseReferences: [{ system: "INPOL", reference: "DE-2025-1", authority: "BKA" }],
      priority: Priority.PRIORITY_HIGH,
      language: "de",
      purposes: [Purpose.PURPOSE_CRIMINAL_ANALYSIS, Purpose.PURPOSE_INVESTIGATION],
    },
    crimeArea: CrimeArea.CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS,
    exploitationForms: [ExploitationForm.EXPLOITATION_FORM_SEXUAL],
    handling: { code: HandlingCode.HANDLING_CODE_H0 },
    evaluation: {
      sourceReliability: SourceReliability.SOURCE_RELIABILITY_B,
      informationAccuracy: InformationAccuracy.INFORMATION_ACCURACY_2,
    },
    persons: [
      {
        ref: "P1",
        category: DataSubjectCategory.DATA_SUBJECT_CATEGORY_SUSPECT,
        role: "recruiter",
        name: { givenNames: "Florin", familyName: "Stoica" },
        ageBand: AgeBand.AGE_BAND_25_34,
        dateOfBirth: "1997",
        nationalities: ["RO"],
        organisationRefs: ["O1"],
      },
      {
        ref: "P2",
        category: DataSubjectCategory.DATA_SUBJECT_CATEGORY_VICTIM,
        name: { givenNames: "Andreea", familyName: "Munteanu" },
        minor: true,
        ageBand: AgeBand.AGE_BAND_16_17,
        dateOfBirth: "2009-02-11",
        nationalities: ["RO"],
        locationRefs: ["L1"],
      },
    ],
    route: {
      originCountries: ["RO"],
      destinationCountries: ["DE"],
      legs: [
        { fromCountry: "RO", toCountry: "DE", departedOn: "2025-09-20", arrivedOn: "2025-09-21", vehicleRef: "V1" },
      ],
    },
    locations: [{ ref: "L1", kind: Location_Kind.KIND_PLACE_OF_EXPLOITATION, country: "DE", city: "Berlin" }],
    organisations: [{ ref: "O1", kind: Organisation_Kind.KIND_ONLINE_PLATFORM, name: "escort-listings.example" }],
    vehicles: [{ ref: "V1", kind: Vehicle_Kind.KIND_CAR, registrationCountry: "RO" }],
    financialInstruments: [
      {
        ref: "F1",
        kind: FinancialInstrument_Kind.KIND_IBAN,
        identifier: "DE89 3704 0044 0532 0130 00",
        holderRef: "P1",
      },
    ],
    advertisements: [{ ref: "A1", url: "https://escort-listings.example/ad/1", posterRef: "O1", language: "de" }],
    summary: "Groomed online, flown to Berlin.",
  });
}

/** A deep copy with one change: Dates survive structuredClone. */
export function mutate(alert: CaseAlert, change: (a: CaseAlert) => void): CaseAlert {
  const copy = structuredClone(alert);
  change(copy);
  return copy;
}

/**
 * Small mandates for table-driven decision tests, as the plain object a YAML file would hold.
 * Each recipient isolates rules: analysis (broad, with minors rules), narrow (few fields,
 * H0/H1 only), third (a third party), empty (nothing but handling), and the base alert's
 * originator, ncp.de, which is never a candidate.
 */
export function testMandatesDoc() {
  const all = ["HANDLING_CODE_H0", "HANDLING_CODE_H1", "HANDLING_CODE_H2", "HANDLING_CODE_H3"];
  return {
    schema: "ariadne.mandates/v1",
    recipients: [
      {
        id: "analysis",
        display_name: "Analysis agency",
        legal_basis: "Test regulation, Art. 1 (analysis)",
        third_party: false,
        crime_areas: ["CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS", "CRIME_AREA_CHILD_SEXUAL_EXPLOITATION"],
        exploitation_forms: ["EXPLOITATION_FORM_SEXUAL", "EXPLOITATION_FORM_LABOUR"],
        purposes: ["PURPOSE_CRIMINAL_ANALYSIS", "PURPOSE_VICTIM_IDENTIFICATION"],
        handling_codes: all,
        fields: [
          "crime_area",
          "exploitation_forms",
          "handling",
          "header.case_references",
          "locations.city",
          "locations.country",
          "organisations.name",
          "financial_instruments.identifier",
          "financial_instruments.holder_ref",
          "advertisements.url",
          "advertisements.poster_ref",
          "summary",
        ],
        persons: {
          DATA_SUBJECT_CATEGORY_SUSPECT: [
            "persons.category",
            "persons.minor",
            "persons.name",
            "persons.nationalities",
            "persons.organisation_refs",
            "persons.location_refs",
          ],
          DATA_SUBJECT_CATEGORY_VICTIM: [
            "persons.category",
            "persons.minor",
            "persons.name",
            "persons.age_band",
            "persons.date_of_birth",
            "persons.location_refs",
          ],
        },
        minors: {
          fields: ["persons.category", "persons.minor", "persons.age_band"],
          identity_fields: ["persons.name"],
          identity_purposes: ["PURPOSE_VICTIM_IDENTIFICATION"],
          text_fields: ["summary"],
        },
      },
      {
        id: "narrow",
        display_name: "Narrow agency",
        legal_basis: "Test regulation, Art. 2 (narrow)",
        third_party: false,
        crime_areas: ["CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS"],
        exploitation_forms: ["EXPLOITATION_FORM_SEXUAL"],
        purposes: ["PURPOSE_INVESTIGATION"],
        handling_codes: ["HANDLING_CODE_H0", "HANDLING_CODE_H1"],
        fields: ["crime_area", "handling"],
        persons: {},
        minors: { fields: [] },
      },
      {
        id: "third",
        display_name: "Third country police",
        legal_basis: "Directive (EU) 2016/680 Art. 35(1)(e) (test)",
        third_party: true,
        crime_areas: ["CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS"],
        exploitation_forms: ["EXPLOITATION_FORM_SEXUAL"],
        purposes: ["PURPOSE_INVESTIGATION"],
        handling_codes: all,
        fields: ["crime_area", "handling"],
        persons: {},
        minors: { fields: [] },
      },
      {
        id: "empty",
        display_name: "Agency with nothing to receive",
        legal_basis: "Test regulation, Art. 3 (nothing)",
        third_party: false,
        crime_areas: ["CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS"],
        exploitation_forms: ["EXPLOITATION_FORM_SEXUAL"],
        purposes: ["PURPOSE_INVESTIGATION"],
        handling_codes: all,
        fields: ["handling"],
        persons: {},
        minors: { fields: [] },
      },
      {
        id: "ncp.de",
        display_name: "The originator",
        legal_basis: "Directive (EU) 2023/977 (test)",
        third_party: false,
        crime_areas: ["CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS"],
        exploitation_forms: ["EXPLOITATION_FORM_SEXUAL"],
        purposes: ["PURPOSE_INVESTIGATION"],
        handling_codes: all,
        fields: ["crime_area", "handling"],
        persons: {},
        minors: { fields: [] },
      },
    ],
  };
}
