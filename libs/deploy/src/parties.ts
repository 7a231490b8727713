import { adapterOf, assertPartyId, ncp } from "@ariadne/bus";
import type { Deployment } from "./deployment.ts";
import { DeployError } from "./errors.ts";

export type Role = "ncp" | "router" | "adapter" | "audit" | "operator" | "console" | "officer";

/**
 * NATS accounts. AUDIT holds the audit log alone: NATS does not check the reply subject a
 * client names against its publish permissions, so in a shared account any client could have
 * JetStream write its own API replies into ariadne.audit.log (docs/deployment.md). Only what
 * AUDIT exports (append, queries, checkpoints) crosses over.
 */
export const ACCOUNTS = { main: "ARIADNE", audit: "AUDIT", system: "SYS" } as const;
export type AccountName = (typeof ACCOUNTS)[keyof typeof ACCOUNTS];

export interface Party {
  readonly id: string;
  readonly role: Role;
  /** The agency of an adapter or officer. */
  readonly agency?: string;
}

/** One NATS identity: a party holds one per account it acts in. */
export interface NatsUser {
  readonly party: Party;
  readonly account: AccountName;
  /** File name (without .nk) of its seed in the party's credentials folder. */
  readonly credential: "nats" | "audit" | "system";
}

export function partiesOf(d: Deployment): Party[] {
  const parties: Party[] = [
    ...d.ncps.map((cc): Party => ({ id: ncp(cc), role: "ncp" })),
    { id: "router", role: "router" },
    ...d.agencies.map((agency): Party => ({ id: adapterOf(agency), role: "adapter", agency })),
    { id: "audit", role: "audit" },
    { id: "operator", role: "operator" },
    { id: "console", role: "console" },
    ...d.officers.map(
      (o): Party => ({ id: assertPartyId(`officer.${o}`), role: "officer", agency: o.split(".")[0] ?? "" }),
    ),
  ];
  // Inbox prefixes replace dots by underscores; party tokens never hold one, but check anyway.
  const seen = new Set<string>();
  for (const p of parties) {
    const key = p.id.replaceAll(".", "_");
    if (seen.has(key)) throw new DeployError("PARTY_COLLISION", `party ${p.id} collides with another`);
    seen.add(key);
  }
  return parties;
}

export function usersOf(d: Deployment): NatsUser[] {
  return partiesOf(d).flatMap((party): NatsUser[] => {
    if (party.role === "audit") return [{ party, account: ACCOUNTS.audit, credential: "nats" }];
    if (party.role === "operator") {
      return [
        { party, account: ACCOUNTS.main, credential: "nats" },
        { party, account: ACCOUNTS.audit, credential: "audit" },
        { party, account: ACCOUNTS.system, credential: "system" },
      ];
    }
    return [{ party, account: ACCOUNTS.main, credential: "nats" }];
  });
}

/** The reply-inbox prefix of a party (_INBOX_ncp_de): it may subscribe below its own only. */
export function inboxPrefix(party: string): string {
  return `_INBOX_${assertPartyId(party).replaceAll(".", "_")}`;
}
