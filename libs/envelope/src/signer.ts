import { type KeyObject, sign } from "node:crypto";
import type { Envelope } from "@ariadne/contracts";
import { EnvelopeError } from "./errors.ts";
import { compactDetached, encodeProtectedHeader, signingInput } from "./jws.ts";
import { importPrivateKey } from "./keys.ts";
import type { MessageType } from "./message-types.ts";

export interface SignOptions {
  /** Signing time (default: the signer's clock). */
  readonly now?: Date;
}

/**
 * Signs payload bytes as one party with one key. The private key is parsed once; each signature
 * is one node:crypto Ed25519 call over the RFC 7797 signing input, which gives byte for byte
 * what jose's FlattenedSign gives (Ed25519 is deterministic), at node:crypto's speed.
 */
export class Signer {
  // The header only changes with the type and the second: remember the last one per type.
  readonly #headers = new Map<string, { iat: number; encoded: string }>();

  readonly #key: KeyObject;
  readonly #clock: () => number;

  private constructor(
    readonly party: string,
    readonly kid: string,
    key: KeyObject,
    clock: () => number,
  ) {
    this.#key = key;
    this.#clock = clock;
  }

  /** A signer for `party` from its private JWK (a PrivateJwk, e.g. from readPrivateJwk; kid must be the thumbprint). */
  static async fromJwk(party: string, jwk: unknown, clock: () => number = Date.now): Promise<Signer> {
    const { key, jwk: checked } = await importPrivateKey(jwk);
    return new Signer(party, checked.kid, key, clock);
  }

  /** The detached compact JWS over `payload`: `<b64url(header)>..<b64url(signature)>`. */
  signDetached(type: MessageType, payload: Uint8Array, opts: SignOptions = {}): string {
    const encodedHeader = this.#header(type, Math.floor((opts.now?.getTime() ?? this.#clock()) / 1000));
    let signature: Buffer;
    try {
      signature = sign(null, signingInput(encodedHeader, payload), this.#key);
    } catch (err) {
      throw new EnvelopeError("KEY_INVALID", `signing with ${this.kid} failed`, { cause: err });
    }
    return compactDetached(encodedHeader, signature);
  }

  /** An envelope carrying `payload` exactly and its signature. */
  sign(type: MessageType, payload: Uint8Array, opts: SignOptions = {}): Envelope {
    return { payload, signature: this.signDetached(type, payload, opts), disclosures: [], subject: undefined };
  }

  #header(type: MessageType, iat: number): string {
    const cached = this.#headers.get(type);
    if (cached?.iat === iat) return cached.encoded;
    const encoded = encodeProtectedHeader({ typ: type, kid: this.kid, party: this.party, iat });
    this.#headers.set(type, { iat, encoded });
    return encoded;
  }
}
