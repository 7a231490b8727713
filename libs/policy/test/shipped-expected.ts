import { Purpose } from "@ariadne/contracts";

// What deploy/mandates.yaml gives each candidate recipient of each example, written out by hand
// from the example YAML and the mandate lists (not computed by decide()): the units of the
// alert, and per recipient either the units it receives, the units withheld and the rule that
// withheld each, or the refusal's reason code and rule. Shared by the policy's unit test and
// the router's integration test (services/router/test/examples.int.test.ts).

const on = (prefix: string, fields: string) => fields.split(" ").map((f) => `${prefix}.${f}`);
const person = (ref: string, fields: string) => on(`persons[${ref}]`, fields);
const entity = (list: string, ref: string, fields: string) => on(`${list}[${ref}]`, fields);
const rule = (ruleId: string, units: readonly string[]): [string, string][] => units.map((u) => [u, ruleId]);

export type ExampleFile =
  | "labour-fake-job-ads.yaml"
  | "forced-criminality-external-border.yaml"
  | "minor-sexual-exploitation-online.yaml";

export type ExpectedDecision =
  | {
      readonly recipient: string;
      readonly delivered: true;
      /** The alert's purposes this recipient serves, in code order. */
      readonly purposes: readonly Purpose[];
      /** [unit, rule that withheld it], in the alert's unit order. */
      readonly withheld: readonly (readonly [string, string])[];
      /** The copy's units, in the alert's order; written out where the list is short enough to read. */
      readonly allowed?: readonly string[];
    }
  | { readonly recipient: string; readonly delivered: false; readonly reasonCode: string; readonly ruleId: string };

export interface ExpectedExample {
  /** Every unit the example holds, in the contract's order (presentUnits). */
  readonly units: readonly string[];
  /** One per candidate recipient, in the mandates file's order, the originator left out. */
  readonly decisions: readonly ExpectedDecision[];
}

const {
  PURPOSE_CRIMINAL_ANALYSIS: CRIM,
  PURPOSE_OPERATIONAL_SUPPORT: OPS,
  PURPOSE_JUDICIAL_COOPERATION: JUD,
} = Purpose;
const { PURPOSE_BORDER_RISK_ANALYSIS: BORDER, PURPOSE_VICTIM_IDENTIFICATION: VICTIM_ID } = Purpose;
const INV = Purpose.PURPOSE_INVESTIGATION;

const VICTIM = "persons.DATA_SUBJECT_CATEGORY_VICTIM";
const POTENTIAL_VICTIM = "persons.DATA_SUBJECT_CATEGORY_POTENTIAL_VICTIM";
const SUSPECT = "persons.DATA_SUBJECT_CATEGORY_SUSPECT";
const CONTACT = "persons.DATA_SUBJECT_CATEGORY_CONTACT";

/** The delivered decision of an NCP or Europol: everything but what `withheld` names. */
const delivered = (recipient: string, purposes: Purpose[], withheld: [string, string][]): ExpectedDecision => ({
  recipient,
  delivered: true,
  purposes,
  withheld,
});

// Labour exploitation, ncp.nl, H1, no minors. Victim P3 has an address; P4 is a potential victim.
const LABOUR_UNITS = [
  ...on("header", "case_references priority language purposes respond_by"),
  ...["crime_area", "exploitation_forms", "handling", "evaluation"],
  ...person(
    "P1",
    "category role name age_band date_of_birth sex nationalities identity_documents online_identifiers organisation_refs",
  ),
  ...person("P2", "category role name age_band sex nationalities online_identifiers location_refs organisation_refs"),
  ...person(
    "P3",
    "category role name age_band sex nationalities identity_documents online_identifiers location_refs addresses",
  ),
  ...person("P4", "category role name age_band sex nationalities online_identifiers"),
  ...on("route", "origin_countries transit_countries destination_countries legs"),
  ...entity("locations", "L1", "kind country city description"),
  ...entity("locations", "L2", "kind country region city address latitude longitude"),
  ...entity("organisations", "O1", "kind name country registration_number website role"),
  ...entity("organisations", "O2", "kind name country role"),
  ...entity("organisations", "O3", "kind name country role"),
  ...entity("vehicles", "V1", "kind registration_plate registration_country make_model colour"),
  ...entity("financial_instruments", "F1", "kind identifier institution country holder_ref"),
  ...entity("financial_instruments", "F2", "kind identifier institution country holder_ref"),
  ...entity("advertisements", "A1", "url platform captured_at captured_text language capture_sha256 poster_ref"),
  ...["modus_operandi", "summary", "competent_authorities", "related_crime_areas"],
];

const LABOUR: ExpectedExample = {
  units: LABOUR_UNITS,
  decisions: [
    // Victims for analysis, without contact details: only the victim's address stays behind.
    delivered("europol", [CRIM, INV], rule(`europol#${VICTIM}`, ["persons[P3].addresses"])),
    {
      recipient: "eurojust",
      delivered: true,
      purposes: [JUD, INV],
      withheld: [
        ...rule(
          `eurojust#${VICTIM}`,
          person("P3", "name identity_documents online_identifiers location_refs addresses"),
        ),
        ...rule(`eurojust#${POTENTIAL_VICTIM}`, person("P4", "name online_identifiers")),
        ...rule("eurojust#fields", [
          "route.legs",
          "locations[L1].description",
          ...entity("locations", "L2", "region address latitude longitude"),
          "organisations[O1].website",
          ...entity("vehicles", "V1", "kind registration_plate registration_country make_model colour"),
          ...entity(
            "advertisements",
            "A1",
            "url platform captured_at captured_text language capture_sha256 poster_ref",
          ),
        ]),
      ],
      allowed: [
        ...on("header", "case_references priority language purposes respond_by"),
        ...["crime_area", "exploitation_forms", "handling", "evaluation"],
        ...person(
          "P1",
          "category role name age_band date_of_birth sex nationalities identity_documents online_identifiers organisation_refs",
        ),
        ...person(
          "P2",
          "category role name age_band sex nationalities online_identifiers location_refs organisation_refs",
        ),
        ...person("P3", "category role age_band sex nationalities"),
        ...person("P4", "category role age_band sex nationalities"),
        ...on("route", "origin_countries transit_countries destination_countries"),
        ...entity("locations", "L1", "kind country city"),
        ...entity("locations", "L2", "kind country city"),
        ...entity("organisations", "O1", "kind name country registration_number role"),
        ...entity("organisations", "O2", "kind name country role"),
        ...entity("organisations", "O3", "kind name country role"),
        ...entity("financial_instruments", "F1", "kind identifier institution country holder_ref"),
        ...entity("financial_instruments", "F2", "kind identifier institution country holder_ref"),
        ...["modus_operandi", "summary", "competent_authorities", "related_crime_areas"],
      ],
    },
    {
      recipient: "frontex",
      delivered: true,
      purposes: [BORDER],
      withheld: [
        ...rule("frontex#fields", ["header.case_references", "header.language"]),
        ...rule(`frontex#${SUSPECT}`, person("P1", "name date_of_birth online_identifiers organisation_refs")),
        ...rule(`frontex#${SUSPECT}`, person("P2", "name online_identifiers location_refs organisation_refs")),
        ...rule(
          `frontex#${VICTIM}`,
          person("P3", "role name identity_documents online_identifiers location_refs addresses"),
        ),
        ...rule(`frontex#${POTENTIAL_VICTIM}`, person("P4", "role name online_identifiers")),
        ...rule("frontex#fields", [
          "locations[L1].description",
          ...entity("locations", "L2", "address latitude longitude"),
          ...entity("organisations", "O1", "registration_number website"),
          ...entity("financial_instruments", "F1", "kind identifier institution country holder_ref"),
          ...entity("financial_instruments", "F2", "kind identifier institution country holder_ref"),
          ...entity(
            "advertisements",
            "A1",
            "url platform captured_at captured_text language capture_sha256 poster_ref",
          ),
          "summary",
        ]),
      ],
      allowed: [
        ...on("header", "priority purposes respond_by"),
        ...["crime_area", "exploitation_forms", "handling", "evaluation"],
        ...person("P1", "category role age_band sex nationalities identity_documents"),
        ...person("P2", "category role age_band sex nationalities"),
        ...person("P3", "category age_band sex nationalities"),
        ...person("P4", "category age_band sex nationalities"),
        ...on("route", "origin_countries transit_countries destination_countries legs"),
        ...entity("locations", "L1", "kind country city"),
        ...entity("locations", "L2", "kind country region city"),
        ...entity("organisations", "O1", "kind name country role"),
        ...entity("organisations", "O2", "kind name country role"),
        ...entity("organisations", "O3", "kind name country role"),
        ...entity("vehicles", "V1", "kind registration_plate registration_country make_model colour"),
        ...["modus_operandi", "competent_authorities", "related_crime_areas"],
      ],
    },
    delivered("ncp.de", [CRIM, JUD, INV], rule(`ncp.de#${VICTIM}`, ["persons[P3].addresses"])),
    delivered("ncp.fr", [CRIM, JUD, INV], rule(`ncp.fr#${VICTIM}`, ["persons[P3].addresses"])),
    delivered("ncp.ro", [CRIM, JUD, INV], rule(`ncp.ro#${VICTIM}`, ["persons[P3].addresses"])),
    { recipient: "ncp.ua", delivered: false, reasonCode: "THIRD_PARTY_NO_CONSENT", ruleId: "ncp.ua#third_party" },
  ],
};

// Forced criminality, ncp.fr, H0. P2 is a minor victim (13-15) and no purpose is victim
// identification, so the child's identity and the summary (minors' text field) stay behind.
const FORCED_UNITS = [
  ...on("header", "case_references priority language purposes"),
  ...["crime_area", "exploitation_forms", "handling", "evaluation"],
  ...person(
    "P1",
    "category role name age_band sex nationalities identity_documents online_identifiers organisation_refs",
  ),
  ...person("P2", "category role name minor age_band sex nationalities identity_documents"),
  ...person("P3", "category role name age_band sex nationalities identity_documents"),
  ...person("P4", "category role name nationalities"),
  ...on("route", "origin_countries transit_countries destination_countries legs border_crossings"),
  ...entity("locations", "L1", "kind country city"),
  ...entity("locations", "L2", "kind country city description"),
  ...entity("locations", "L3", "kind country city address"),
  ...entity("organisations", "O1", "kind name country role"),
  ...entity("vehicles", "V1", "kind registration_plate registration_country make_model colour"),
  ...entity("financial_instruments", "F1", "kind identifier institution country holder_ref"),
  ...["modus_operandi", "summary", "competent_authorities", "related_crime_areas"],
];

const childIdentity = (recipient: string): [string, string][] => [
  ...rule(`${recipient}#minors`, person("P2", "name identity_documents")),
  ...rule(`${recipient}#minors.text_fields`, ["summary"]),
];

const FORCED: ExpectedExample = {
  units: FORCED_UNITS,
  decisions: [
    delivered("europol", [CRIM, OPS, INV], childIdentity("europol")),
    {
      recipient: "eurojust",
      delivered: true,
      purposes: [JUD, INV],
      withheld: [
        // The victims' lists lack names and documents: the category rule withholds before the minors' rule.
        ...rule(`eurojust#${VICTIM}`, person("P2", "name identity_documents")),
        ...rule(`eurojust#${VICTIM}`, person("P3", "name identity_documents")),
        ...rule(`eurojust#${CONTACT}`, person("P4", "name nationalities")),
        ...rule("eurojust#fields", [
          "route.legs",
          "route.border_crossings",
          "locations[L2].description",
          "locations[L3].address",
          ...entity("vehicles", "V1", "kind registration_plate registration_country make_model colour"),
        ]),
        ...rule("eurojust#minors.text_fields", ["summary"]),
      ],
      allowed: [
        ...on("header", "case_references priority language purposes"),
        ...["crime_area", "exploitation_forms", "handling", "evaluation"],
        ...person(
          "P1",
          "category role name age_band sex nationalities identity_documents online_identifiers organisation_refs",
        ),
        ...person("P2", "category role minor age_band sex nationalities"),
        ...person("P3", "category role age_band sex nationalities"),
        ...person("P4", "category role"),
        ...on("route", "origin_countries transit_countries destination_countries"),
        ...entity("locations", "L1", "kind country city"),
        ...entity("locations", "L2", "kind country city"),
        ...entity("locations", "L3", "kind country city"),
        ...entity("organisations", "O1", "kind name country role"),
        ...entity("financial_instruments", "F1", "kind identifier institution country holder_ref"),
        ...["modus_operandi", "competent_authorities", "related_crime_areas"],
      ],
    },
    {
      recipient: "frontex",
      delivered: true,
      purposes: [BORDER],
      withheld: [
        ...rule("frontex#fields", ["header.case_references", "header.language"]),
        ...rule(`frontex#${SUSPECT}`, person("P1", "name online_identifiers organisation_refs")),
        ...rule(`frontex#${VICTIM}`, person("P2", "role name identity_documents")),
        ...rule(`frontex#${VICTIM}`, person("P3", "role name identity_documents")),
        // Frontex's mandate lists no contacts: nothing of P4 travels.
        ...rule(`frontex#${CONTACT}`, person("P4", "category role name nationalities")),
        ...rule("frontex#fields", [
          "locations[L2].description",
          "locations[L3].address",
          ...entity("financial_instruments", "F1", "kind identifier institution country holder_ref"),
          "summary",
        ]),
      ],
      allowed: [
        ...on("header", "priority purposes"),
        ...["crime_area", "exploitation_forms", "handling", "evaluation"],
        ...person("P1", "category role age_band sex nationalities identity_documents"),
        ...person("P2", "category minor age_band sex nationalities"),
        ...person("P3", "category age_band sex nationalities"),
        ...on("route", "origin_countries transit_countries destination_countries legs border_crossings"),
        ...entity("locations", "L1", "kind country city"),
        ...entity("locations", "L2", "kind country city"),
        ...entity("locations", "L3", "kind country city"),
        ...entity("organisations", "O1", "kind name country role"),
        ...entity("vehicles", "V1", "kind registration_plate registration_country make_model colour"),
        ...["modus_operandi", "competent_authorities", "related_crime_areas"],
      ],
    },
    delivered("ncp.nl", [CRIM, OPS, JUD, INV], childIdentity("ncp.nl")),
    delivered("ncp.de", [CRIM, OPS, JUD, INV], childIdentity("ncp.de")),
    delivered("ncp.ro", [CRIM, OPS, JUD, INV], childIdentity("ncp.ro")),
    { recipient: "ncp.ua", delivered: false, reasonCode: "THIRD_PARTY_NO_CONSENT", ruleId: "ncp.ua#third_party" },
  ],
};

// Sexual exploitation of a minor, ncp.de, H2 for europol and ncp.ro only, asks for victim
// identification: both receive everything, the child's identity included; nobody else receives.
const MINOR_UNITS = [
  ...on("header", "case_references links priority language purposes"),
  ...["crime_area", "exploitation_forms", "handling", "evaluation"],
  ...person(
    "P1",
    "category role name minor age_band date_of_birth sex nationalities online_identifiers location_refs physical_description",
  ),
  ...person("P2", "category role name age_band date_of_birth sex nationalities online_identifiers"),
  ...person("P3", "category role name nationalities"),
  ...on("route", "origin_countries transit_countries destination_countries legs border_crossings"),
  ...entity("locations", "L1", "kind country city address"),
  ...entity("organisations", "O1", "kind name role"),
  ...entity("financial_instruments", "F1", "kind identifier holder_ref network"),
  ...entity("advertisements", "A1", "url platform captured_at captured_text language capture_sha256 poster_ref"),
  ...["modus_operandi", "summary", "competent_authorities", "related_crime_areas"],
];

const NOT_PERMITTED = "policy#handling.permitted_recipients";
const MINOR: ExpectedExample = {
  units: MINOR_UNITS,
  decisions: [
    delivered("europol", [CRIM, OPS, VICTIM_ID, INV], []),
    // Eurojust serves investigation, so the purposes pass; the originator's H2 list does not name it.
    { recipient: "eurojust", delivered: false, reasonCode: "HANDLING_NOT_PERMITTED", ruleId: NOT_PERMITTED },
    { recipient: "frontex", delivered: false, reasonCode: "PURPOSE_OUT_OF_MANDATE", ruleId: "frontex#purposes" },
    { recipient: "ncp.nl", delivered: false, reasonCode: "HANDLING_NOT_PERMITTED", ruleId: NOT_PERMITTED },
    { recipient: "ncp.fr", delivered: false, reasonCode: "HANDLING_NOT_PERMITTED", ruleId: NOT_PERMITTED },
    delivered("ncp.ro", [CRIM, OPS, VICTIM_ID, INV], []),
    { recipient: "ncp.ua", delivered: false, reasonCode: "HANDLING_NOT_PERMITTED", ruleId: NOT_PERMITTED },
  ],
};

export const SHIPPED_EXPECTED: Readonly<Record<ExampleFile, ExpectedExample>> = {
  "labour-fake-job-ads.yaml": LABOUR,
  "forced-criminality-external-border.yaml": FORCED,
  "minor-sexual-exploitation-online.yaml": MINOR,
};

/** The units a delivered recipient's copy holds: the example's units minus those withheld. */
export function expectedAllowed(example: ExpectedExample, d: ExpectedDecision): string[] {
  if (!d.delivered) return [];
  const withheld = new Set(d.withheld.map(([unit]) => unit));
  return example.units.filter((u) => !withheld.has(u));
}
