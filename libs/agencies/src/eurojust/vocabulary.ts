import {
  AgeBand,
  CompetentAuthority_Kind,
  CrimeArea,
  DataSubjectCategory,
  ExploitationForm,
  IdentityDocument_Kind,
  Person_Sex,
  Priority,
} from "@ariadne/contracts";
import { z } from "zod";

// Ariadne codes -> the judicial-cooperation channel's terms. Exploitation forms use the wording
// of Directive 2011/36/EU Art. 2(3) as amended by (EU) 2024/1712.

export const EurojustCrimeType = z.enum([
  "TRAFFICKING_IN_HUMAN_BEINGS",
  "MIGRANT_SMUGGLING",
  "CHILD_SEXUAL_ABUSE_AND_EXPLOITATION",
  "MONEY_LAUNDERING",
  "FORGERY_OF_ADMINISTRATIVE_DOCUMENTS",
  "CYBERCRIME",
  "LABOUR_LAW_OFFENCES",
]);
export const CRIME_TYPE: Readonly<Record<number, z.infer<typeof EurojustCrimeType>>> = {
  [CrimeArea.CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS]: "TRAFFICKING_IN_HUMAN_BEINGS",
  [CrimeArea.CRIME_AREA_MIGRANT_SMUGGLING]: "MIGRANT_SMUGGLING",
  [CrimeArea.CRIME_AREA_CHILD_SEXUAL_EXPLOITATION]: "CHILD_SEXUAL_ABUSE_AND_EXPLOITATION",
  [CrimeArea.CRIME_AREA_MONEY_LAUNDERING]: "MONEY_LAUNDERING",
  [CrimeArea.CRIME_AREA_DOCUMENT_FRAUD]: "FORGERY_OF_ADMINISTRATIVE_DOCUMENTS",
  [CrimeArea.CRIME_AREA_CYBERCRIME]: "CYBERCRIME",
  [CrimeArea.CRIME_AREA_LABOUR_LAW_VIOLATION]: "LABOUR_LAW_OFFENCES",
};

export const EurojustExploitationForm = z.enum([
  "exploitation of the prostitution of others or other forms of sexual exploitation",
  "forced labour or services",
  "forced begging",
  "slavery or practices similar to slavery, servitude",
  "exploitation of criminal activities",
  "removal of organs",
  "forced marriage",
  "illegal adoption",
  "exploitation of surrogacy",
  "other form of exploitation",
]);
export const EXPLOITATION_FORM: Readonly<Record<number, z.infer<typeof EurojustExploitationForm>>> = {
  [ExploitationForm.EXPLOITATION_FORM_SEXUAL]:
    "exploitation of the prostitution of others or other forms of sexual exploitation",
  [ExploitationForm.EXPLOITATION_FORM_LABOUR]: "forced labour or services",
  [ExploitationForm.EXPLOITATION_FORM_BEGGING]: "forced begging",
  [ExploitationForm.EXPLOITATION_FORM_SLAVERY_SERVITUDE]: "slavery or practices similar to slavery, servitude",
  [ExploitationForm.EXPLOITATION_FORM_CRIMINAL_ACTIVITIES]: "exploitation of criminal activities",
  [ExploitationForm.EXPLOITATION_FORM_ORGAN_REMOVAL]: "removal of organs",
  [ExploitationForm.EXPLOITATION_FORM_FORCED_MARRIAGE]: "forced marriage",
  [ExploitationForm.EXPLOITATION_FORM_ILLEGAL_ADOPTION]: "illegal adoption",
  [ExploitationForm.EXPLOITATION_FORM_SURROGACY]: "exploitation of surrogacy",
  [ExploitationForm.EXPLOITATION_FORM_OTHER]: "other form of exploitation",
};

/** Who counts as a suspect for a judicial channel: suspects and convicted persons only. */
export const SuspectStatus = z.enum(["SUSPECT", "CONVICTED"]);
export const SUSPECT_STATUS: Readonly<Record<number, z.infer<typeof SuspectStatus>>> = {
  [DataSubjectCategory.DATA_SUBJECT_CATEGORY_SUSPECT]: "SUSPECT",
  [DataSubjectCategory.DATA_SUBJECT_CATEGORY_CONVICTED]: "CONVICTED",
};

export const EurojustAuthorityType = z.enum([
  "POLICE",
  "PUBLIC_PROSECUTOR",
  "COURT",
  "LABOUR_INSPECTORATE",
  "BORDER_GUARD",
  "CHILD_PROTECTION_SERVICE",
]);
export const AUTHORITY_TYPE: Readonly<Record<number, z.infer<typeof EurojustAuthorityType>>> = {
  [CompetentAuthority_Kind.KIND_POLICE]: "POLICE",
  [CompetentAuthority_Kind.KIND_PROSECUTOR]: "PUBLIC_PROSECUTOR",
  [CompetentAuthority_Kind.KIND_COURT]: "COURT",
  [CompetentAuthority_Kind.KIND_LABOUR_INSPECTORATE]: "LABOUR_INSPECTORATE",
  [CompetentAuthority_Kind.KIND_BORDER_GUARD]: "BORDER_GUARD",
  [CompetentAuthority_Kind.KIND_CHILD_PROTECTION]: "CHILD_PROTECTION_SERVICE",
};

export const EurojustUrgency = z.enum(["NORMAL", "URGENT", "VERY_URGENT", "RISK_TO_LIFE"]);
export const URGENCY: Readonly<Record<number, z.infer<typeof EurojustUrgency>>> = {
  [Priority.PRIORITY_ROUTINE]: "NORMAL",
  [Priority.PRIORITY_HIGH]: "URGENT",
  [Priority.PRIORITY_URGENT]: "VERY_URGENT",
  [Priority.PRIORITY_IMMEDIATE]: "RISK_TO_LIFE",
};

const HOUR = 3_600_000;
/**
 * Answer deadlines of Directive (EU) 2023/977 Art. 5, counted from routing when the originator
 * set none: 7 days, 3 days for urgent indirectly accessible data, 8 hours for urgent directly
 * accessible data; an imminent threat to life gets the shortest.
 */
export const DEADLINE_MS: Readonly<Record<number, number>> = {
  [Priority.PRIORITY_ROUTINE]: 7 * 24 * HOUR,
  [Priority.PRIORITY_HIGH]: 3 * 24 * HOUR,
  [Priority.PRIORITY_URGENT]: 8 * HOUR,
  [Priority.PRIORITY_IMMEDIATE]: 8 * HOUR,
};

export const EurojustAgeBand = z.enum(["UNDER_13", "13_15", "16_17", "18_24", "25_34", "35_49", "50_AND_OVER"]);
export const AGE_BAND: Readonly<Record<number, z.infer<typeof EurojustAgeBand>>> = {
  [AgeBand.AGE_BAND_0_12]: "UNDER_13",
  [AgeBand.AGE_BAND_13_15]: "13_15",
  [AgeBand.AGE_BAND_16_17]: "16_17",
  [AgeBand.AGE_BAND_18_24]: "18_24",
  [AgeBand.AGE_BAND_25_34]: "25_34",
  [AgeBand.AGE_BAND_35_49]: "35_49",
  [AgeBand.AGE_BAND_50_PLUS]: "50_AND_OVER",
};

export const EurojustSex = z.enum(["F", "M", "X"]);
export const SEX: Readonly<Record<number, z.infer<typeof EurojustSex>>> = {
  [Person_Sex.SEX_FEMALE]: "F",
  [Person_Sex.SEX_MALE]: "M",
  [Person_Sex.SEX_OTHER]: "X",
};

export const EurojustDocumentType = z.enum([
  "PASSPORT",
  "IDENTITY_CARD",
  "RESIDENCE_PERMIT",
  "VISA",
  "WORK_PERMIT",
  "DRIVING_LICENCE",
]);
export const DOCUMENT_TYPE: Readonly<Record<number, z.infer<typeof EurojustDocumentType>>> = {
  [IdentityDocument_Kind.KIND_PASSPORT]: "PASSPORT",
  [IdentityDocument_Kind.KIND_IDENTITY_CARD]: "IDENTITY_CARD",
  [IdentityDocument_Kind.KIND_RESIDENCE_PERMIT]: "RESIDENCE_PERMIT",
  [IdentityDocument_Kind.KIND_VISA]: "VISA",
  [IdentityDocument_Kind.KIND_WORK_PERMIT]: "WORK_PERMIT",
  [IdentityDocument_Kind.KIND_DRIVING_LICENCE]: "DRIVING_LICENCE",
};

/** EU Member States (ISO 3166-1 alpha-2; Greece is GR here, EL in EU usage). */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set(
  "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split(" "),
);

/** Under H0-H3, whether the recipient may use the information in court, or pass it on. */
export const UseCondition = z.enum(["PERMITTED", "PROVIDER_PERMISSION_REQUIRED", "SEE_RESTRICTIONS"]);
