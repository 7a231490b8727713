import { EnvelopeError } from "../errors.ts";
import type { TrustRegistry } from "./trust-registry.ts";

/** Where a verifier reads the registry on every check, so a rotation applies on the next message. */
export interface TrustSource {
  current(): TrustRegistry;
}

/** What changed when a registry was offered. */
export type RegistryChange = "updated" | "unchanged";

/**
 * Holds the current registry and only ever moves it forward: a lower version, or the same
 * version with other content, is REGISTRY_STALE (an attacker replaying an old signed
 * document would otherwise undo a revocation).
 */
export class TrustStore implements TrustSource {
  #current: TrustRegistry;

  constructor(initial: TrustRegistry) {
    this.#current = initial;
  }

  current(): TrustRegistry {
    return this.#current;
  }

  replace(next: TrustRegistry): RegistryChange {
    const cur = this.#current;
    if (next.version === cur.version && next.jws !== undefined && next.jws === cur.jws) return "unchanged";
    if (next.version <= cur.version) {
      throw new EnvelopeError("REGISTRY_STALE", `registry version ${next.version} is not newer than ${cur.version}`);
    }
    this.#current = next;
    return "updated";
  }
}
