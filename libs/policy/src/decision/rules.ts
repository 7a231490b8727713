import { HandlingCode } from "@ariadne/contracts";

/**
 * Rule ids name what allowed or refused a decision. A mandate's rules are
 * "<recipient>#<section>" after the mandates file's sections (europol#purposes,
 * frontex#persons.DATA_SUBJECT_CATEGORY_VICTIM); rules that hold for every recipient are
 * "policy#<rule>". With the policy version they point at one line of one file.
 */
export const mandateRule = (recipient: string, section: string): string => `${recipient}#${section}`;

export const POLICY_RULES = {
  /** H2/H3: only the originator's permitted recipients. */
  permittedRecipients: "policy#handling.permitted_recipients",
  /** Every copy carries the handling unit (H3 restrictions travel in it). */
  handlingTravels: "policy#handling.travels",
  /** A person's units travel only with its category (and a minor's with the minor flag). */
  protectiveUnits: "policy#persons.protective_units",
  /** A pointer unit travels only when something it points at travels too. */
  pointers: "policy#pointers",
  /** A unit path that is malformed or names no entity of the alert never travels. */
  unknownUnit: "policy#unknown_unit",
} as const;

/** The rule that stamps a handling notice: policy#handling.H0 ... policy#handling.H3. */
export function handlingRule(code: HandlingCode): string {
  return `policy#handling.${handlingName(code)}`;
}

/** H0..H3, or UNSPECIFIED. */
export function handlingName(code: HandlingCode): string {
  switch (code) {
    case HandlingCode.HANDLING_CODE_H0:
      return "H0";
    case HandlingCode.HANDLING_CODE_H1:
      return "H1";
    case HandlingCode.HANDLING_CODE_H2:
      return "H2";
    case HandlingCode.HANDLING_CODE_H3:
      return "H3";
    default:
      return "UNSPECIFIED";
  }
}

/**
 * The notice stamped on every copy (SIENA wording). For H3 the restrictions themselves travel
 * in the signed handling unit; the notice points at them and never repeats the originator's text.
 */
export function handlingNotice(code: HandlingCode): string {
  switch (code) {
    case HandlingCode.HANDLING_CODE_H0:
      return "H0: use only to prevent or combat crime within the recipient's mandate";
    case HandlingCode.HANDLING_CODE_H1:
      return "H1: not to be used in judicial proceedings without the provider's permission";
    case HandlingCode.HANDLING_CODE_H2:
      return "H2: not to be disseminated without the provider's permission";
    case HandlingCode.HANDLING_CODE_H3:
      return "H3: other restrictions apply, stated by the provider in handling.restrictions";
    default:
      return "";
  }
}
