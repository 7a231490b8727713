import type { CaseAlert } from "@ariadne/contracts";
import { PolicyError } from "../errors.ts";
import { Issues, type ValidationIssue } from "./codes.ts";
import type { CheckContext } from "./context.ts";
import { checkEntities } from "./entities.ts";
import { checkEvaluation, checkHandling, checkHeader, checkScope } from "./header.ts";
import { DEFAULT_LIMITS, type ValidationLimits } from "./limits.ts";
import { checkPersons } from "./persons.ts";
import { collectRefs } from "./refs.ts";
import { checkRoute } from "./route.ts";
import { checkStructure } from "./structure.ts";

export interface ValidateOptions {
  /** The clock, for "not in the future" (default: the current time). */
  readonly now?: Date;
  /** How far created_at may run ahead of `now`, for clock skew between parties (default 5 min). */
  readonly maxClockSkewMs?: number;
  readonly limits?: ValidationLimits;
}

export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Every problem of a decoded alert, as a list (empty when valid), in a stable order: the
 * schema-wide pass first, then header, scope, handling, evaluation, persons, route, entities.
 * Messages never repeat alert content, so the list can go back in a rejection notice.
 */
export function validateAlert(alert: CaseAlert, opts: ValidateOptions = {}): ValidationIssue[] {
  const issues = new Issues();
  checkStructure(alert, opts.limits ?? DEFAULT_LIMITS, issues);
  const refs = collectRefs(alert, issues);
  const ctx: CheckContext = {
    issues,
    now: opts.now ?? new Date(),
    maxClockSkewMs: opts.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS,
    createdAt: alert.header?.createdAt,
    refs,
  };
  checkHeader(alert, ctx);
  checkScope(alert, ctx);
  checkHandling(alert, ctx);
  checkEvaluation(alert, ctx);
  checkPersons(alert, ctx);
  checkRoute(alert, ctx);
  checkEntities(alert, ctx);
  return issues.list;
}

/** The assert form for handlers: refuses an invalid alert with one error listing every issue. */
export function assertValidAlert(alert: CaseAlert, opts: ValidateOptions = {}): void {
  const issues = validateAlert(alert, opts);
  if (issues.length === 0) return;
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  throw new PolicyError("VALIDATION_FAILED", `invalid alert: ${first?.path} ${first?.code}${more}`, issues);
}
