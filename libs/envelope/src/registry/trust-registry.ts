import type { KeyObject } from "node:crypto";
import { importPublicKey, type PublicJwk } from "../keys.ts";
import type { Role } from "../message-types.ts";
import type { RegistryDocument, RegistryKey, RegistryParty } from "./document.ts";
import { verifyRegistryJws } from "./sign.ts";

/** A registry key resolved for verification: parsed once, times as epoch milliseconds. */
export interface TrustedKey {
  readonly kid: string;
  readonly party: string;
  readonly roles: readonly Role[];
  readonly jwk: PublicJwk;
  readonly key: KeyObject;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly revokedAt: number | undefined;
}

/**
 * One verified registry document, indexed by kid. Immutable: a new document makes a new
 * TrustRegistry, which reuses the previous one's parsed KeyObjects (a kid is the key's
 * thumbprint, so the same kid always names the same key).
 */
export class TrustRegistry {
  private constructor(
    readonly document: RegistryDocument,
    /** The signed form, as received (absent for a registry built in memory). */
    readonly jws: string | undefined,
    private readonly keys: ReadonlyMap<string, TrustedKey>,
    private readonly parties: ReadonlyMap<string, RegistryParty>,
  ) {}

  /** Builds from an already checked document (see loadRegistry for the signed path). */
  static async fromDocument(
    document: RegistryDocument,
    jws?: string,
    previous?: TrustRegistry,
  ): Promise<TrustRegistry> {
    const keys = new Map<string, TrustedKey>();
    const parties = new Map<string, RegistryParty>();
    for (const party of document.parties) {
      parties.set(party.id, party);
      for (const k of party.keys) {
        const jwk: PublicJwk = { kty: k.kty, crv: k.crv, x: k.x, kid: k.kid };
        keys.set(k.kid, {
          kid: k.kid,
          party: party.id,
          roles: party.roles,
          jwk,
          key: previous?.key(k.kid)?.key ?? (await importPublicKey(jwk)),
          notBefore: Date.parse(k.notBefore),
          notAfter: Date.parse(k.notAfter),
          revokedAt: k.revokedAt === undefined ? undefined : Date.parse(k.revokedAt),
        });
      }
    }
    return new TrustRegistry(document, jws, keys, parties);
  }

  get version(): number {
    return this.document.version;
  }

  key(kid: string): TrustedKey | undefined {
    return this.keys.get(kid);
  }

  party(id: string): RegistryParty | undefined {
    return this.parties.get(id);
  }

  /** The party's newest key that may sign at `at`. */
  signingKid(party: string, at: Date): string | undefined {
    const p = this.parties.get(party);
    return p ? usableKeys(p, at)[0]?.kid : undefined;
  }
}

/**
 * A party's keys that may sign at `at` (not revoked, within validity), newest first: latest
 * notBefore, and among equal ones the one added last.
 */
export function usableKeys(party: RegistryParty, at: Date): RegistryKey[] {
  const t = at.getTime();
  return party.keys
    .map((k, i) => ({ k, i }))
    .filter(({ k }) => k.revokedAt === undefined && Date.parse(k.notBefore) <= t && t < Date.parse(k.notAfter))
    .sort((a, b) => Date.parse(b.k.notBefore) - Date.parse(a.k.notBefore) || b.i - a.i)
    .map(({ k }) => k);
}

/** Verifies a signed registry with the pinned operator key and indexes it. */
export async function loadRegistry(jws: string, operator: PublicJwk, previous?: TrustRegistry): Promise<TrustRegistry> {
  const document = await verifyRegistryJws(jws, operator);
  return TrustRegistry.fromDocument(document, jws, previous);
}
