export { type Decision, decide } from "./decision/decide.ts";
export { type ExplainInput, explain, toRoutingDecision } from "./decision/explain.ts";
export { REASON_CODES, type ReasonCode } from "./decision/reasons.ts";
export { handlingNotice, POLICY_RULES } from "./decision/rules.ts";
export type { WithheldUnit } from "./decision/select.ts";
export * from "./errors.ts";
export { loadMandatesFile, MAX_MANDATES_BYTES, parseMandates, policyVersion } from "./mandates/load.ts";
export { MANDATE_ISSUE_CODES, MANDATES_SCHEMA, type MandateIssueCode } from "./mandates/schema.ts";
export { MandateStore, type MandateStoreOptions, type ReloadOutcome } from "./mandates/store.ts";
export type { Mandate, MandateSet, MinorsRule } from "./mandates/types.ts";
export { VALIDATION_CODES, type ValidationCode, type ValidationIssue } from "./validation/codes.ts";
export { DEFAULT_LIMITS, type ValidationLimits } from "./validation/limits.ts";
export { MINOR_AGE_BANDS } from "./validation/persons.ts";
export {
  assertValidAlert,
  DEFAULT_MAX_CLOCK_SKEW_MS,
  type ValidateOptions,
  validateAlert,
} from "./validation/validate.ts";
