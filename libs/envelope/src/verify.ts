import { verify as cryptoVerify } from "node:crypto";
import type { Envelope } from "@ariadne/contracts";
import { decodeEnvelope } from "./envelope-codec.ts";
import { EnvelopeError } from "./errors.ts";
import { PARTY_HEADER, type ProtectedHeader, parseHeaderBytes, signingInput, splitCompactDetached } from "./jws.ts";
import { MESSAGE_TYPES, type MessageType, type Role, roleMaySign } from "./message-types.ts";
import type { TrustSource } from "./registry/store.ts";
import type { TrustedKey } from "./registry/trust-registry.ts";

/** Far beyond any real alert (documents are capped at 1 MiB), small enough to refuse a flood early. */
export const DEFAULT_MAX_ENVELOPE_BYTES = 2 * 1024 * 1024;
/** How old a signature may be when it arrives: messages wait in streams, but not for long. */
export const DEFAULT_MAX_AGE_MS = 5 * 60_000;
/** How far ahead of our clock a signer's clock may run. */
export const DEFAULT_MAX_FUTURE_SKEW_MS = 60_000;

export interface VerifierOptions {
  readonly maxEnvelopeBytes?: number;
  readonly maxAgeMs?: number;
  readonly maxFutureSkewMs?: number;
  readonly clock?: () => number;
}

export interface VerifyOptions {
  /** The type (or one of the types) the caller expects; the JWS `typ` must be it. */
  readonly type: MessageType | readonly MessageType[];
  /** The party that must have signed, when the NATS subject names one (ariadne.intake.<ncp>). */
  readonly party?: string;
  /** Override of the replay window for this call; Infinity accepts any age (audit exports). */
  readonly maxAgeMs?: number;
  readonly now?: Date;
}

/** What a successful verification vouches for: these exact payload bytes, signed by this party. */
export interface Verified {
  readonly envelope: Envelope;
  readonly payload: Uint8Array;
  readonly type: MessageType;
  readonly party: string;
  readonly kid: string;
  readonly roles: readonly Role[];
  readonly signedAt: Date;
  readonly registryVersion: number;
}

interface Limits {
  readonly maxAgeMs: number;
  readonly maxFutureSkewMs: number;
  readonly now: number;
}

function expectedTypes(type: VerifyOptions["type"]): readonly MessageType[] {
  return typeof type === "string" ? [type] : type;
}

/** Only manifests carry disclosures, only attestations carry a subject. */
function checkShape(envelope: Envelope, type: MessageType): void {
  const disclosuresAllowed = type === MESSAGE_TYPES.AlertManifest;
  const subjectAllowed = type === MESSAGE_TYPES.RoutingAttestation;
  if ((!disclosuresAllowed && envelope.disclosures.length > 0) || (!subjectAllowed && envelope.subject)) {
    throw new EnvelopeError("MALFORMED", `envelope shape does not fit ${type}`);
  }
}

/** Unverified header values go into messages only if they look like the ids they claim to be. */
function printable(value: string): string {
  return /^[A-Za-z0-9._-]{1,64}$/.test(value) ? value : "(unprintable)";
}

function checkKeyTime(key: TrustedKey, iatMs: number): void {
  // Revocation means "this key cannot be trusted": a signer holding it could claim any iat.
  if (key.revokedAt !== undefined) throw new EnvelopeError("KEY_REVOKED", `key ${key.kid} is revoked`);
  if (iatMs < key.notBefore || iatMs >= key.notAfter) {
    throw new EnvelopeError("KEY_NOT_VALID", `key ${key.kid} is not valid at the signing time`);
  }
}

function checkFreshness(iatMs: number, limits: Limits): void {
  if (limits.now - iatMs > limits.maxAgeMs || iatMs - limits.now > limits.maxFutureSkewMs) {
    throw new EnvelopeError("REPLAY", "signing time outside the replay window");
  }
}

/**
 * The verification algorithm, in the order docs/envelope-format.md gives. Every step throws
 * EnvelopeError with a stable code. Only the final signature check touches crypto, and any
 * failure there, exceptions included, is the one code SIGNATURE_INVALID.
 */
export function verifyEnvelopeWith(
  trust: TrustSource,
  envelope: Envelope,
  opts: VerifyOptions,
  limits: Limits,
): Verified {
  const { encodedHeader, headerBytes, signature } = splitCompactDetached(envelope.signature);
  const header: ProtectedHeader = parseHeaderBytes(headerBytes);

  const type = expectedTypes(opts.type).find((t) => t === header.typ);
  if (type === undefined) throw new EnvelopeError("TYPE_MISMATCH", "typ is not the expected message type");
  checkShape(envelope, type);

  const registry = trust.current();
  const key = registry.key(header.kid);
  if (key === undefined) throw new EnvelopeError("UNKNOWN_KEY", `kid ${printable(header.kid)} is not in the registry`);
  const party = header[PARTY_HEADER];
  if (key.party !== party)
    throw new EnvelopeError("PARTY_MISMATCH", `kid ${key.kid} is not a key of the header's party`);
  if (opts.party !== undefined && opts.party !== party) {
    throw new EnvelopeError("PARTY_MISMATCH", "signer is not the party the subject names");
  }
  if (!roleMaySign(key.roles, type)) throw new EnvelopeError("ROLE_NOT_ALLOWED", `${party} may not sign ${type}`);

  const iatMs = header.iat * 1000;
  checkKeyTime(key, iatMs);
  checkFreshness(iatMs, opts.maxAgeMs === undefined ? limits : { ...limits, maxAgeMs: opts.maxAgeMs });

  let valid = false;
  try {
    valid =
      signature.length === 64 && cryptoVerify(null, signingInput(encodedHeader, envelope.payload), key.key, signature);
  } catch {
    valid = false;
  }
  if (!valid) throw new EnvelopeError("SIGNATURE_INVALID", "signature does not verify");

  return {
    envelope,
    payload: envelope.payload,
    type,
    party,
    kid: key.kid,
    roles: key.roles,
    signedAt: new Date(iatMs),
    registryVersion: registry.version,
  };
}

/** Verifies envelopes against a trust source that may change under it (registry watcher). */
export class Verifier {
  readonly maxEnvelopeBytes: number;
  readonly #maxAgeMs: number;
  readonly #maxFutureSkewMs: number;
  readonly #clock: () => number;

  constructor(
    readonly trust: TrustSource,
    options: VerifierOptions = {},
  ) {
    this.maxEnvelopeBytes = options.maxEnvelopeBytes ?? DEFAULT_MAX_ENVELOPE_BYTES;
    this.#maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.#maxFutureSkewMs = options.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS;
    this.#clock = options.clock ?? Date.now;
  }

  /** Envelope bytes as received from NATS: size first, then strict decoding, then verification. */
  verify(bytes: Uint8Array, opts: VerifyOptions): Verified {
    return this.verifyEnvelope(this.decode(bytes), opts);
  }

  /** Size check and strict decoding only (no trust decision): TOO_LARGE or MALFORMED. */
  decode(bytes: Uint8Array): Envelope {
    if (bytes.length > this.maxEnvelopeBytes) {
      throw new EnvelopeError("TOO_LARGE", `envelope of ${bytes.length} bytes exceeds ${this.maxEnvelopeBytes}`);
    }
    return decodeEnvelope(bytes);
  }

  /** Verification of an already decoded envelope (e.g. the subject inside an attestation). */
  verifyEnvelope(envelope: Envelope, opts: VerifyOptions): Verified {
    if (envelope.payload.length > this.maxEnvelopeBytes) {
      throw new EnvelopeError("TOO_LARGE", "payload exceeds the envelope limit");
    }
    return verifyEnvelopeWith(this.trust, envelope, opts, {
      maxAgeMs: this.#maxAgeMs,
      maxFutureSkewMs: this.#maxFutureSkewMs,
      now: opts.now?.getTime() ?? this.#clock(),
    });
  }
}
