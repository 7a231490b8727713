import { FieldPathError, formatUnitPath, parseUnitPath, type UnitPath } from "@ariadne/contracts";
import { sha256, toHex } from "../bytes.ts";
import { EnvelopeError } from "../errors.ts";
import { scanFields, WireFormatError } from "../wire.ts";
import { decodeDisclosure } from "./codec.ts";
import { alertLayout, type FieldSpec } from "./layout.ts";

/** A disclosure whose digest the manifest lists, decoded and checked against its path. */
export interface CheckedDisclosure {
  readonly path: string;
  readonly unit: UnitPath;
  readonly value: Uint8Array;
  readonly digest: Uint8Array;
  /** Field number of the value's occurrences in the parent message. */
  readonly fieldNo: number;
}

function specOf(unit: UnitPath): FieldSpec {
  const layout = alertLayout();
  if (unit.kind === "field") return layout.topByName.get(unit.field) as FieldSpec;
  const top = layout.topByName.get(unit.kind === "group" ? unit.group : unit.list);
  return top?.inner.find((s) => s.name === unit.field) as FieldSpec;
}

/**
 * The value must be occurrences of exactly the path's field, with a wire type that field may
 * use, once for a singular field: otherwise a unit disclosed as persons[P1].role could carry
 * the person's name, and the router's per-path decision would leak it.
 */
function checkValue(value: Uint8Array, spec: FieldSpec): void {
  let fields: ReturnType<typeof scanFields>;
  try {
    fields = scanFields(value);
  } catch (err) {
    if (err instanceof WireFormatError) throw new EnvelopeError("DISCLOSURE_INCONSISTENT", "value does not parse");
    throw err;
  }
  const fits = fields.every((f) => f.no === spec.no && spec.wireTypes.includes(f.wireType));
  if (!fits || fields.length === 0 || (!spec.repeated && fields.length !== 1)) {
    throw new EnvelopeError("DISCLOSURE_INCONSISTENT", "value holds other fields than its path names");
  }
}

/**
 * Checks disclosures against a manifest, in envelope order: digest first (never decode bytes
 * the originator did not sign), then structure, path, uniqueness and value.
 */
export function checkDisclosures(
  disclosures: readonly Uint8Array[],
  manifestDigests: ReadonlySet<string>,
): CheckedDisclosure[] {
  const seenDigests = new Set<string>();
  const seenPaths = new Set<string>();
  const out: CheckedDisclosure[] = [];
  for (const bytes of disclosures) {
    const digest = sha256(bytes);
    const hex = toHex(digest);
    if (seenDigests.has(hex)) throw new EnvelopeError("DISCLOSURE_DUPLICATE", "a disclosure occurs twice");
    seenDigests.add(hex);
    if (!manifestDigests.has(hex))
      throw new EnvelopeError("DISCLOSURE_UNKNOWN", "disclosure digest not in the manifest");
    const d = decodeDisclosure(bytes);
    let unit: UnitPath;
    try {
      unit = parseUnitPath(d.path);
    } catch (err) {
      if (err instanceof FieldPathError) throw new EnvelopeError("DISCLOSURE_MALFORMED", "disclosure path invalid");
      throw err;
    }
    if (formatUnitPath(unit) !== d.path)
      throw new EnvelopeError("DISCLOSURE_MALFORMED", "disclosure path not canonical");
    if (seenPaths.has(d.path)) throw new EnvelopeError("DISCLOSURE_DUPLICATE", "two disclosures for one path");
    seenPaths.add(d.path);
    const spec = specOf(unit);
    checkValue(d.value, spec);
    out.push({ path: d.path, unit, value: d.value, digest, fieldNo: spec.no });
  }
  return out;
}
