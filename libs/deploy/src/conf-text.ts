/**
 * Writes nats-server configuration syntax. Every string is double-quoted (JSON escaping, which
 * the server's parser reads), so subjects such as "$JS.API.>" are never taken for variables.
 */

/** A value written bare: sizes and durations the parser reads with their units (10GB, 2m). */
export class Bare {
  constructor(readonly text: string) {}
}

export type ConfValue =
  | string
  | number
  | boolean
  | Bare
  | readonly ConfValue[]
  | { readonly [key: string]: ConfValue | undefined };

export type ConfObject = { readonly [key: string]: ConfValue | undefined };

function scalar(v: string | number | boolean | Bare): string {
  if (v instanceof Bare) return v.text;
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

function isScalar(v: ConfValue): v is string | number | boolean | Bare {
  return v instanceof Bare || typeof v !== "object";
}

/** The key COMMENT in an object is written as a "#" comment line above its other keys. */
export const COMMENT = "#";

export function confText(value: ConfObject, indent = ""): string {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (k === COMMENT) lines.push(`${indent}# ${String(v)}`);
    else lines.push(`${indent}${JSON.stringify(k)}: ${render(v, indent)}`);
  }
  return lines.join("\n");
}

function render(v: ConfValue, indent: string): string {
  if (isScalar(v)) return scalar(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    const items = v as readonly ConfValue[];
    if (items.length === 0) return "[]";
    if (items.every(isScalar)) {
      const flat = `[${items.map((x) => scalar(x as string)).join(", ")}]`;
      // Long subject lists one per line, so a review diff shows exactly which grant changed.
      if (flat.length <= 80) return flat;
      return `[\n${items.map((x) => `${inner}${scalar(x as string)}`).join("\n")}\n${indent}]`;
    }
    return `[\n${items.map((x) => `${inner}${render(x, inner)}`).join("\n")}\n${indent}]`;
  }
  const body = confText(v as ConfObject, inner);
  return body === "" ? "{}" : `{\n${body}\n${indent}}`;
}
