import type { EntityList } from "@ariadne/contracts";
import type { Issues } from "./codes.ts";
import { type DateSpan, isCountryCode, parsePartialDate } from "./formats.ts";

/** What every check needs: where to report, the clock, and the refs the alert defines. */
export interface CheckContext {
  readonly issues: Issues;
  readonly now: Date;
  readonly maxClockSkewMs: number;
  /** header.created_at when valid: the moment ages and capture times are measured against. */
  readonly createdAt: Date | undefined;
  /** Refs each entity list defines (first occurrence wins; duplicates are reported). */
  readonly refs: ReadonlyMap<EntityList, ReadonlySet<string>>;
}

export function requireText(ctx: CheckContext, path: string, value: string | undefined): boolean {
  if (value === undefined || value.trim() === "") {
    ctx.issues.add(path, "REQUIRED", "must be set");
    return false;
  }
  return true;
}

export function checkCountry(ctx: CheckContext, path: string, value: string): void {
  if (value !== "" && !isCountryCode(value)) {
    ctx.issues.add(path, "INVALID_COUNTRY", "not an ISO 3166-1 alpha-2 country code (upper case)");
  }
}

export function checkCountries(ctx: CheckContext, path: string, values: readonly string[]): void {
  values.forEach((v, i) => {
    if (v === "") ctx.issues.add(`${path}[${i}]`, "REQUIRED", "empty country code in a list");
    else checkCountry(ctx, `${path}[${i}]`, v);
  });
  checkUnique(ctx, path, values);
}

/** Reports every repeated value of a list that is really a set. */
export function checkUnique<T>(ctx: CheckContext, path: string, values: readonly T[]): void {
  const seen = new Set<T>();
  values.forEach((v, i) => {
    if (seen.has(v)) ctx.issues.add(`${path}[${i}]`, "DUPLICATE", "repeats an earlier entry");
    seen.add(v);
  });
}

/** A partial ISO date, when set; returns its span for order and age checks. */
export function checkDate(ctx: CheckContext, path: string, value: string): DateSpan | undefined {
  if (value === "") return undefined;
  const span = parsePartialDate(value);
  if (!span) ctx.issues.add(path, "INVALID_DATE", "expected YYYY, YYYY-MM or YYYY-MM-DD, a real date from 1900");
  return span;
}

/** A pointer must name an entity of one of the given lists. */
export function checkPointer(ctx: CheckContext, path: string, ref: string, lists: readonly EntityList[]): void {
  if (ref === "") return;
  if (!lists.some((l) => ctx.refs.get(l)?.has(ref))) {
    ctx.issues.add(path, "UNKNOWN_REF", `names no entity in ${lists.join(" or ")}`);
  }
}

/** Whether a moment lies beyond the allowed clock skew of a reference time. */
export function isAfter(moment: Date, reference: Date, skewMs: number): boolean {
  return moment.getTime() > reference.getTime() + skewMs;
}
