import { type AuditAction, AuditEvent, type Purpose } from "@ariadne/contracts";
import { toHex } from "../bytes.ts";
import { AuditError } from "../errors.ts";
import { deterministicEventId } from "./event-id.ts";
import { assertAuditEventSafe } from "./guard.ts";

/** Who performed an operation and when: the party that will sign the event. */
export interface EventContext {
  readonly actor: string;
  readonly occurredAt: Date;
  /** W3C trace id (32 lowercase hex digits) of the operation, when there is one. */
  readonly traceId?: string;
}

/** The alert an operation concerns, by id and digest only. */
export interface AlertRef {
  readonly alertId: string;
  readonly version: number;
  readonly originator: string;
  /** SHA-256 of the originator's signed AlertManifest payload bytes. */
  readonly manifestDigest: Uint8Array;
}

/** Why: the purposes served, the legal basis in force and the mandate rules that applied. */
export interface Justification {
  readonly purposes: readonly Purpose[];
  readonly legalBasis: string;
  readonly ruleIds: readonly string[];
}

export function alertFields(alert: AlertRef): Partial<AuditEvent> {
  return {
    alertId: alert.alertId,
    version: alert.version,
    originator: alert.originator,
    manifestDigest: Uint8Array.from(alert.manifestDigest),
  };
}

/**
 * The "why" of an operation on a whole alert as its originator stated it: the purposes of the
 * alert header. The contract carries no legal basis there; each recipient's is in the decision.
 */
export interface StatedPurposes {
  readonly purposes: readonly Purpose[];
}

export function justificationFields(why: Justification | StatedPurposes | undefined): Partial<AuditEvent> {
  if (why === undefined) return {};
  if (!("legalBasis" in why)) return { purposes: [...why.purposes] };
  return { purposes: [...why.purposes], legalBasis: why.legalBasis, ruleIds: [...why.ruleIds] };
}

/** The justification LED Art. 25(2) asks of consultations and disclosures: never empty. */
export function requireJustification(why: Justification): void {
  if (why.legalBasis === "") throw new AuditError("INVALID_EVENT", "legalBasis: required");
  if (why.purposes.length === 0) throw new AuditError("INVALID_EVENT", "purposes: required");
}

/** At least the purposes; a legal basis, when one is given, must say something. */
export function requireWhy(why: Justification | StatedPurposes): void {
  if ("legalBasis" in why) requireJustification(why);
  else if (why.purposes.length === 0) throw new AuditError("INVALID_EVENT", "purposes: required");
}

export function requireAlert(alert: AlertRef): void {
  if (alert.alertId === "" || alert.originator === "" || alert.manifestDigest.length === 0) {
    throw new AuditError("INVALID_EVENT", "alert: id, originator and manifest digest are required");
  }
}

/** The id parts every alert operation shares: id, version and the exact manifest. */
export function alertIdParts(alert: AlertRef): string[] {
  return [alert.alertId, String(alert.version), toHex(alert.manifestDigest)];
}

/** Assembles, identifies and guards an event: the single exit of every builder. */
export function finish(
  action: AuditAction,
  context: EventContext,
  idParts: readonly string[],
  fields: Partial<AuditEvent>,
): AuditEvent {
  const event = AuditEvent.create({
    ...fields,
    eventId: deterministicEventId(action, context.actor, idParts),
    action,
    actor: context.actor,
    occurredAt: context.occurredAt,
    traceId: context.traceId ?? "",
  });
  assertAuditEventSafe(event);
  return event;
}
