import { REF_PATTERN } from "@ariadne/contracts";
import { decodeUtf8 } from "../bytes.ts";
import { EnvelopeError } from "../errors.ts";
import { concatBytes, scanFields, type WireField, WireFormatError } from "../wire.ts";
import { alertLayout, type FieldSpec } from "./layout.ts";

/** A disclosure unit before salting: its path and the wire bytes of its occurrences. */
export interface Unit {
  readonly path: string;
  readonly value: Uint8Array;
}

function scan(bytes: Uint8Array): WireField[] {
  try {
    return scanFields(bytes);
  } catch (err) {
    if (err instanceof WireFormatError) throw new EnvelopeError("ALERT_INVALID", "alert bytes do not parse");
    throw err;
  }
}

function byNumber(fields: readonly WireField[]): Map<number, WireField[]> {
  const out = new Map<number, WireField[]>();
  for (const f of fields) out.set(f.no, [...(out.get(f.no) ?? []), f]);
  return out;
}

/** Units of one message's sub-fields, in schema order; each value is all occurrences, tags included. */
function subUnits(
  prefix: string,
  fields: readonly WireField[],
  inner: readonly FieldSpec[],
  skip: ReadonlySet<number>,
) {
  const grouped = byNumber(fields);
  for (const no of grouped.keys()) {
    if (!skip.has(no) && !inner.some((s) => s.no === no)) {
      throw new EnvelopeError("ALERT_INVALID", `unknown field ${no} under ${prefix}`);
    }
  }
  const out: Unit[] = [];
  for (const s of inner) {
    const occurrences = grouped.get(s.no);
    if (occurrences) out.push({ path: `${prefix}.${s.name}`, value: concatBytes(occurrences.map((f) => f.raw)) });
  }
  return out;
}

/**
 * Cuts a CaseAlert's wire bytes into disclosure units, in the order presentUnits lists them:
 * top-level fields in schema order; header and route field by field (the header's identity
 * stays out: the manifest carries it); each entity field by field under its ref.
 */
export function splitAlert(bytes: Uint8Array): Unit[] {
  const layout = alertLayout();
  const grouped = byNumber(scan(bytes));
  for (const no of grouped.keys()) {
    if (!layout.topByNo.has(no)) throw new EnvelopeError("ALERT_INVALID", `unknown alert field ${no}`);
  }
  const units: Unit[] = [];
  for (const top of layout.top) {
    const occurrences = grouped.get(top.no) ?? [];
    if (occurrences.length === 0) continue;
    if (top.kind === "field") {
      units.push({ path: top.name, value: concatBytes(occurrences.map((f) => f.raw)) });
    } else if (top.kind === "group") {
      if (occurrences.length > 1) throw new EnvelopeError("ALERT_INVALID", `${top.name} occurs twice`);
      const skip = top.name === "header" ? layout.headerIdentity : new Set<number>();
      units.push(...subUnits(top.name, scan((occurrences[0] as WireField).value), top.inner, skip));
    } else {
      const refs = new Set<string>();
      for (const occurrence of occurrences) {
        const fields = scan(occurrence.value);
        const refFields = fields.filter((f) => f.no === layout.refNo);
        const ref = refFields.length === 1 ? decodeUtf8((refFields[0] as WireField).value) : undefined;
        // Without a unique, well-formed ref an entity has no unit path: refuse rather than drop it.
        if (ref === undefined || !REF_PATTERN.test(ref) || refs.has(ref)) {
          throw new EnvelopeError("ALERT_INVALID", `an entity of ${top.name} lacks a unique valid ref`);
        }
        refs.add(ref);
        units.push(...subUnits(`${top.name}[${ref}]`, fields, top.inner, new Set([layout.refNo])));
      }
    }
  }
  return units;
}
