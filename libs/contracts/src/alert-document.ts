import { parse as parseYaml } from "yaml";
import { DocumentError } from "./errors.ts";
import { CaseAlert } from "./gen/ariadne/v1/alert.pb.ts";
import { messageType } from "./schema.ts";
import { checkProtoJson } from "./strict-json.ts";

/** Largest alert document we read: far beyond any real alert, small enough to refuse a mistake early. */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;

/**
 * Reads an alert written as YAML or JSON in the proto3 JSON mapping (the form `toJSON` writes)
 * and returns the typed alert. Unknown fields, wrong types and unknown codes are errors that
 * name the field; nothing is silently dropped.
 */
export function parseAlertDocument(text: string): CaseAlert {
  if (Buffer.byteLength(text) > MAX_DOCUMENT_BYTES) {
    throw new DocumentError("MALFORMED", `alert document larger than ${MAX_DOCUMENT_BYTES} bytes`);
  }
  let value: unknown;
  try {
    value = parseYaml(text, { strict: true, uniqueKeys: true }); // YAML is a superset of JSON
  } catch (err) {
    throw new DocumentError("MALFORMED", `not valid YAML/JSON: ${(err as Error).message.split("\n")[0]}`);
  }
  const issues = checkProtoJson(messageType("ariadne.v1.CaseAlert"), value);
  if (issues.length > 0) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    throw new DocumentError("VALIDATION_FAILED", `${first?.path}: ${first?.message}${more}`, issues);
  }
  return CaseAlert.fromJSON(value);
}

/** The alert as a proto3 JSON object (camelCase names, enum names, RFC 3339 times). */
export function alertToJson(alert: CaseAlert): unknown {
  return CaseAlert.toJSON(alert);
}
