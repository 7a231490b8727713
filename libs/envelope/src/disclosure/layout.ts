import { ENTITY_LISTS, GROUPS, HEADER_IDENTITY, messageType } from "@ariadne/contracts";
import { WireType } from "../wire.ts";

/** What the wire may hold for one field: its number, and the wire types its occurrences may use. */
export interface FieldSpec {
  readonly name: string;
  readonly no: number;
  readonly repeated: boolean;
  readonly wireTypes: readonly WireType[];
}

export type TopKind = "field" | "group" | "entity";

export interface TopField extends FieldSpec {
  readonly kind: TopKind;
  /** Sub-fields of a group or entity, in schema order (identity and `ref` excluded). */
  readonly inner: readonly FieldSpec[];
}

/**
 * How a CaseAlert's wire bytes are cut into disclosure units, read once from the schema
 * (libs/contracts field-paths.ts defines the vocabulary; this adds field numbers and wire types).
 */
export interface AlertLayout {
  /** Top-level fields in schema order. */
  readonly top: readonly TopField[];
  readonly topByNo: ReadonlyMap<number, TopField>;
  readonly topByName: ReadonlyMap<string, TopField>;
  /** AlertHeader field numbers that come from the manifest, not from disclosures. */
  readonly headerIdentity: ReadonlySet<number>;
  /** Field number of `ref` in every entity message. */
  readonly refNo: number;
}

// Reflection types as @ariadne/contracts loads them (its own protobufjs), without importing protobufjs here.
type ReflectedType = ReturnType<typeof messageType>;
type ReflectedField = ReflectedType["fieldsArray"][number];

const SCALAR_WIRE: Readonly<Record<string, WireType>> = {
  double: WireType.Bit64,
  fixed64: WireType.Bit64,
  sfixed64: WireType.Bit64,
  float: WireType.Bit32,
  fixed32: WireType.Bit32,
  sfixed32: WireType.Bit32,
  string: WireType.LengthDelimited,
  bytes: WireType.LengthDelimited,
};

function spec(field: ReflectedField): FieldSpec {
  field.resolve();
  const isMessage = field.resolvedType !== null && "fields" in field.resolvedType;
  const base = isMessage ? WireType.LengthDelimited : (SCALAR_WIRE[field.type] ?? WireType.Varint);
  // Repeated numeric fields may be packed (one length-delimited run) or not, per the spec.
  const wireTypes = field.repeated && base !== WireType.LengthDelimited ? [base, WireType.LengthDelimited] : [base];
  return { name: field.name, no: field.id, repeated: field.repeated, wireTypes };
}

let cached: AlertLayout | undefined;

export function alertLayout(): AlertLayout {
  if (cached) return cached;
  const alert = messageType("ariadne.v1.CaseAlert");
  const top: TopField[] = [];
  let refNo = 0;
  let headerIdentity = new Set<number>();
  for (const field of alert.fieldsArray) {
    const s = spec(field);
    const isEntity = (ENTITY_LISTS as readonly string[]).includes(field.name);
    const isGroup = (GROUPS as readonly string[]).includes(field.name);
    if (!isEntity && !isGroup) {
      top.push({ ...s, kind: "field", inner: [] });
      continue;
    }
    const type = field.resolvedType as ReflectedType;
    if (isEntity) refNo = (type.fields["ref"] as ReflectedField).id;
    if (field.name === "header") {
      headerIdentity = new Set(HEADER_IDENTITY.map((n) => (type.fields[n] as ReflectedField).id));
    }
    const inner = type.fieldsArray
      .filter((f) => !(isEntity && f.name === "ref"))
      .filter((f) => !(field.name === "header" && (HEADER_IDENTITY as readonly string[]).includes(f.name)))
      .map(spec);
    top.push({ ...s, kind: isEntity ? "entity" : "group", inner });
  }
  cached = {
    top,
    topByNo: new Map(top.map((t) => [t.no, t])),
    topByName: new Map(top.map((t) => [t.name, t])),
    headerIdentity,
    refNo,
  };
  return cached;
}
