import { EnvelopeError } from "../errors.ts";
import { checkPublicJwk, generateKeyPair, type KeyPair, type PrivateJwk, type PublicJwk } from "../keys.ts";
import type { Role } from "../message-types.ts";
import { Signer } from "../signer.ts";
import type { RegistryDocument, RegistryKey, RegistryParty } from "./document.ts";
import { signRegistry } from "./sign.ts";
import { usableKeys } from "./trust-registry.ts";

export interface PartySpec {
  readonly id: string;
  readonly roles: readonly Role[];
  readonly name?: string;
}

/**
 * Everything an operator holds for one deployment: the root key, the signed registry, and the
 * private keys it generated for parties (a party may instead bring its own public key).
 */
export interface Deployment {
  readonly operator: KeyPair;
  readonly document: RegistryDocument;
  readonly registryJws: string;
  /** Private keys by party id, oldest first. */
  readonly privateKeys: ReadonlyMap<string, readonly PrivateJwk[]>;
}

export interface KeyTimes {
  readonly now?: Date;
  /** How long a new key may sign (default 365 days). */
  readonly validityDays?: number;
}

const DAY_MS = 86_400_000;

// JWS iat has whole seconds: a key that starts mid-second would refuse its first signatures.
function wholeSecond(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

function registryKey(jwk: PublicJwk, times: KeyTimes): RegistryKey {
  const start = wholeSecond(times.now ?? new Date());
  return {
    kty: jwk.kty,
    crv: jwk.crv,
    x: jwk.x,
    kid: jwk.kid,
    notBefore: start.toISOString(),
    notAfter: new Date(start.getTime() + (times.validityDays ?? 365) * DAY_MS).toISOString(),
  };
}

async function resign(
  d: Pick<Deployment, "operator" | "privateKeys">,
  parties: readonly RegistryParty[],
  version: number,
  now: Date | undefined,
): Promise<Deployment> {
  const document: RegistryDocument = { version, issuedAt: (now ?? new Date()).toISOString(), parties: [...parties] };
  return { ...d, document, registryJws: await signRegistry(document, d.operator.privateJwk) };
}

function withKeys(
  map: ReadonlyMap<string, readonly PrivateJwk[]>,
  party: string,
  jwk: PrivateJwk,
): Map<string, PrivateJwk[]> {
  const next = new Map([...map].map(([p, ks]) => [p, [...ks]]));
  next.set(party, [...(next.get(party) ?? []), jwk]);
  return next;
}

function partyOf(d: Deployment, id: string): RegistryParty {
  const party = d.document.parties.find((p) => p.id === id);
  if (!party) throw new EnvelopeError("UNKNOWN_PARTY", `no party ${id} in the registry`);
  return party;
}

function replaceParty(d: Deployment, party: RegistryParty): RegistryParty[] {
  return d.document.parties.map((p) => (p.id === party.id ? party : p));
}

/** A new deployment: an operator root key, one key per party, registry version 1. */
export async function createDeployment(parties: readonly PartySpec[], times: KeyTimes = {}): Promise<Deployment> {
  const operator = await generateKeyPair();
  let privateKeys = new Map<string, PrivateJwk[]>();
  const entries: RegistryParty[] = [];
  for (const spec of parties) {
    const pair = await generateKeyPair();
    privateKeys = withKeys(privateKeys, spec.id, pair.privateJwk);
    entries.push({
      id: spec.id,
      roles: [...spec.roles],
      ...(spec.name !== undefined ? { name: spec.name } : {}),
      keys: [registryKey(pair.publicJwk, times)],
    });
  }
  return resign({ operator, privateKeys }, entries, 1, times.now);
}

/** Adds a party (with a new key) to the registry: version + 1. */
export async function addParty(d: Deployment, spec: PartySpec, times: KeyTimes = {}): Promise<Deployment> {
  if (d.document.parties.some((p) => p.id === spec.id)) {
    throw new EnvelopeError("REGISTRY_INVALID", `party ${spec.id} already exists`);
  }
  const pair = await generateKeyPair();
  const party: RegistryParty = {
    id: spec.id,
    roles: [...spec.roles],
    ...(spec.name !== undefined ? { name: spec.name } : {}),
    keys: [registryKey(pair.publicJwk, times)],
  };
  return resign(
    { operator: d.operator, privateKeys: withKeys(d.privateKeys, spec.id, pair.privateJwk) },
    [...d.document.parties, party],
    d.document.version + 1,
    times.now,
  );
}

export interface AddKeyOptions extends KeyTimes {
  /** Register a key the party generated itself (its private half never leaves the party). */
  readonly publicJwk?: PublicJwk;
}

/** Adds a key to a party (the old ones stay valid): version + 1. */
export async function addKey(
  d: Deployment,
  partyId: string,
  opts: AddKeyOptions = {},
): Promise<{ deployment: Deployment; kid: string }> {
  const party = partyOf(d, partyId);
  const pair = opts.publicJwk ? undefined : await generateKeyPair();
  const publicJwk = opts.publicJwk ? await checkPublicJwk(opts.publicJwk) : (pair as KeyPair).publicJwk;
  const next: RegistryParty = { ...party, keys: [...party.keys, registryKey(publicJwk, opts)] };
  const privateKeys = pair ? withKeys(d.privateKeys, partyId, pair.privateJwk) : d.privateKeys;
  const deployment = await resign(
    { operator: d.operator, privateKeys },
    replaceParty(d, next),
    d.document.version + 1,
    opts.now,
  );
  return { deployment, kid: publicJwk.kid };
}

export interface RotateOptions extends AddKeyOptions {
  /** How long the old keys keep signing after the rotation, for messages in flight (default 0). */
  readonly overlapMs?: number;
}

/** A new key for the party; its current keys stop at now + overlap: version + 1. */
export async function rotateKey(
  d: Deployment,
  partyId: string,
  opts: RotateOptions = {},
): Promise<{ deployment: Deployment; kid: string }> {
  const now = wholeSecond(opts.now ?? new Date());
  const end = new Date(now.getTime() + (opts.overlapMs ?? 0));
  const party = partyOf(d, partyId);
  // Every key still valid at `end` stops there; one that starts no earlier than `end` (a second
  // rotation within the same second) keeps one second, as validity may not be empty.
  const stop = (k: RegistryKey): RegistryKey => {
    const at = Math.max(end.getTime(), Date.parse(k.notBefore) + 1000);
    return Date.parse(k.notAfter) > at ? { ...k, notAfter: new Date(at).toISOString() } : k;
  };
  const ended: RegistryParty = { ...party, keys: party.keys.map(stop) };
  const shortened: Deployment = { ...d, document: { ...d.document, parties: replaceParty(d, ended) } };
  const { deployment, kid } = await addKey(shortened, partyId, { ...opts, now });
  return { deployment, kid };
}

/** Marks a key revoked: from now on nothing it signed verifies, whatever time it claims. */
export async function revokeKey(d: Deployment, kid: string, times: { readonly now?: Date } = {}): Promise<Deployment> {
  const party = d.document.parties.find((p) => p.keys.some((k) => k.kid === kid));
  if (!party) throw new EnvelopeError("UNKNOWN_KEY", `no key ${kid} in the registry`);
  const at = (times.now ?? new Date()).toISOString();
  const next: RegistryParty = {
    ...party,
    keys: party.keys.map((k) => (k.kid === kid && k.revokedAt === undefined ? { ...k, revokedAt: at } : k)),
  };
  return resign(d, replaceParty(d, next), d.document.version + 1, times.now);
}

/** A signer for the party's newest key that may sign now (not revoked, within validity). */
export async function signerFor(
  d: Deployment,
  partyId: string,
  opts: { readonly now?: Date; readonly clock?: () => number } = {},
): Promise<Signer> {
  const party = partyOf(d, partyId);
  for (const k of usableKeys(party, opts.now ?? new Date())) {
    const jwk = d.privateKeys.get(partyId)?.find((p) => p.kid === k.kid);
    if (jwk) return Signer.fromJwk(partyId, jwk, opts.clock);
  }
  throw new EnvelopeError("UNKNOWN_KEY", `no usable private key for ${partyId}`);
}
