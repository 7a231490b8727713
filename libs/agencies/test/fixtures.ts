import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CaseAlert,
  ENTITY_LISTS,
  HandlingCode,
  Purpose,
  parseAlertDocument,
  parseUnitPath,
  presentUnits,
} from "@ariadne/contracts";
import type { Agency, DeliveryMeta } from "../src/mod.ts";

const EXAMPLES = join(import.meta.dirname, "../../../examples");

export const EXAMPLE_FILES = [
  "forced-criminality-external-border.yaml",
  "labour-fake-job-ads.yaml",
  "minor-sexual-exploitation-online.yaml",
] as const;

export function example(file: (typeof EXAMPLE_FILES)[number]): CaseAlert {
  return parseAlertDocument(readFileSync(join(EXAMPLES, file), "utf8"));
}

export const ROUTED_AT = new Date("2025-11-05T07:00:00.000Z");

/** The delivery metadata a router would attest for this copy (overridable per test). */
export function metaFor(alert: CaseAlert, agency: Agency, overrides: Partial<DeliveryMeta> = {}): DeliveryMeta {
  const h = alert.header ?? { alertId: "", version: 0, originator: "" };
  return {
    alertId: h.alertId,
    version: h.version,
    originator: h.originator,
    copyId: `${h.alertId}.${h.version}.${agency}`,
    handlingCode: alert.handling?.code ?? HandlingCode.HANDLING_CODE_H0,
    handlingNotice: "use only within the recipient's mandate",
    legalBasis: "Regulation (EU) 2016/794 Art. 18(2)",
    purposes: [Purpose.PURPOSE_CRIMINAL_ANALYSIS],
    routedAt: ROUTED_AT,
    ...overrides,
  };
}

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
type Rec = Record<string, unknown>;

/** Sets a field to what a withheld field decodes to (proto3 default). */
function reset(target: Rec, key: string): void {
  const v = target[key];
  if (Array.isArray(v)) target[key] = [];
  else if (typeof v === "string") target[key] = "";
  else if (typeof v === "number") target[key] = 0;
  else if (typeof v === "boolean") target[key] = false;
  else target[key] = undefined;
}

/**
 * A minimised copy as the router would produce it: every unit path (see field-paths.ts) for which
 * `keep` is false is withheld, entities left without any unit disappear, a route without any unit
 * disappears. The header's identity always stays.
 */
export function minimise(alert: CaseAlert, keep: (unitPath: string) => boolean): CaseAlert {
  const copy = CaseAlert.decode(CaseAlert.encode(alert).finish()) as unknown as Rec;
  const keptRefs = new Map<string, Set<string>>(ENTITY_LISTS.map((l) => [l, new Set()]));
  let routeKept = false;
  for (const path of presentUnits(alert)) {
    const unit = parseUnitPath(path);
    if (keep(path)) {
      if (unit.kind === "entity") keptRefs.get(unit.list)?.add(unit.ref);
      if (unit.kind === "group" && unit.group === "route") routeKept = true;
      continue;
    }
    if (unit.kind === "field") reset(copy, camel(unit.field));
    else if (unit.kind === "group") reset(copy[unit.group] as Rec, camel(unit.field));
    else {
      const entity = (copy[camel(unit.list)] as Rec[]).find((e) => e["ref"] === unit.ref);
      if (entity) reset(entity, camel(unit.field));
    }
  }
  for (const list of ENTITY_LISTS) {
    const refs = keptRefs.get(list) ?? new Set();
    copy[camel(list)] = (copy[camel(list)] as Rec[]).filter((e) => refs.has(e["ref"] as string));
  }
  if (!routeKept) copy["route"] = undefined;
  return copy as unknown as CaseAlert;
}

/** String leaves of a value (dates as ISO strings), to look for leaks. */
export function leaves(value: unknown): string[] {
  if (typeof value === "string") return value === "" ? [] : [value];
  if (value instanceof Date) return [value.toISOString()];
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(leaves);
  return [];
}

/** The value of one unit of an alert. */
export function unitValue(alert: CaseAlert, path: string): unknown {
  const unit = parseUnitPath(path);
  const a = alert as unknown as Rec;
  if (unit.kind === "field") return a[camel(unit.field)];
  if (unit.kind === "group") return (a[unit.group] as Rec | undefined)?.[camel(unit.field)];
  const entity = (a[camel(unit.list)] as Rec[]).find((e) => e["ref"] === unit.ref);
  return entity?.[camel(unit.field)];
}

/**
 * Strings that only withheld units hold (at least 4 characters, not part of any kept string or
 * of the delivery metadata): none of them may appear in a channel message made from the copy.
 */
export function withheldOnlyStrings(
  alert: CaseAlert,
  keep: (unitPath: string) => boolean,
  meta: DeliveryMeta,
): string[] {
  const kept: string[] = [meta.copyId, meta.legalBasis, meta.handlingNotice];
  const withheld: string[] = [];
  for (const path of presentUnits(alert)) (keep(path) ? kept : withheld).push(...leaves(unitValue(alert, path)));
  return [...new Set(withheld)].filter((s) => s.length >= 4 && !kept.some((k) => k.includes(s)));
}
