import type { SignerKey } from "@ariadne/contracts";
import type { AuditPayloadType } from "../types.ts";

/** What verifying an event envelope yields: its exact payload bytes and the party whose key signed. */
export interface VerifiedEvent {
  readonly payload: Uint8Array;
  readonly signer: string;
}

/** Verifies one event Envelope (exact bytes); throws on any failure (bad signature, unknown key, wrong type). */
export type VerifyEventFn = (envelopeBytes: Uint8Array) => VerifiedEvent;

/**
 * The signature checks an export verifier needs, injected so that this library does not depend
 * on a JWS implementation: @ariadne/envelope in services, a node:crypto stand-in in the CLI and
 * tests. Every function throws on failure; the verifier turns any throw into SIGNATURE_INVALID.
 */
export interface ExportCrypto {
  /** Verifies an Envelope signed by the audit service's key, its JWS typ pinned to `payloadType`; returns the payload. */
  verifyAuditEnvelope(envelopeBytes: Uint8Array, payloadType: AuditPayloadType): Uint8Array;
  /** An event verifier that trusts exactly the keys the audit service vouched for in the manifest. */
  eventVerifier(keys: readonly SignerKey[]): VerifyEventFn;
}
