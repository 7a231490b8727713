import { memberStateOf } from "@ariadne/agencies";
import {
  type CaseAlert,
  CrimeArea,
  ExploitationForm,
  type FeedFilter,
  Priority,
  type Purpose,
} from "@ariadne/contracts";

/**
 * Whether a copy passes an officer's filter. Values come from what the copy disclosed (a
 * withheld field matches no filter on it) and, for the originating country, from the router's
 * attestation. An empty list accepts anything; lists combine with AND.
 */
export function matchesFilter(filter: FeedFilter | undefined, copy: CaseAlert, originator: string): boolean {
  if (filter === undefined) return true;
  const areas = [copy.crimeArea, ...copy.relatedCrimeAreas].filter((a) => a !== CrimeArea.CRIME_AREA_UNSPECIFIED);
  if (filter.crimeAreas.length > 0 && !areas.some((a) => filter.crimeAreas.includes(a))) return false;
  if (filter.originatingCountries.length > 0) {
    const country = memberStateOf(originator);
    if (country === undefined || !filter.originatingCountries.includes(country)) return false;
  }
  const priority = copy.header?.priority ?? Priority.PRIORITY_UNSPECIFIED;
  if (filter.priorities.length > 0 && !filter.priorities.includes(priority)) return false;
  const forms = copy.exploitationForms.filter((f) => f !== ExploitationForm.EXPLOITATION_FORM_UNSPECIFIED);
  if (filter.exploitationForms.length > 0 && !forms.some((f) => filter.exploitationForms.includes(f))) return false;
  return true;
}

/**
 * Purpose limitation: an officer sees a copy only for a purpose it was routed for. The purposes
 * both sides share are what the consultation is logged under (empty: the copy is not shown).
 */
export function consultablePurposes(requested: readonly Purpose[], attested: readonly Purpose[]): Purpose[] {
  return requested.filter((p, i) => attested.includes(p) && requested.indexOf(p) === i);
}
