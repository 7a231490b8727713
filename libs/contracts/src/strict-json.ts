import protobuf from "protobufjs";
import type { FieldIssue } from "./errors.ts";

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const INT_TYPES = new Set([
  "int32",
  "uint32",
  "sint32",
  "fixed32",
  "sfixed32",
  "int64",
  "uint64",
  "sint64",
  "fixed64",
  "sfixed64",
]);

/**
 * Checks a proto3 JSON value against a message type, strictly: unknown keys, wrong types and
 * unknown enum names are errors (ts-proto's fromJSON would silently drop or coerce them).
 * Accepts both the JSON name (camelCase) and the proto name of each field.
 */
export function checkProtoJson(type: protobuf.Type, value: unknown, path = ""): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const at = (p: string, code: string, message: string) => issues.push({ path: p || "(root)", code, message });
  if (type.fullName === ".google.protobuf.Timestamp") {
    if (typeof value !== "string" || !RFC3339.test(value) || Number.isNaN(Date.parse(value))) {
      at(path, "INVALID_TIMESTAMP", "expected an RFC 3339 timestamp such as 2025-06-12T09:30:00Z");
    }
    return issues;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    at(path, "INVALID_TYPE", `expected an object (${type.name})`);
    return issues;
  }
  const byName = new Map<string, protobuf.Field>();
  for (const field of type.fieldsArray) {
    byName.set(field.name, field);
    byName.set(camel(field.name), field);
  }
  for (const [key, v] of Object.entries(value)) {
    const field = byName.get(key);
    const p = path ? `${path}.${key}` : key;
    if (!field) {
      at(p, "UNKNOWN_FIELD", `unknown field "${key}" in ${type.name}`);
      continue;
    }
    if (v === null) continue;
    if (field.repeated) {
      if (!Array.isArray(v)) {
        at(p, "INVALID_TYPE", "expected a list");
        continue;
      }
      v.forEach((item, i) => {
        issues.push(...checkValue(field, item, `${p}[${i}]`));
      });
    } else {
      issues.push(...checkValue(field, v, p));
    }
  }
  return issues;
}

function checkValue(field: protobuf.Field, v: unknown, p: string): FieldIssue[] {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return checkProtoJson(resolved, v, p);
  if (resolved instanceof protobuf.Enum) {
    if (typeof v === "string" && v in resolved.values) return [];
    if (typeof v === "number" && Object.values(resolved.values).includes(v)) return [];
    const names = Object.keys(resolved.values).filter((n) => !n.endsWith("_UNSPECIFIED"));
    return [{ path: p, code: "INVALID_ENUM", message: `expected one of ${names.join(", ")}` }];
  }
  const ok =
    field.type === "string"
      ? typeof v === "string"
      : field.type === "bool"
        ? typeof v === "boolean"
        : field.type === "bytes"
          ? typeof v === "string" && /^[A-Za-z0-9+/_-]*={0,2}$/.test(v)
          : INT_TYPES.has(field.type)
            ? (typeof v === "number" && Number.isInteger(v)) || (typeof v === "string" && /^-?\d+$/.test(v))
            : typeof v === "number" || (typeof v === "string" && !Number.isNaN(Number(v)));
  return ok ? [] : [{ path: p, code: "INVALID_TYPE", message: `expected ${field.type}` }];
}

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
