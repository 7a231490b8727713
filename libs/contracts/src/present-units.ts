import type protobuf from "protobufjs";
import { ENTITY_LISTS, type EntityList, GROUPS, HEADER_IDENTITY } from "./field-paths.ts";
import type { CaseAlert } from "./gen/ariadne/v1/alert.pb.ts";
import { messageType } from "./schema.ts";

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Whether a field holds something the wire would carry (proto3: defaults are not encoded). */
function isPresent(field: protobuf.Field, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (field.repeated) return Array.isArray(value) && value.length > 0;
  if (field.resolvedType && "fields" in field.resolvedType) return true; // a set message field, even empty
  if (typeof value === "string") return value !== "";
  if (typeof value === "number") return value !== 0;
  if (typeof value === "boolean") return value;
  if (value instanceof Uint8Array) return value.length > 0;
  return true;
}

/**
 * The unit paths (see field-paths.ts) an alert holds, in schema order: what an originator
 * seals and what a mandate chooses from. Entities without a ref have no unit path and are
 * left out here; alert validation refuses them.
 */
export function presentUnits(alert: CaseAlert): string[] {
  const out: string[] = [];
  const record = alert as unknown as Record<string, unknown>;
  for (const field of messageType("ariadne.v1.CaseAlert").fieldsArray) {
    const value = record[camel(field.name)];
    if ((ENTITY_LISTS as readonly string[]).includes(field.name)) {
      const type = field.resolvedType as protobuf.Type;
      for (const entity of (value as Record<string, unknown>[] | undefined) ?? []) {
        const ref = entity["ref"];
        if (typeof ref !== "string" || ref === "") continue;
        for (const sub of type.fieldsArray) {
          if (sub.name === "ref") continue;
          if (isPresent(sub, entity[camel(sub.name)])) out.push(`${field.name as EntityList}[${ref}].${sub.name}`);
        }
      }
    } else if ((GROUPS as readonly string[]).includes(field.name)) {
      if (value === undefined) continue;
      const type = field.resolvedType as protobuf.Type;
      for (const sub of type.fieldsArray) {
        if (field.name === "header" && (HEADER_IDENTITY as readonly string[]).includes(sub.name)) continue;
        if (isPresent(sub, (value as Record<string, unknown>)[camel(sub.name)])) out.push(`${field.name}.${sub.name}`);
      }
    } else if (isPresent(field, value)) {
      out.push(field.name);
    }
  }
  return out;
}
