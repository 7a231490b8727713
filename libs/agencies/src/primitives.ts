import { PARTY_ID } from "@ariadne/bus";
import { z } from "zod";

// Building blocks every channel schema shares. Channels check shape, not truth: a country code
// is two capitals, not necessarily an assigned one.

export const CountryCode = z.string().regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2");
/** ISO 8601 calendar date, possibly partial (case data often is): YYYY, YYYY-MM or YYYY-MM-DD. */
export const PartialDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "ISO 8601 (partial) date");
export const DateTime = z.iso.datetime({ offset: true });
export const PartyId = z.string().regex(PARTY_ID, "party id");
/** An entity ref of the alert ("P1"), or one derived from it ("P1/C2"). */
export const EntityId = z.string().regex(/^[A-Za-z0-9_-]{1,64}(\/[A-Za-z0-9_-]{1,16})?$/, "entity id");
export const ShortText = z.string().min(1).max(1000);
export const LongText = z.string().min(1).max(20_000);
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "SHA-256, lowercase hex");
export const HandlingCodeTerm = z.enum(["H0", "H1", "H2", "H3"]);
export type HandlingCodeTerm = z.infer<typeof HandlingCodeTerm>;

export const nonEmpty = <T extends z.ZodType>(item: T) => z.array(item).min(1);

/** Every id in `ids` once: channels refuse two entities (or two records) under one id. */
export function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return [...dup];
}
