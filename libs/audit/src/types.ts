import type { Envelope } from "@ariadne/contracts";

/** The JWS `typ` of each payload this library asks to have signed or verified. */
export const PAYLOAD_TYPES = {
  AuditEvent: "ariadne.v1.AuditEvent",
  Checkpoint: "ariadne.v1.Checkpoint",
  ExportManifest: "ariadne.v1.ExportManifest",
} as const;
export type AuditPayloadType = (typeof PAYLOAD_TYPES)[keyof typeof PAYLOAD_TYPES];

/**
 * Signs exact payload bytes as the audit service (injected: @ariadne/envelope in the service,
 * node:crypto Ed25519 in tests). Returns the Envelope carrying those bytes and the JWS.
 */
export type SignFn = (payloadType: AuditPayloadType, payload: Uint8Array) => Envelope;
