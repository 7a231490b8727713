import type protobuf from "protobufjs";
import { messageType } from "./schema.ts";

/**
 * The disclosure vocabulary: every alert is cut into units that can be disclosed or withheld
 * one by one. A unit path is one of
 *
 *   <field>                   a top-level CaseAlert field           crime_area, summary
 *   header.<field>            an AlertHeader field                  header.case_references
 *   route.<field>             a Route field                         route.border_crossings
 *   <list>[<ref>].<field>     a field of one entity, by its ref     persons[P1].name
 *
 * The header's identity (alert_id, version, originator, created_at) is not a unit: it is in
 * the signed manifest and every copy carries it. An entity's `ref` is not a unit: it is in the
 * path. Mandates name patterns: the unit path with the `[<ref>]` removed (persons.name).
 */

/** Repeated entity messages, disclosed field by field per entity. */
export const ENTITY_LISTS = [
  "persons",
  "locations",
  "organisations",
  "vehicles",
  "financial_instruments",
  "advertisements",
] as const;
export type EntityList = (typeof ENTITY_LISTS)[number];

/** Singular message fields disclosed field by field. */
export const GROUPS = ["header", "route"] as const;
export type Group = (typeof GROUPS)[number];

/** Header fields that every copy carries, taken from the signed manifest. */
export const HEADER_IDENTITY = ["alert_id", "version", "originator", "created_at"] as const;

export type UnitPath =
  | { readonly kind: "field"; readonly field: string }
  | { readonly kind: "group"; readonly group: Group; readonly field: string }
  | { readonly kind: "entity"; readonly list: EntityList; readonly ref: string; readonly field: string };

/** Entity refs: short, no brackets or dots, so paths stay unambiguous. */
export const REF_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const UNIT_RE = /^([a-z][a-z0-9_]*)(?:\[([A-Za-z0-9_-]{1,64})\])?(?:\.([a-z][a-z0-9_]*))?$/;

export class FieldPathError extends Error {
  readonly code = "INVALID_PATH";
  override readonly name = "FieldPathError";
}

const alertType = (): protobuf.Type => messageType("ariadne.v1.CaseAlert");

function fieldOf(type: protobuf.Type, name: string): protobuf.Field | undefined {
  return type.fields[name];
}

function isEntityList(name: string): name is EntityList {
  return (ENTITY_LISTS as readonly string[]).includes(name);
}
function isGroup(name: string): name is Group {
  return (GROUPS as readonly string[]).includes(name);
}

/** Parses and checks a unit path against the schema. */
export function parseUnitPath(path: string): UnitPath {
  const m = UNIT_RE.exec(path);
  if (!m) throw new FieldPathError(`not a unit path: ${JSON.stringify(path)}`);
  const [, top = "", ref, sub] = m;
  const field = fieldOf(alertType(), top);
  if (!field) throw new FieldPathError(`unknown alert field "${top}" in ${path}`);
  if (isEntityList(top)) {
    if (ref === undefined || sub === undefined) throw new FieldPathError(`${top} needs [ref].field in ${path}`);
    const t = field.resolvedType as protobuf.Type;
    if (sub === "ref" || !fieldOf(t, sub)) throw new FieldPathError(`unknown ${t.name} field "${sub}" in ${path}`);
    return { kind: "entity", list: top, ref, field: sub };
  }
  if (ref !== undefined) throw new FieldPathError(`${top} is not a list of entities in ${path}`);
  if (isGroup(top)) {
    if (sub === undefined) throw new FieldPathError(`${top} needs .field in ${path}`);
    const t = field.resolvedType as protobuf.Type;
    if (!fieldOf(t, sub) || (top === "header" && (HEADER_IDENTITY as readonly string[]).includes(sub))) {
      throw new FieldPathError(`"${sub}" is not a disclosable ${t.name} field in ${path}`);
    }
    return { kind: "group", group: top, field: sub };
  }
  if (sub !== undefined) throw new FieldPathError(`${top} has no sub-fields in ${path}`);
  return { kind: "field", field: top };
}

export function formatUnitPath(unit: UnitPath): string {
  switch (unit.kind) {
    case "field":
      return unit.field;
    case "group":
      return `${unit.group}.${unit.field}`;
    case "entity":
      return `${unit.list}[${unit.ref}].${unit.field}`;
  }
}

/** The mandate pattern of a unit path: persons[P1].name -> persons.name. */
export function patternOf(path: string): string {
  const unit = parseUnitPath(path);
  return unit.kind === "entity" ? `${unit.list}.${unit.field}` : formatUnitPath(unit);
}

let patterns: readonly string[] | undefined;

/** Every pattern the schema allows, in schema order: what a mandate may list. */
export function allFieldPatterns(): readonly string[] {
  if (patterns) return patterns;
  const out: string[] = [];
  for (const field of alertType().fieldsArray) {
    if (isEntityList(field.name) || isGroup(field.name)) {
      const t = field.resolvedType as protobuf.Type;
      for (const sub of t.fieldsArray) {
        if (isEntityList(field.name) && sub.name === "ref") continue;
        if (field.name === "header" && (HEADER_IDENTITY as readonly string[]).includes(sub.name)) continue;
        out.push(`${field.name}.${sub.name}`);
      }
    } else {
      out.push(field.name);
    }
  }
  patterns = Object.freeze(out);
  return patterns;
}

/** Field number and wire facts of a unit, for splitting and rebuilding wire bytes. */
export function unitFieldNumbers(unit: UnitPath): { outer?: number; field: number } {
  const alert = alertType();
  if (unit.kind === "field") return { field: (alert.fields[unit.field] as protobuf.Field).id };
  const top = unit.kind === "group" ? unit.group : unit.list;
  const outer = alert.fields[top] as protobuf.Field;
  const inner = (outer.resolvedType as protobuf.Type).fields[unit.field] as protobuf.Field;
  return { outer: outer.id, field: inner.id };
}
