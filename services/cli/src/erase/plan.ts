import type { ErasureScope, ErasureStreamKey } from "@ariadne/audit";
import type { KnownVersion } from "./refs.ts";
import type { AlertData, StoredRef } from "./scan.ts";

/** What the detail of the erasure event calls each stream (libs/audit ERASURE_STREAM_KEYS). */
const STREAM_KEY: Readonly<Record<string, ErasureStreamKey>> = {
  INTAKE: "intake",
  DELIVERY: "delivery",
  RETURN: "return",
  DEADLETTER: "deadletter",
};

/** One alert version to erase: its ref from the audit log, and where its data is. */
export interface VersionPlan {
  readonly version: number;
  readonly known: KnownVersion;
  readonly messages: readonly StoredRef[];
  readonly records: readonly StoredRef[];
  readonly scope: Required<ErasureScope>;
}

/** Data that names the alert, but a version the audit log cannot identify (never collected): left alone. */
export interface Unidentified {
  readonly version: number;
  readonly messages: number;
  readonly records: number;
}

export interface ErasurePlan {
  readonly versions: readonly VersionPlan[];
  readonly unidentified: readonly Unidentified[];
}

export function scopeOf(messages: readonly StoredRef[], records: readonly StoredRef[]): Required<ErasureScope> {
  const streams: Partial<Record<ErasureStreamKey, number>> = {};
  for (const m of messages) {
    const key = STREAM_KEY[m.stream];
    if (key === undefined) throw new Error(`not an erasable stream: ${m.stream}`);
    streams[key] = (streams[key] ?? 0) + 1;
  }
  return { messages: messages.length, records: records.length, streams };
}

/**
 * Pairs what the audit log knows (every version it can identify, even with nothing left to
 * delete: a repeated erasure then logs the same event again, which the log records once) with
 * the data found. `version` restricts both to one version.
 */
export function planErasure(known: ReadonlyMap<number, KnownVersion>, data: AlertData, version?: number): ErasurePlan {
  const versions = new Set<number>([...known.keys(), ...data.messages.map((m) => m.version)]);
  for (const r of data.records) versions.add(r.version);
  const plans: VersionPlan[] = [];
  const unidentified: Unidentified[] = [];
  for (const v of [...versions].sort((a, b) => a - b)) {
    if (version !== undefined && v !== version) continue;
    const messages = data.messages.filter((m) => m.version === v);
    const records = data.records.filter((r) => r.version === v);
    const k = known.get(v);
    if (k === undefined) unidentified.push({ version: v, messages: messages.length, records: records.length });
    else plans.push({ version: v, known: k, messages, records, scope: scopeOf(messages, records) });
  }
  return { versions: plans, unidentified };
}
