import { createUser, fromSeed } from "@nats-io/nkeys";

/** A NATS user nkey: the server config holds the public key, the party's file the seed. */
export interface UserKey {
  /** SU... (secret). */
  readonly seed: string;
  /** U... */
  readonly publicKey: string;
}

export function newUserKey(): UserKey {
  const kp = createUser();
  return { seed: new TextDecoder().decode(kp.getSeed()), publicKey: kp.getPublicKey() };
}

/** Re-derives the public key, so a seed file read back is checked, not trusted. */
export function userKeyFromSeed(seed: string): UserKey {
  const kp = fromSeed(new TextEncoder().encode(seed.trim()));
  return { seed: seed.trim(), publicKey: kp.getPublicKey() };
}
