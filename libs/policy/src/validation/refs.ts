import { type CaseAlert, ENTITY_LISTS, type EntityList, REF_PATTERN } from "@ariadne/contracts";
import type { Issues } from "./codes.ts";

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The entities of one list, as the alert holds them. */
export function entitiesOf(alert: CaseAlert, list: EntityList): readonly { readonly ref: string }[] {
  return (alert as unknown as Record<string, { ref: string }[]>)[camel(list)] ?? [];
}

/**
 * Every entity has a well-formed ref, unique across all lists: unit paths name entities by
 * ref alone (persons[P1].name), and a pointer must not be able to mean two things.
 */
export function collectRefs(alert: CaseAlert, issues: Issues): Map<EntityList, Set<string>> {
  const byList = new Map<EntityList, Set<string>>();
  const seen = new Set<string>();
  for (const list of ENTITY_LISTS) {
    const refs = new Set<string>();
    byList.set(list, refs);
    entitiesOf(alert, list).forEach((e, i) => {
      const p = `${camel(list)}[${i}].ref`;
      if (e.ref === "") issues.add(p, "REQUIRED", "every entity needs a ref");
      else if (!REF_PATTERN.test(e.ref)) issues.add(p, "INVALID_REF", "1-64 of A-Z a-z 0-9 _ -");
      else if (seen.has(e.ref)) issues.add(p, "DUPLICATE_REF", "ref already used by another entity");
      else {
        seen.add(e.ref);
        refs.add(e.ref);
      }
    });
  }
  return byList;
}
