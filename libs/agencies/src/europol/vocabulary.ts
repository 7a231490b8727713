import {
  AgeBand,
  CrimeArea,
  DataSubjectCategory,
  ExploitationForm,
  FinancialInstrument_Kind as FinancialKind,
  IdentityDocument_Fraud,
  IdentityDocument_Kind,
  Location_Kind,
  ModusOperandi,
  OnlineIdentifier_Kind,
  Organisation_Kind,
  Person_Sex,
  Priority,
  Purpose,
  Vehicle_Kind,
} from "@ariadne/contracts";
import { z } from "zod";

// Ariadne codes -> SIENA-like terms. Crime areas use Europol's mandated-crime wording (Europol
// Regulation Annex I); data-subject categories follow Annex II; purposes are Art. 18(2).

export const SIENA_CRIME_AREAS = [
  "Trafficking in human beings",
  "Illegal immigrant smuggling",
  "Sexual abuse and sexual exploitation, including child abuse material",
  "Money-laundering activities",
  "Forgery of administrative documents and trafficking therein",
  "Computer crime",
  "Labour law infringements (non-mandated, context only)",
] as const;
export const SienaCrimeArea = z.enum(SIENA_CRIME_AREAS);
type CrimeAreaTerm = (typeof SIENA_CRIME_AREAS)[number];

export const CRIME_AREA: Readonly<Record<number, CrimeAreaTerm>> = {
  [CrimeArea.CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS]: "Trafficking in human beings",
  [CrimeArea.CRIME_AREA_MIGRANT_SMUGGLING]: "Illegal immigrant smuggling",
  [CrimeArea.CRIME_AREA_CHILD_SEXUAL_EXPLOITATION]:
    "Sexual abuse and sexual exploitation, including child abuse material",
  [CrimeArea.CRIME_AREA_MONEY_LAUNDERING]: "Money-laundering activities",
  [CrimeArea.CRIME_AREA_DOCUMENT_FRAUD]: "Forgery of administrative documents and trafficking therein",
  [CrimeArea.CRIME_AREA_CYBERCRIME]: "Computer crime",
  [CrimeArea.CRIME_AREA_LABOUR_LAW_VIOLATION]: "Labour law infringements (non-mandated, context only)",
};

export const SienaExploitationType = z.enum([
  "Sexual exploitation",
  "Labour exploitation",
  "Forced begging",
  "Slavery or servitude",
  "Forced criminality",
  "Organ removal",
  "Forced marriage",
  "Illegal adoption",
  "Surrogacy exploitation",
  "Other exploitation",
]);
export const EXPLOITATION: Readonly<Record<number, z.infer<typeof SienaExploitationType>>> = {
  [ExploitationForm.EXPLOITATION_FORM_SEXUAL]: "Sexual exploitation",
  [ExploitationForm.EXPLOITATION_FORM_LABOUR]: "Labour exploitation",
  [ExploitationForm.EXPLOITATION_FORM_BEGGING]: "Forced begging",
  [ExploitationForm.EXPLOITATION_FORM_SLAVERY_SERVITUDE]: "Slavery or servitude",
  [ExploitationForm.EXPLOITATION_FORM_CRIMINAL_ACTIVITIES]: "Forced criminality",
  [ExploitationForm.EXPLOITATION_FORM_ORGAN_REMOVAL]: "Organ removal",
  [ExploitationForm.EXPLOITATION_FORM_FORCED_MARRIAGE]: "Forced marriage",
  [ExploitationForm.EXPLOITATION_FORM_ILLEGAL_ADOPTION]: "Illegal adoption",
  [ExploitationForm.EXPLOITATION_FORM_SURROGACY]: "Surrogacy exploitation",
  [ExploitationForm.EXPLOITATION_FORM_OTHER]: "Other exploitation",
};

export const SienaModusOperandi = z.enum([
  "Fake job offer",
  "Online recruitment",
  "Lover boy method",
  "Debt bondage",
  "Retention of identity documents",
  "Violence or threats",
  "Isolation",
  "Document fraud",
  "Facilitated border crossing",
  "Encrypted communication",
  "Family involvement",
  "Subcontracting chain",
  "Abuse of a position of vulnerability",
]);
export const MODUS_OPERANDI: Readonly<Record<number, z.infer<typeof SienaModusOperandi>>> = {
  [ModusOperandi.MODUS_OPERANDI_FAKE_JOB_OFFER]: "Fake job offer",
  [ModusOperandi.MODUS_OPERANDI_ONLINE_RECRUITMENT]: "Online recruitment",
  [ModusOperandi.MODUS_OPERANDI_LOVER_BOY]: "Lover boy method",
  [ModusOperandi.MODUS_OPERANDI_DEBT_BONDAGE]: "Debt bondage",
  [ModusOperandi.MODUS_OPERANDI_DOCUMENT_RETENTION]: "Retention of identity documents",
  [ModusOperandi.MODUS_OPERANDI_VIOLENCE_OR_THREATS]: "Violence or threats",
  [ModusOperandi.MODUS_OPERANDI_ISOLATION]: "Isolation",
  [ModusOperandi.MODUS_OPERANDI_DOCUMENT_FRAUD]: "Document fraud",
  [ModusOperandi.MODUS_OPERANDI_FACILITATED_BORDER_CROSSING]: "Facilitated border crossing",
  [ModusOperandi.MODUS_OPERANDI_ENCRYPTED_COMMUNICATION]: "Encrypted communication",
  [ModusOperandi.MODUS_OPERANDI_FAMILY_INVOLVEMENT]: "Family involvement",
  [ModusOperandi.MODUS_OPERANDI_SUBCONTRACTING_CHAIN]: "Subcontracting chain",
  [ModusOperandi.MODUS_OPERANDI_ABUSE_OF_VULNERABILITY]: "Abuse of a position of vulnerability",
};

export const SienaPriority = z.enum(["NORMAL", "HIGH", "URGENT", "VERY_URGENT"]);
export const PRIORITY: Readonly<Record<number, z.infer<typeof SienaPriority>>> = {
  [Priority.PRIORITY_ROUTINE]: "NORMAL",
  [Priority.PRIORITY_HIGH]: "HIGH",
  [Priority.PRIORITY_URGENT]: "URGENT",
  [Priority.PRIORITY_IMMEDIATE]: "VERY_URGENT",
};

/** Europol Regulation Art. 18(2): (a) cross-checking, (b) strategic/thematic analysis, (c) operational analysis, (d) facilitating exchange. */
export const PROCESSING_PURPOSES = [
  "CROSS_CHECKING",
  "STRATEGIC_ANALYSIS",
  "OPERATIONAL_ANALYSIS",
  "INFORMATION_EXCHANGE",
] as const;
export const SienaProcessingPurpose = z.enum(PROCESSING_PURPOSES);
export const PURPOSE: Readonly<Record<number, (typeof PROCESSING_PURPOSES)[number]>> = {
  [Purpose.PURPOSE_CRIMINAL_ANALYSIS]: "OPERATIONAL_ANALYSIS",
  [Purpose.PURPOSE_OPERATIONAL_SUPPORT]: "INFORMATION_EXCHANGE",
  [Purpose.PURPOSE_JUDICIAL_COOPERATION]: "INFORMATION_EXCHANGE",
  [Purpose.PURPOSE_BORDER_RISK_ANALYSIS]: "STRATEGIC_ANALYSIS",
  [Purpose.PURPOSE_VICTIM_IDENTIFICATION]: "CROSS_CHECKING",
  [Purpose.PURPOSE_INVESTIGATION]: "CROSS_CHECKING",
  [Purpose.PURPOSE_PREVENTION]: "STRATEGIC_ANALYSIS",
};

export const SienaDataSubject = z.enum([
  "SUSPECT",
  "CONVICTED",
  "VICTIM",
  "POTENTIAL_VICTIM",
  "WITNESS",
  "CONTACT_ASSOCIATE",
]);
export const DATA_SUBJECT: Readonly<Record<number, z.infer<typeof SienaDataSubject>>> = {
  [DataSubjectCategory.DATA_SUBJECT_CATEGORY_SUSPECT]: "SUSPECT",
  [DataSubjectCategory.DATA_SUBJECT_CATEGORY_CONVICTED]: "CONVICTED",
  [DataSubjectCategory.DATA_SUBJECT_CATEGORY_VICTIM]: "VICTIM",
  [DataSubjectCategory.DATA_SUBJECT_CATEGORY_POTENTIAL_VICTIM]: "POTENTIAL_VICTIM",
  [DataSubjectCategory.DATA_SUBJECT_CATEGORY_WITNESS]: "WITNESS",
  [DataSubjectCategory.DATA_SUBJECT_CATEGORY_CONTACT]: "CONTACT_ASSOCIATE",
};

export const SienaAgeBand = z.enum(["0-12", "13-15", "16-17", "18-24", "25-34", "35-49", "50+"]);
export const AGE_BAND: Readonly<Record<number, z.infer<typeof SienaAgeBand>>> = {
  [AgeBand.AGE_BAND_0_12]: "0-12",
  [AgeBand.AGE_BAND_13_15]: "13-15",
  [AgeBand.AGE_BAND_16_17]: "16-17",
  [AgeBand.AGE_BAND_18_24]: "18-24",
  [AgeBand.AGE_BAND_25_34]: "25-34",
  [AgeBand.AGE_BAND_35_49]: "35-49",
  [AgeBand.AGE_BAND_50_PLUS]: "50+",
};

export const SienaSex = z.enum(["MALE", "FEMALE", "OTHER"]);
export const SEX: Readonly<Record<number, z.infer<typeof SienaSex>>> = {
  [Person_Sex.SEX_FEMALE]: "FEMALE",
  [Person_Sex.SEX_MALE]: "MALE",
  [Person_Sex.SEX_OTHER]: "OTHER",
};

export const SienaDocumentType = z.enum([
  "PASSPORT",
  "ID_CARD",
  "RESIDENCE_PERMIT",
  "VISA",
  "WORK_PERMIT",
  "DRIVING_LICENCE",
]);
export const DOCUMENT_TYPE: Readonly<Record<number, z.infer<typeof SienaDocumentType>>> = {
  [IdentityDocument_Kind.KIND_PASSPORT]: "PASSPORT",
  [IdentityDocument_Kind.KIND_IDENTITY_CARD]: "ID_CARD",
  [IdentityDocument_Kind.KIND_RESIDENCE_PERMIT]: "RESIDENCE_PERMIT",
  [IdentityDocument_Kind.KIND_VISA]: "VISA",
  [IdentityDocument_Kind.KIND_WORK_PERMIT]: "WORK_PERMIT",
  [IdentityDocument_Kind.KIND_DRIVING_LICENCE]: "DRIVING_LICENCE",
};

export const SienaFraudIndicator = z.enum([
  "NO_FRAUD_DETECTED",
  "FORGED",
  "COUNTERFEIT",
  "FRAUDULENTLY_OBTAINED",
  "IMPOSTOR",
  "STOLEN_BLANK",
]);
export const FRAUD: Readonly<Record<number, z.infer<typeof SienaFraudIndicator>>> = {
  [IdentityDocument_Fraud.FRAUD_NONE_DETECTED]: "NO_FRAUD_DETECTED",
  [IdentityDocument_Fraud.FRAUD_FORGED]: "FORGED",
  [IdentityDocument_Fraud.FRAUD_COUNTERFEIT]: "COUNTERFEIT",
  [IdentityDocument_Fraud.FRAUD_FRAUDULENTLY_OBTAINED]: "FRAUDULENTLY_OBTAINED",
  [IdentityDocument_Fraud.FRAUD_IMPOSTOR]: "IMPOSTOR",
  [IdentityDocument_Fraud.FRAUD_STOLEN_BLANK]: "STOLEN_BLANK",
};

export const SienaCommunicationType = z.enum([
  "ONLINE_ACCOUNT",
  "HANDLE",
  "PHONE",
  "EMAIL",
  "MESSENGER_ID",
  "IP_ADDRESS",
  "WEB_PAGE",
]);
export const COMMUNICATION_TYPE: Readonly<Record<number, z.infer<typeof SienaCommunicationType>>> = {
  [OnlineIdentifier_Kind.KIND_ACCOUNT]: "ONLINE_ACCOUNT",
  [OnlineIdentifier_Kind.KIND_HANDLE]: "HANDLE",
  [OnlineIdentifier_Kind.KIND_PHONE_NUMBER]: "PHONE",
  [OnlineIdentifier_Kind.KIND_EMAIL]: "EMAIL",
  [OnlineIdentifier_Kind.KIND_MESSENGER]: "MESSENGER_ID",
  [OnlineIdentifier_Kind.KIND_IP_ADDRESS]: "IP_ADDRESS",
};

export const SienaOrganisationType = z.enum([
  "RECRUITMENT_AGENCY",
  "EMPLOYER",
  "ONLINE_SERVICE_PROVIDER",
  "TRANSPORT_COMPANY",
  "SHELL_COMPANY",
  "ACCOMMODATION_PROVIDER",
  "MONEY_SERVICE_BUSINESS",
]);
export const ORGANISATION_TYPE: Readonly<Record<number, z.infer<typeof SienaOrganisationType>>> = {
  [Organisation_Kind.KIND_RECRUITMENT_AGENCY]: "RECRUITMENT_AGENCY",
  [Organisation_Kind.KIND_EMPLOYER]: "EMPLOYER",
  [Organisation_Kind.KIND_ONLINE_PLATFORM]: "ONLINE_SERVICE_PROVIDER",
  [Organisation_Kind.KIND_TRANSPORT_COMPANY]: "TRANSPORT_COMPANY",
  [Organisation_Kind.KIND_SHELL_COMPANY]: "SHELL_COMPANY",
  [Organisation_Kind.KIND_ACCOMMODATION]: "ACCOMMODATION_PROVIDER",
  [Organisation_Kind.KIND_MONEY_SERVICE]: "MONEY_SERVICE_BUSINESS",
};

export const SienaFinancialType = z.enum([
  "BANK_ACCOUNT",
  "PAYMENT_CARD",
  "CRYPTO_WALLET",
  "MONEY_TRANSFER",
  "PAYMENT_ACCOUNT",
]);
export const FINANCIAL_TYPE: Readonly<Record<number, z.infer<typeof SienaFinancialType>>> = {
  [FinancialKind.KIND_IBAN]: "BANK_ACCOUNT",
  [FinancialKind.KIND_PAYMENT_CARD]: "PAYMENT_CARD",
  [FinancialKind.KIND_CRYPTO_WALLET]: "CRYPTO_WALLET",
  [FinancialKind.KIND_MONEY_TRANSFER]: "MONEY_TRANSFER",
  [FinancialKind.KIND_PAYMENT_ACCOUNT]: "PAYMENT_ACCOUNT",
};

export const SienaLocationType = z.enum([
  "RESIDENCE",
  "PLACE_OF_EXPLOITATION",
  "PLACE_OF_RECRUITMENT",
  "TRANSIT_POINT",
  "MEETING_POINT",
  "BORDER_CROSSING_POINT",
  "WORKPLACE",
]);
export const LOCATION_TYPE: Readonly<Record<number, z.infer<typeof SienaLocationType>>> = {
  [Location_Kind.KIND_RESIDENCE]: "RESIDENCE",
  [Location_Kind.KIND_PLACE_OF_EXPLOITATION]: "PLACE_OF_EXPLOITATION",
  [Location_Kind.KIND_RECRUITMENT]: "PLACE_OF_RECRUITMENT",
  [Location_Kind.KIND_TRANSIT]: "TRANSIT_POINT",
  [Location_Kind.KIND_MEETING_POINT]: "MEETING_POINT",
  [Location_Kind.KIND_BORDER_CROSSING_POINT]: "BORDER_CROSSING_POINT",
  [Location_Kind.KIND_WORKPLACE]: "WORKPLACE",
};

export const SienaVehicleType = z.enum(["CAR", "VAN", "BUS", "TRUCK", "BOAT"]);
export const VEHICLE_TYPE: Readonly<Record<number, z.infer<typeof SienaVehicleType>>> = {
  [Vehicle_Kind.KIND_CAR]: "CAR",
  [Vehicle_Kind.KIND_VAN]: "VAN",
  [Vehicle_Kind.KIND_BUS]: "BUS",
  [Vehicle_Kind.KIND_TRUCK]: "TRUCK",
  [Vehicle_Kind.KIND_BOAT]: "BOAT",
};

/** Links between entities, from -> to. */
export const SienaLinkType = z.enum([
  /** person -> organisation (employer, recruiter, member) */
  "ASSOCIATED_WITH",
  /** person -> location (residence, place of exploitation) */
  "LINKED_TO_LOCATION",
  /** person -> means of communication */
  "USES",
  /** person or organisation -> financial instrument */
  "HOLDS",
  /** person or organisation -> web page */
  "POSTED",
]);
