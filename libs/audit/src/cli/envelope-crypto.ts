import { ExportManifest, type SignerKey } from "@ariadne/contracts";
import {
  checkPublicJwk,
  decodeEnvelope,
  EnvelopeError,
  MESSAGE_TYPES,
  PARTY_HEADER,
  type PublicJwk,
  parseProtectedHeader,
  ROLES,
  type Role,
  TrustRegistry,
  type TrustSource,
  thumbprint,
  Verifier,
} from "@ariadne/envelope";
import { decodeBase64Url, decodeUtf8 } from "../bytes.ts";
import type { ExportCrypto, VerifyEventFn } from "../export/crypto.ts";
import { parseLine } from "../export/format.ts";
import type { RawLine } from "../export/lines.ts";
import type { AuditPayloadType } from "../types.ts";

/*
 * The offline verifier's signature checks, done by @ariadne/envelope's Verifier: the same
 * algorithm the services run (strict envelope decoding, strict RFC 7797 header, typ pinned,
 * kid -> party, role may sign the type, Ed25519 over the exact bytes). Offline there is no
 * trust registry: the audit key given on the command line stands for the auditor, and the keys
 * the signed manifest vouches for stand for the event signers. Time plays no part (an export is
 * read months later), so the replay window and key validity are open-ended.
 *
 * Envelope keys import asynchronously (jose), while ExportVerifier checks synchronously, line by
 * line: `prime(line)` prepares, before a line is checked, the registry that line will need.
 */

const OPEN_START = "1970-01-01T00:00:00.000Z";
const OPEN_END = "9999-12-31T23:59:59.999Z";
const ANY_TIME = { maxAgeMs: Number.POSITIVE_INFINITY } as const;
const KNOWN_ROLES: ReadonlySet<string> = new Set(ROLES);

function verifierOf(registry: TrustRegistry): Verifier {
  const trust: TrustSource = { current: () => registry };
  return new Verifier(trust, { maxAgeMs: Number.POSITIVE_INFINITY, maxFutureSkewMs: Number.POSITIVE_INFINITY });
}

function registryOf(parties: ReadonlyMap<string, { roles: Set<Role>; keys: PublicJwk[] }>): Promise<TrustRegistry> {
  return TrustRegistry.fromDocument({
    version: 1,
    issuedAt: OPEN_START,
    parties: [...parties].map(([id, p]) => ({
      id,
      roles: [...p.roles],
      keys: p.keys.map((k) => ({ ...k, notBefore: OPEN_START, notAfter: OPEN_END })),
    })),
  });
}

/** Reads the audit service's public key (JWK, `kid` optional); refuses private and non-Ed25519 keys. */
export async function readAuditPublicKey(value: unknown): Promise<PublicJwk> {
  if (typeof value !== "object" || value === null) throw new EnvelopeError("KEY_INVALID", "not a JWK object");
  const jwk = value as Record<string, unknown>;
  if ("d" in jwk) throw new EnvelopeError("KEY_INVALID", "a private JWK; give the public key");
  if (jwk["kty"] !== "OKP" || jwk["crv"] !== "Ed25519" || typeof jwk["x"] !== "string") {
    throw new EnvelopeError("KEY_INVALID", "not an Ed25519 public JWK");
  }
  if (decodeBase64Url(jwk["x"])?.length !== 32) throw new EnvelopeError("KEY_INVALID", "JWK x is not 32 bytes");
  const kid =
    typeof jwk["kid"] === "string" ? jwk["kid"] : await thumbprint({ kty: "OKP", crv: "Ed25519", x: jwk["x"] });
  return checkPublicJwk({ kty: "OKP", crv: "Ed25519", x: jwk["x"], kid });
}

/** One string per key list, so the manifest decoded while priming and the verified one meet. */
function keysId(keys: readonly SignerKey[]): string {
  return JSON.stringify(keys.map((k) => [k.party, k.kid, k.jwk, k.roles]));
}

async function signerRegistry(keys: readonly SignerKey[]): Promise<Verifier> {
  const parties = new Map<string, { roles: Set<Role>; keys: PublicJwk[] }>();
  for (const k of keys) {
    const jwk = await checkPublicJwk({ ...(JSON.parse(k.jwk) as object), kid: k.kid });
    const party = parties.get(k.party) ?? { roles: new Set<Role>(), keys: [] };
    for (const r of k.roles) if (KNOWN_ROLES.has(r)) party.roles.add(r as Role);
    party.keys.push(jwk);
    parties.set(k.party, party);
  }
  return verifierOf(await registryOf(parties));
}

function envelopeBytesOf(text: string): Uint8Array | undefined {
  return decodeBase64Url(text);
}

/** The party an envelope's protected header names, read without trusting it (to prepare its key). */
function claimedParty(envelopeBytes: Uint8Array | undefined): string | undefined {
  if (envelopeBytes === undefined) return undefined;
  try {
    const envelope = decodeEnvelope(envelopeBytes);
    const encodedHeader = envelope.signature.slice(0, envelope.signature.indexOf("."));
    return parseProtectedHeader(encodedHeader)[PARTY_HEADER];
  } catch {
    return undefined;
  }
}

export class OfflineEnvelopeCrypto implements ExportCrypto {
  /** A verifier per party name an audit-signed envelope claims, each holding only the audit key. */
  readonly #auditVerifiers = new Map<string, Verifier>();
  /** Verifiers of the signer keys of each manifest seen (undefined: the keys are not usable). */
  readonly #eventVerifiers = new Map<string, Verifier | undefined>();

  private constructor(readonly auditKey: PublicJwk) {}

  static async create(auditJwk: unknown): Promise<OfflineEnvelopeCrypto> {
    return new OfflineEnvelopeCrypto(await readAuditPublicKey(auditJwk));
  }

  /** Prepares the keys the line will be checked with; lines that are not well-formed need none. */
  async prime(line: RawLine): Promise<void> {
    // Entry lines are the bulk of a file and need nothing new: skip them before parsing.
    if (line.bytes[9] === 0x65 /* {"type":"e(ntry)" */ && line.bytes[10] === 0x6e) return;
    const text = decodeUtf8(line.bytes);
    const parsed = text === undefined ? undefined : parseLine(text);
    if (parsed === undefined) return;
    if (parsed.type === "checkpoint" || parsed.type === "manifest") {
      await this.#auditVerifierFor(claimedParty(envelopeBytesOf(parsed.envelope)));
    }
    if (parsed.type === "consistency") await this.#auditVerifierFor(claimedParty(envelopeBytesOf(parsed.checkpoint)));
    if (parsed.type === "manifest") await this.#primeSigners(envelopeBytesOf(parsed.envelope));
  }

  verifyAuditEnvelope(envelopeBytes: Uint8Array, payloadType: AuditPayloadType): Uint8Array {
    const party = claimedParty(envelopeBytes);
    const verifier = party === undefined ? undefined : this.#auditVerifiers.get(party);
    if (verifier === undefined) throw new EnvelopeError("UNKNOWN_KEY", "not signed by the audit key");
    return verifier.verify(envelopeBytes, { type: payloadType, ...ANY_TIME }).payload;
  }

  eventVerifier(keys: readonly SignerKey[]): VerifyEventFn {
    const verifier = this.#eventVerifiers.get(keysId(keys));
    if (verifier === undefined) throw new EnvelopeError("KEY_INVALID", "the manifest's signer keys are not usable");
    return (envelopeBytes) => {
      const verified = verifier.verify(envelopeBytes, { type: MESSAGE_TYPES.AuditEvent, ...ANY_TIME });
      return { payload: verified.payload, signer: verified.party };
    };
  }

  async #auditVerifierFor(party: string | undefined): Promise<void> {
    if (party === undefined || this.#auditVerifiers.has(party)) return;
    const registry = await registryOf(new Map([[party, { roles: new Set<Role>(["auditor"]), keys: [this.auditKey] }]]));
    this.#auditVerifiers.set(party, verifierOf(registry));
  }

  async #primeSigners(envelopeBytes: Uint8Array | undefined): Promise<void> {
    if (envelopeBytes === undefined) return;
    let keys: SignerKey[];
    try {
      keys = ExportManifest.decode(decodeEnvelope(envelopeBytes).payload).signerKeys;
    } catch {
      return;
    }
    const id = keysId(keys);
    if (this.#eventVerifiers.has(id)) return;
    this.#eventVerifiers.set(id, await signerRegistry(keys).catch(() => undefined));
  }
}
