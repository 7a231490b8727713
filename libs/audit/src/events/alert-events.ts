import { AuditAction, type AuditEvent } from "@ariadne/contracts";
import { toHex } from "../bytes.ts";
import { AuditError } from "../errors.ts";
import {
  type AlertRef,
  alertFields,
  alertIdParts,
  type EventContext,
  finish,
  type Justification,
  justificationFields,
  requireAlert,
  requireJustification,
  requireWhy,
  type StatedPurposes,
} from "./context.ts";

/** Collection (LED Art. 25): an alert version was received and its originator's signature verified. */
export function collectionEvent(
  context: EventContext,
  input: { alert: AlertRef; why?: Justification | StatedPurposes },
): AuditEvent {
  requireAlert(input.alert);
  return finish(AuditAction.AUDIT_ACTION_COLLECTION, context, alertIdParts(input.alert), {
    ...alertFields(input.alert),
    ...justificationFields(input.why),
    detail: "alert received and verified",
  });
}

/**
 * Alteration: a new version of an alert superseded an earlier one. The earlier version's
 * manifest digest goes in when the emitter still knows it (the router's replay guard forgets
 * after its TTL): it ties the change to exactly what was superseded.
 */
export function alterationEvent(
  context: EventContext,
  input: {
    alert: AlertRef;
    supersedesVersion: number;
    /** SHA-256 of the superseded version's signed manifest payload, when known. */
    supersededDigest?: Uint8Array;
    why?: Justification | StatedPurposes;
  },
): AuditEvent {
  requireAlert(input.alert);
  if (!Number.isSafeInteger(input.supersedesVersion) || input.supersedesVersion >= input.alert.version) {
    throw new AuditError("INVALID_EVENT", "supersedesVersion: must be an earlier version");
  }
  const earlier = input.supersededDigest;
  if (earlier !== undefined && earlier.length !== 32) {
    throw new AuditError("INVALID_EVENT", "supersededDigest: not a SHA-256 digest");
  }
  const digest = earlier === undefined ? "" : ` superseded_sha256=${toHex(earlier)}`;
  return finish(AuditAction.AUDIT_ACTION_ALTERATION, context, alertIdParts(input.alert), {
    ...alertFields(input.alert),
    ...justificationFields(input.why),
    detail: `new version supersedes version=${input.supersedesVersion}${digest}`,
  });
}

/**
 * Combination: alerts were linked or correlated with this one. The why is at least the
 * purposes (LED Art. 25(2) asks a full justification of consultations and disclosures only).
 */
export function combinationEvent(
  context: EventContext,
  input: { alert: AlertRef; linkedAlertIds: readonly string[]; why: Justification | StatedPurposes },
): AuditEvent {
  requireAlert(input.alert);
  requireWhy(input.why);
  if (input.linkedAlertIds.length === 0) throw new AuditError("INVALID_EVENT", "linkedAlertIds: required");
  const linked = [...new Set(input.linkedAlertIds)].sort();
  return finish(AuditAction.AUDIT_ACTION_COMBINATION, context, [...alertIdParts(input.alert), ...linked], {
    ...alertFields(input.alert),
    ...justificationFields(input.why),
    linkedAlertIds: linked,
    detail: `alerts linked count=${linked.length}`,
  });
}

/** The streams an erasure counts messages in, as the detail names them (lowercase keys). */
export const ERASURE_STREAM_KEYS = ["intake", "delivery", "return", "deadletter"] as const;
export type ErasureStreamKey = (typeof ERASURE_STREAM_KEYS)[number];

/** How much an erasure removes: stream messages and state records, counted, never described. */
export interface ErasureScope {
  readonly messages: number;
  readonly records: number;
  /** Messages per stream; when given, they add up to `messages` (so the log says where they were). */
  readonly streams?: Readonly<Partial<Record<ErasureStreamKey, number>>>;
}

const countable = (n: number) => Number.isSafeInteger(n) && n >= 0;

function scopeDetail(s: ErasureScope | undefined): string {
  if (s === undefined) return "alert erased";
  if (![s.messages, s.records].every(countable)) {
    throw new AuditError("INVALID_EVENT", "scope: counts must be non-negative integers");
  }
  const base = `alert erased messages=${s.messages} records=${s.records}`;
  if (s.streams === undefined) return base;
  const streams = s.streams;
  const per = ERASURE_STREAM_KEYS.map((k) => [k, streams[k] ?? 0] as const);
  if (Object.keys(streams).some((k) => !(ERASURE_STREAM_KEYS as readonly string[]).includes(k))) {
    throw new AuditError("INVALID_EVENT", "scope.streams: unknown stream");
  }
  if (!per.every(([, n]) => countable(n)) || per.reduce((sum, [, n]) => sum + n, 0) !== s.messages) {
    throw new AuditError("INVALID_EVENT", "scope.streams: counts must add up to messages");
  }
  return `${base} ${per.map(([k, n]) => `${k}=${n}`).join(" ")}`;
}

/**
 * Erasure: an alert version was erased. The event keeps ids, digests, the reason code and
 * counts only — an erasure log must not keep what was erased. Logged before anything is erased,
 * so the scope is what the operator is about to remove; a retried erasure logs once.
 */
export function erasureEvent(
  context: EventContext,
  input: { alert: AlertRef; reasonCode: string; why: Justification; scope?: ErasureScope },
): AuditEvent {
  requireAlert(input.alert);
  requireJustification(input.why);
  if (input.reasonCode === "") throw new AuditError("INVALID_EVENT", "reasonCode: required");
  return finish(AuditAction.AUDIT_ACTION_ERASURE, context, alertIdParts(input.alert), {
    ...alertFields(input.alert),
    ...justificationFields(input.why),
    code: input.reasonCode,
    detail: scopeDetail(input.scope),
  });
}
