import {
  BorderCrossing_BorderType,
  CrimeArea,
  ExploitationForm,
  IdentityDocument_Fraud,
  IdentityDocument_Kind,
  ModusOperandi,
  RouteLeg_TransportMode,
  Vehicle_Kind,
} from "@ariadne/contracts";
import { z } from "zod";

// Ariadne codes -> JORA/EUROSUR-like terms used in Frontex incident reporting and risk analysis.

export const IncidentType = z.enum([
  "SUSPECTED_THB",
  "FACILITATION_OF_IRREGULAR_MIGRATION",
  "CHILD_SEXUAL_EXPLOITATION",
  "MONEY_LAUNDERING",
  "DOCUMENT_FRAUD",
  "CYBER_ENABLED_CRIME",
  "LABOUR_EXPLOITATION_INDICATORS",
]);
export const INCIDENT_TYPE: Readonly<Record<number, z.infer<typeof IncidentType>>> = {
  [CrimeArea.CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS]: "SUSPECTED_THB",
  [CrimeArea.CRIME_AREA_MIGRANT_SMUGGLING]: "FACILITATION_OF_IRREGULAR_MIGRATION",
  [CrimeArea.CRIME_AREA_CHILD_SEXUAL_EXPLOITATION]: "CHILD_SEXUAL_EXPLOITATION",
  [CrimeArea.CRIME_AREA_MONEY_LAUNDERING]: "MONEY_LAUNDERING",
  [CrimeArea.CRIME_AREA_DOCUMENT_FRAUD]: "DOCUMENT_FRAUD",
  [CrimeArea.CRIME_AREA_CYBERCRIME]: "CYBER_ENABLED_CRIME",
  [CrimeArea.CRIME_AREA_LABOUR_LAW_VIOLATION]: "LABOUR_EXPLOITATION_INDICATORS",
};

export const ExploitationPurpose = z.enum([
  "SEXUAL",
  "LABOUR",
  "BEGGING",
  "SLAVERY_SERVITUDE",
  "CRIMINAL_ACTIVITIES",
  "ORGAN_REMOVAL",
  "FORCED_MARRIAGE",
  "ILLEGAL_ADOPTION",
  "SURROGACY",
  "OTHER",
]);
export const EXPLOITATION_PURPOSE: Readonly<Record<number, z.infer<typeof ExploitationPurpose>>> = {
  [ExploitationForm.EXPLOITATION_FORM_SEXUAL]: "SEXUAL",
  [ExploitationForm.EXPLOITATION_FORM_LABOUR]: "LABOUR",
  [ExploitationForm.EXPLOITATION_FORM_BEGGING]: "BEGGING",
  [ExploitationForm.EXPLOITATION_FORM_SLAVERY_SERVITUDE]: "SLAVERY_SERVITUDE",
  [ExploitationForm.EXPLOITATION_FORM_CRIMINAL_ACTIVITIES]: "CRIMINAL_ACTIVITIES",
  [ExploitationForm.EXPLOITATION_FORM_ORGAN_REMOVAL]: "ORGAN_REMOVAL",
  [ExploitationForm.EXPLOITATION_FORM_FORCED_MARRIAGE]: "FORCED_MARRIAGE",
  [ExploitationForm.EXPLOITATION_FORM_ILLEGAL_ADOPTION]: "ILLEGAL_ADOPTION",
  [ExploitationForm.EXPLOITATION_FORM_SURROGACY]: "SURROGACY",
  [ExploitationForm.EXPLOITATION_FORM_OTHER]: "OTHER",
};

export const FrontexModusOperandi = z.enum([
  "FRAUDULENT_JOB_OFFER",
  "ONLINE_RECRUITMENT",
  "LOVER_BOY",
  "DEBT_BONDAGE",
  "DOCUMENT_CONFISCATION",
  "VIOLENCE_THREATS",
  "ISOLATION",
  "DOCUMENT_FRAUD",
  "FACILITATED_CROSSING",
  "ENCRYPTED_COMMUNICATION",
  "FAMILY_NETWORK",
  "SUBCONTRACTING_CHAIN",
  "ABUSE_OF_VULNERABILITY",
]);
export const MODUS_OPERANDI: Readonly<Record<number, z.infer<typeof FrontexModusOperandi>>> = {
  [ModusOperandi.MODUS_OPERANDI_FAKE_JOB_OFFER]: "FRAUDULENT_JOB_OFFER",
  [ModusOperandi.MODUS_OPERANDI_ONLINE_RECRUITMENT]: "ONLINE_RECRUITMENT",
  [ModusOperandi.MODUS_OPERANDI_LOVER_BOY]: "LOVER_BOY",
  [ModusOperandi.MODUS_OPERANDI_DEBT_BONDAGE]: "DEBT_BONDAGE",
  [ModusOperandi.MODUS_OPERANDI_DOCUMENT_RETENTION]: "DOCUMENT_CONFISCATION",
  [ModusOperandi.MODUS_OPERANDI_VIOLENCE_OR_THREATS]: "VIOLENCE_THREATS",
  [ModusOperandi.MODUS_OPERANDI_ISOLATION]: "ISOLATION",
  [ModusOperandi.MODUS_OPERANDI_DOCUMENT_FRAUD]: "DOCUMENT_FRAUD",
  [ModusOperandi.MODUS_OPERANDI_FACILITATED_BORDER_CROSSING]: "FACILITATED_CROSSING",
  [ModusOperandi.MODUS_OPERANDI_ENCRYPTED_COMMUNICATION]: "ENCRYPTED_COMMUNICATION",
  [ModusOperandi.MODUS_OPERANDI_FAMILY_INVOLVEMENT]: "FAMILY_NETWORK",
  [ModusOperandi.MODUS_OPERANDI_SUBCONTRACTING_CHAIN]: "SUBCONTRACTING_CHAIN",
  [ModusOperandi.MODUS_OPERANDI_ABUSE_OF_VULNERABILITY]: "ABUSE_OF_VULNERABILITY",
};

export const BorderType = z.enum(["LAND", "SEA", "AIR"]);
export const BORDER_TYPE: Readonly<Record<number, z.infer<typeof BorderType>>> = {
  [BorderCrossing_BorderType.BORDER_TYPE_LAND]: "LAND",
  [BorderCrossing_BorderType.BORDER_TYPE_SEA]: "SEA",
  [BorderCrossing_BorderType.BORDER_TYPE_AIR]: "AIR",
};

export const TransportMode = z.enum(["LAND_CAR_VAN", "LAND_COACH", "LAND_RAIL", "AIR", "SEA", "ON_FOOT"]);
export const TRANSPORT_MODE: Readonly<Record<number, z.infer<typeof TransportMode>>> = {
  [RouteLeg_TransportMode.TRANSPORT_MODE_ROAD]: "LAND_CAR_VAN",
  [RouteLeg_TransportMode.TRANSPORT_MODE_BUS]: "LAND_COACH",
  [RouteLeg_TransportMode.TRANSPORT_MODE_RAIL]: "LAND_RAIL",
  [RouteLeg_TransportMode.TRANSPORT_MODE_AIR]: "AIR",
  [RouteLeg_TransportMode.TRANSPORT_MODE_SEA]: "SEA",
  [RouteLeg_TransportMode.TRANSPORT_MODE_ON_FOOT]: "ON_FOOT",
};

export const DocumentType = z.enum([
  "PASSPORT",
  "ID_CARD",
  "RESIDENCE_PERMIT",
  "VISA",
  "WORK_PERMIT",
  "DRIVING_LICENCE",
]);
export const DOCUMENT_TYPE: Readonly<Record<number, z.infer<typeof DocumentType>>> = {
  [IdentityDocument_Kind.KIND_PASSPORT]: "PASSPORT",
  [IdentityDocument_Kind.KIND_IDENTITY_CARD]: "ID_CARD",
  [IdentityDocument_Kind.KIND_RESIDENCE_PERMIT]: "RESIDENCE_PERMIT",
  [IdentityDocument_Kind.KIND_VISA]: "VISA",
  [IdentityDocument_Kind.KIND_WORK_PERMIT]: "WORK_PERMIT",
  [IdentityDocument_Kind.KIND_DRIVING_LICENCE]: "DRIVING_LICENCE",
};

/** Document fraud types as border guards record them; "none detected" is not an indicator. */
export const FraudType = z.enum(["FORGED", "COUNTERFEIT", "FRAUDULENTLY_OBTAINED", "IMPOSTOR", "STOLEN_BLANK"]);
export const FRAUD_TYPE: Readonly<Record<number, z.infer<typeof FraudType> | null>> = {
  [IdentityDocument_Fraud.FRAUD_NONE_DETECTED]: null,
  [IdentityDocument_Fraud.FRAUD_FORGED]: "FORGED",
  [IdentityDocument_Fraud.FRAUD_COUNTERFEIT]: "COUNTERFEIT",
  [IdentityDocument_Fraud.FRAUD_FRAUDULENTLY_OBTAINED]: "FRAUDULENTLY_OBTAINED",
  [IdentityDocument_Fraud.FRAUD_IMPOSTOR]: "IMPOSTOR",
  [IdentityDocument_Fraud.FRAUD_STOLEN_BLANK]: "STOLEN_BLANK",
};

export const VehicleType = z.enum(["CAR", "VAN", "COACH", "TRUCK", "BOAT"]);
export const VEHICLE_TYPE: Readonly<Record<number, z.infer<typeof VehicleType>>> = {
  [Vehicle_Kind.KIND_CAR]: "CAR",
  [Vehicle_Kind.KIND_VAN]: "VAN",
  [Vehicle_Kind.KIND_BUS]: "COACH",
  [Vehicle_Kind.KIND_TRUCK]: "TRUCK",
  [Vehicle_Kind.KIND_BOAT]: "BOAT",
};
