import { messageType } from "@ariadne/contracts";
import type { Issues, ValidationCode } from "./codes.ts";
import type { ValidationLimits } from "./limits.ts";

type MessageType = ReturnType<typeof messageType>;

/** What the walk needs of one field, worked out once per message type. */
interface FieldPlan {
  readonly key: string; // ts-proto (camelCase) property name, also the proto3 JSON name
  readonly limitKey: string; // "<Message>.<field>" in proto names
  readonly repeated: boolean;
  readonly message?: MessageType;
  readonly enumName?: string;
  readonly enumValues?: ReadonlySet<number>;
}

const plans = new Map<MessageType, readonly FieldPlan[]>();

function planOf(type: MessageType): readonly FieldPlan[] {
  const cached = plans.get(type);
  if (cached) return cached;
  const plan = type.fieldsArray.map((field): FieldPlan => {
    const base = {
      key: field.name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
      limitKey: `${type.name}.${field.name}`,
      repeated: field.repeated,
    };
    const resolved = field.resolvedType;
    if (resolved && "fieldsArray" in resolved) return { ...base, message: resolved as MessageType };
    if (resolved && "values" in resolved) {
      return { ...base, enumName: resolved.name, enumValues: new Set(Object.values(resolved.values)) };
    }
    return base;
  });
  plans.set(type, plan);
  return plan;
}

/**
 * One pass over the whole alert, driven by the schema, for the rules that hold everywhere:
 * every enum value is in its code list (a decoded alert keeps unknown numbers, ts-proto's
 * fromJSON turns unknown names into UNRECOGNIZED = -1), no *_UNSPECIFIED inside a list, texts
 * and lists within bounds, numbers finite. Field-specific rules live beside this file.
 */
export function checkStructure(alert: object, limits: ValidationLimits, issues: Issues): void {
  walk(messageType("ariadne.v1.CaseAlert"), alert as Record<string, unknown>, "", limits, issues);
}

function walk(
  type: MessageType,
  value: Record<string, unknown>,
  path: string,
  limits: ValidationLimits,
  issues: Issues,
): void {
  if (type.fullName === ".google.protobuf.Timestamp") return; // ts-proto gives a Date
  for (const field of planOf(type)) {
    const v = value[field.key];
    if (v === undefined || v === null) continue;
    const p = path ? `${path}.${field.key}` : field.key;
    if (field.repeated && Array.isArray(v)) {
      const max = limits.lists[field.limitKey] ?? limits.defaultList;
      if (v.length > max) issues.add(p, "TOO_MANY", `at most ${max} entries`);
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        if (field.message) walkMessage(field.message, item, `${p}[${i}]`, limits, issues);
        else {
          const problem = leafProblem(field, item, true, limits);
          if (problem) issues.add(`${p}[${i}]`, problem[0], problem[1]);
        }
      }
    } else if (field.message) {
      walkMessage(field.message, v, p, limits, issues);
    } else {
      const problem = leafProblem(field, v, false, limits);
      if (problem) issues.add(p, problem[0], problem[1]);
    }
  }
}

function walkMessage(type: MessageType, v: unknown, p: string, limits: ValidationLimits, issues: Issues): void {
  if (typeof v === "object" && v !== null) walk(type, v as Record<string, unknown>, p, limits, issues);
}

/** The problem with one scalar or enum value, if any (paths are built only for problems). */
function leafProblem(
  field: FieldPlan,
  v: unknown,
  inList: boolean,
  limits: ValidationLimits,
): [ValidationCode, string] | undefined {
  if (field.enumValues) {
    if (typeof v !== "number" || !field.enumValues.has(v)) return ["INVALID_CODE", `not a ${field.enumName} value`];
    if (inList && v === 0) return ["INVALID_CODE", `${field.enumName} unspecified in a list`];
    return undefined;
  }
  if (typeof v === "string") {
    const max = limits.text[field.limitKey] ?? limits.defaultText;
    return v.length > max ? ["TOO_LONG", `at most ${max} characters`] : undefined;
  }
  if (typeof v === "number" && !Number.isFinite(v)) return ["INVALID_COORDINATES", "not a finite number"];
  return undefined;
}
