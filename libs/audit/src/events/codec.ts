import { AuditEvent } from "@ariadne/contracts";
import { AuditError } from "../errors.ts";
import { assertAuditEventSafe } from "./guard.ts";

/** The payload bytes an emitting service signs (type ariadne.v1.AuditEvent). Encoded once, then only bytes. */
export function encodeAuditEvent(event: AuditEvent): Uint8Array {
  assertAuditEventSafe(event);
  return AuditEvent.encode(event).finish();
}

/** Reads verified event payload bytes and runs the same guard the builders do. */
export function decodeAuditEvent(payload: Uint8Array): AuditEvent {
  let event: AuditEvent;
  try {
    event = AuditEvent.decode(payload);
  } catch (cause) {
    throw new AuditError("MALFORMED", "payload is not an AuditEvent", { cause });
  }
  assertAuditEventSafe(event);
  return event;
}
