import { AgencyError } from "./errors.ts";

// A minimised copy is a CaseAlert decoded from the disclosed wire bytes: a withheld field is the
// proto3 default ("" / 0 / false / [] / undefined). These helpers turn defaults into absence,
// so a mapping cannot pass on what the copy did not disclose.

export function text(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

export function list<T>(values: readonly T[] | undefined): T[] | undefined {
  return values === undefined || values.length === 0 ? undefined : [...values];
}

/** Only `true` is information: `false` is also what a withheld flag decodes to. */
export function flag(value: boolean | undefined): true | undefined {
  return value === true ? true : undefined;
}

/**
 * The channel's term for a code. 0 (UNSPECIFIED, or withheld) is absent; a value the table does
 * not know (a newer contract, UNRECOGNIZED) is an error rather than a silent drop.
 */
export function term<V>(table: Readonly<Record<number, V>>, value: number | undefined, what: string): V | undefined {
  if (value === undefined || value === 0) return undefined;
  const found = table[value];
  if (found === undefined) throw new AgencyError("UNMAPPABLE_CODE", `no channel term for ${what} code ${value}`);
  return found;
}

/** Terms for a list of codes, each once, in first-seen order. */
export function terms<V>(table: Readonly<Record<number, V>>, values: readonly number[], what: string): V[] | undefined {
  const out: V[] = [];
  for (const v of values) {
    const t = term(table, v, what);
    if (t !== undefined && !out.includes(t)) out.push(t);
  }
  return list(out);
}

/** Sorted, each once. */
export function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Drops keys whose value is undefined, all the way down, so absent means absent in the output too. */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = compact(v);
    return out as T;
  }
  return value;
}

const MINOR_AGE_BANDS: ReadonlySet<number> = new Set([1, 2, 3]); // AGE_BAND_0_12, _13_15, _16_17

/** A minor by the copy's own statement: the flag, or an age band under 18. */
export function isMinor(p: { readonly minor: boolean; readonly ageBand: number }): boolean {
  return p.minor || MINOR_AGE_BANDS.has(p.ageBand);
}

/** Entries that kept at least one field: an entity row with every field withheld says nothing. */
export function informative<T extends object>(rows: readonly T[]): T[] {
  return rows.filter((r) => Object.values(r).some((v) => v !== undefined));
}
