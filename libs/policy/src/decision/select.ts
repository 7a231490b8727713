import { DataSubjectCategory, type UnitPath } from "@ariadne/contracts";
import type { Mandate } from "../mandates/types.ts";
import type { AlertFacts } from "./facts.ts";
import { mandateRule, POLICY_RULES } from "./rules.ts";

/** A unit offered for routing, parsed once for all recipients. */
export interface OfferedUnit {
  readonly path: string;
  /** Undefined when the path is malformed or names nothing in the schema. */
  readonly unit: UnitPath | undefined;
  /** Mandate pattern: the path without [ref]. */
  readonly pattern: string;
}

export interface WithheldUnit {
  readonly unit: string;
  /** The rule that kept it back. */
  readonly ruleId: string;
}

export interface Selection {
  /** In the order offered. */
  readonly allowed: readonly string[];
  readonly withheld: readonly WithheldUnit[];
  /** Rules that let at least one unit through, in a stable order. */
  readonly grantingRules: readonly string[];
}

const categoryName = (c: DataSubjectCategory) => DataSubjectCategory[c] ?? String(c);

/**
 * The units one recipient may receive, in four steps that only ever remove:
 *   1. each unit against the mandate: non-person patterns in `fields` (minus the minors' text
 *      rule), person patterns in the person's category list, narrowed for minors;
 *   2. a person's units travel only with its category unit, and a minor's with its minor flag;
 *   3. a pointer (location_refs, organisation_refs, holder_ref, poster_ref) travels only if an
 *      entity it points at travels: a ref to nothing tells the recipient only that something
 *      was withheld;
 * and the caller refuses the copy when only the handling unit is left.
 */
export function selectUnits(mandate: Mandate, facts: AlertFacts, offered: readonly OfferedUnit[]): Selection {
  const rules = rulesOf(mandate);
  const identityReleased = facts.purposes.some((p) => mandate.minors.identityPurposes.has(p));
  const verdicts = new Map<string, string | undefined>(); // path -> withholding rule, undefined = allowed
  const granted = new Set<string>();
  for (const o of offered) {
    const v = mandateVerdict(mandate, rules, facts, o, identityReleased);
    verdicts.set(o.path, v.withheldBy);
    if (v.withheldBy === undefined) {
      granted.add(v.grantedBy);
      if (v.minorsRule) granted.add(v.minorsRule);
    }
  }
  applyProtectiveUnits(facts, offered, verdicts);
  applyPointers(facts, offered, verdicts);

  const allowed: string[] = [];
  const withheld: WithheldUnit[] = [];
  for (const o of offered) {
    const by = verdicts.get(o.path);
    if (by === undefined) allowed.push(o.path);
    else withheld.push({ unit: o.path, ruleId: by });
  }
  return { allowed, withheld, grantingRules: rules.order.filter((r) => granted.has(r)) };
}

/** A mandate's rule ids, built once per mandate rather than once per unit. */
interface MandateRules {
  readonly fields: string;
  readonly textFields: string;
  readonly minors: string;
  readonly minorsIdentity: string;
  readonly persons: ReadonlyMap<DataSubjectCategory, string>;
  /** Every rule that can grant a unit, in the order decisions list them. */
  readonly order: readonly string[];
}

const CATEGORIES = Object.values(DataSubjectCategory).filter((v): v is number => typeof v === "number" && v > 0);
const rulesCache = new WeakMap<Mandate, MandateRules>();

function rulesOf(mandate: Mandate): MandateRules {
  const cached = rulesCache.get(mandate);
  if (cached) return cached;
  const id = mandate.id;
  const persons = new Map(CATEGORIES.map((c) => [c, mandateRule(id, `persons.${categoryName(c)}`)]));
  const rules: MandateRules = {
    fields: mandateRule(id, "fields"),
    textFields: mandateRule(id, "minors.text_fields"),
    minors: mandateRule(id, "minors"),
    minorsIdentity: mandateRule(id, "minors.identity"),
    persons,
    order: [
      mandateRule(id, "fields"),
      ...persons.values(),
      mandateRule(id, "minors"),
      mandateRule(id, "minors.identity"),
    ],
  };
  rulesCache.set(mandate, rules);
  return rules;
}

type Verdict =
  | { readonly withheldBy: string; readonly grantedBy?: undefined; readonly minorsRule?: undefined }
  | { readonly withheldBy: undefined; readonly grantedBy: string; readonly minorsRule?: string };

function mandateVerdict(
  mandate: Mandate,
  rules: MandateRules,
  facts: AlertFacts,
  o: OfferedUnit,
  identityReleased: boolean,
): Verdict {
  const unit = o.unit;
  if (!unit) return { withheldBy: POLICY_RULES.unknownUnit };
  if (unit.kind !== "entity" || unit.list !== "persons") {
    if (!mandate.fields.has(o.pattern)) return { withheldBy: rules.fields };
    if (facts.hasMinor && !identityReleased && mandate.minors.textFields.has(o.pattern)) {
      return { withheldBy: rules.textFields };
    }
    return { withheldBy: undefined, grantedBy: rules.fields };
  }
  const person = facts.persons.get(unit.ref);
  if (!person) return { withheldBy: POLICY_RULES.unknownUnit };
  const categoryRule =
    rules.persons.get(person.category) ?? mandateRule(mandate.id, `persons.${categoryName(person.category)}`);
  if (!mandate.persons.get(person.category)?.has(o.pattern)) return { withheldBy: categoryRule };
  if (!person.minor) return { withheldBy: undefined, grantedBy: categoryRule };
  if (mandate.minors.fields.has(o.pattern))
    return { withheldBy: undefined, grantedBy: categoryRule, minorsRule: rules.minors };
  if (identityReleased && mandate.minors.identityFields.has(o.pattern)) {
    return { withheldBy: undefined, grantedBy: categoryRule, minorsRule: rules.minorsIdentity };
  }
  return { withheldBy: rules.minors };
}

function applyProtectiveUnits(
  facts: AlertFacts,
  offered: readonly OfferedUnit[],
  verdicts: Map<string, string | undefined>,
): void {
  const travels = (path: string) => verdicts.has(path) && verdicts.get(path) === undefined;
  const checked = new Map<string, boolean>(); // ref -> its protective units travel
  for (const o of offered) {
    if (o.unit?.kind !== "entity" || o.unit.list !== "persons" || verdicts.get(o.path) !== undefined) continue;
    const ref = o.unit.ref;
    let ok = checked.get(ref);
    if (ok === undefined) {
      const minor = facts.persons.get(ref)?.minor ?? true;
      ok = travels(`persons[${ref}].category`) && (!minor || travels(`persons[${ref}].minor`));
      checked.set(ref, ok);
    }
    if (!ok) verdicts.set(o.path, POLICY_RULES.protectiveUnits);
  }
}

function applyPointers(
  facts: AlertFacts,
  offered: readonly OfferedUnit[],
  verdicts: Map<string, string | undefined>,
): void {
  // Entities present in the copy, judged before any pointer is dropped; pointers themselves
  // do not count, so two pointers cannot keep each other alive.
  const present = new Set<string>();
  for (const o of offered) {
    if (o.unit?.kind !== "entity" || verdicts.get(o.path) !== undefined || facts.pointers.has(o.path)) continue;
    present.add(o.unit.ref);
  }
  for (const o of offered) {
    const targets = facts.pointers.get(o.path);
    if (!targets || verdicts.get(o.path) !== undefined) continue;
    if (!targets.some((t) => present.has(t))) verdicts.set(o.path, POLICY_RULES.pointers);
  }
}
