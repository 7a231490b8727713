import type { Deployment } from "./deployment.ts";
import { DeployError } from "./errors.ts";
import { newUserKey, type UserKey } from "./nkeys.ts";
import { type NatsUser, partiesOf, usersOf } from "./parties.ts";
import { type CertPair, createCa, issueCert } from "./tls.ts";

/** Every secret of a deployment: the dev CA, node and party certificates, user nkeys. */
export interface Secrets {
  readonly ca: CertPair;
  /** By node name. */
  readonly nodes: ReadonlyMap<string, CertPair>;
  /** By party id (TLS client certificates). */
  readonly clients: ReadonlyMap<string, CertPair>;
  /** By userId(): one nkey per party and account. */
  readonly users: ReadonlyMap<string, UserKey>;
}

export function userId(user: NatsUser): string {
  return `${user.party.id}/${user.credential}`;
}

/** Names every node certificate carries: its own names, the cluster's, and loopback for local use. */
export function nodeNames(d: Deployment, node: string): { dns: string[]; ip: string[] } {
  const n = d.cluster.nodes.find((x) => x.name === node);
  const dns = [node, ...(n ? [n.host] : []), ...d.cluster.dnsNames, "localhost"];
  return { dns: [...new Set(dns)], ip: ["127.0.0.1", "::1"] };
}

export interface GenerateSecretsOptions {
  readonly now?: Date;
  /** Secrets already issued (read back from the output folder): kept, only what is missing is made. */
  readonly previous?: Secrets;
}

/**
 * Generates what the deployment lacks. Regenerating keeps every existing key and certificate,
 * so that `generate` after adding an NCP does not rotate everybody else's credentials.
 */
export async function generateSecrets(d: Deployment, opts: GenerateSecretsOptions = {}): Promise<Secrets> {
  const certOpts = { validityDays: d.tls.validityDays, ...(opts.now ? { now: opts.now } : {}) };
  const prev = opts.previous;
  const ca = prev?.ca ?? (await createCa(d.name, certOpts));
  // New CA, new leaves: certificates of another CA would no longer verify.
  const keep = <T>(m: ReadonlyMap<string, T> | undefined, k: string) => (prev?.ca === ca ? m?.get(k) : undefined);
  const nodes = new Map<string, CertPair>();
  for (const node of d.cluster.nodes) {
    const names = nodeNames(d, node.name);
    nodes.set(
      node.name,
      keep(prev?.nodes, node.name) ??
        (await issueCert(
          ca,
          { commonName: node.name, dnsNames: names.dns, ipAddresses: names.ip, usage: "server" },
          certOpts,
        )),
    );
  }
  const clients = new Map<string, CertPair>();
  for (const party of partiesOf(d)) {
    clients.set(
      party.id,
      keep(prev?.clients, party.id) ??
        (await issueCert(ca, { commonName: party.id, dnsNames: [], ipAddresses: [], usage: "client" }, certOpts)),
    );
  }
  const users = new Map<string, UserKey>();
  for (const user of usersOf(d)) {
    const id = userId(user);
    users.set(id, prev?.users.get(id) ?? newUserKey());
  }
  return { ca, nodes, clients, users };
}

export function userKey(secrets: Secrets, user: NatsUser): UserKey {
  const key = secrets.users.get(userId(user));
  if (!key) throw new DeployError("SECRET_MISSING", `no nkey for ${userId(user)}`);
  return key;
}

export function nodeCert(secrets: Secrets, node: string): CertPair {
  const cert = secrets.nodes.get(node);
  if (!cert) throw new DeployError("SECRET_MISSING", `no certificate for node ${node}`);
  return cert;
}

export function clientCert(secrets: Secrets, party: string): CertPair {
  const cert = secrets.clients.get(party);
  if (!cert) throw new DeployError("SECRET_MISSING", `no certificate for party ${party}`);
  return cert;
}
