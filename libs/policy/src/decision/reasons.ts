/**
 * Stable outcome codes of a routing decision, in the order decide() checks them. They land in
 * RoutingDecision.reason_code of the audit trail: add codes, never rename them.
 */
export const REASON_CODES = [
  // Delivered: the copy holds the allowed units.
  "ALLOWED",
  // The alert's crime area is not among the mandate's crime areas.
  "CRIME_AREA_OUT_OF_MANDATE",
  // None of the alert's forms of exploitation is among the mandate's.
  "EXPLOITATION_FORM_OUT_OF_MANDATE",
  // None of the alert's purposes is among the mandate's.
  "PURPOSE_OUT_OF_MANDATE",
  // H2/H3 and the originator did not name this recipient in handling.permitted_recipients.
  "HANDLING_NOT_PERMITTED",
  // A third party (outside the EU) not named in handling.third_party_consent.
  "THIRD_PARTY_NO_CONSENT",
  // The mandate does not accept the alert's handling code.
  "HANDLING_CODE_NOT_ACCEPTED",
  // Nothing but the handling unit would be left after minimisation.
  "NO_FIELDS_ALLOWED",
  // The units offered lack the handling unit, so the copy could not carry its restrictions.
  // Never happens for the units of a validated alert (presentUnits always lists handling).
  "HANDLING_UNIT_MISSING",
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];
