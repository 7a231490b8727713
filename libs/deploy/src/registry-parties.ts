import type { Deployment } from "./deployment.ts";
import { type Party, partiesOf, type Role } from "./parties.ts";

/** Trust-registry roles (libs/envelope ROLES) each deployment role signs with. */
const REGISTRY_ROLES: Readonly<
  Record<Role, readonly ("publisher" | "router" | "recipient" | "auditor" | "operator" | "officer")[]>
> = {
  ncp: ["publisher", "recipient"],
  router: ["router"],
  adapter: ["recipient"],
  audit: ["auditor"],
  operator: ["operator"],
  // The console consults the audit trail on operators' behalf.
  console: ["operator"],
  officer: ["officer"],
};

export interface RegistryPartySpec {
  readonly id: string;
  readonly roles: readonly ("publisher" | "router" | "recipient" | "auditor" | "operator" | "officer")[];
}

/**
 * The trust-registry parties of a deployment: the same one source (deploy/deployment.yaml)
 * that makes the NATS identities also says who holds signing keys and with which roles.
 */
export function registryPartiesOf(d: Deployment): RegistryPartySpec[] {
  return partiesOf(d).map((p: Party) => ({ id: p.id, roles: REGISTRY_ROLES[p.role] }));
}
