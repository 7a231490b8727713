import { SignerKey } from "@ariadne/contracts";
import { MESSAGE_TYPES, roleMaySign, type TrustSource } from "@ariadne/envelope";

/**
 * The keys an export vouches for: every key the trust registry holds for a party whose roles
 * may sign audit events, revoked and expired ones included (the events they signed while valid
 * stay in the log), with the party's roles, as docs/audit-log.md §5 (signer_keys) asks.
 */
export function eventSignerKeys(trust: TrustSource): SignerKey[] {
  const keys: SignerKey[] = [];
  for (const party of trust.current().document.parties) {
    if (!roleMaySign(party.roles, MESSAGE_TYPES.AuditEvent)) continue;
    for (const k of party.keys) {
      keys.push(
        SignerKey.create({
          party: party.id,
          kid: k.kid,
          jwk: JSON.stringify({ crv: k.crv, kty: k.kty, x: k.x }),
          roles: [...party.roles],
        }),
      );
    }
  }
  return keys;
}
