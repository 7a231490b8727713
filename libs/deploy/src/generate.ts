import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { envFileText, partyEnv } from "./credentials.ts";
import type { Deployment } from "./deployment.ts";
import { CONTAINER, layout } from "./layout.ts";
import { type NodeRuntime, renderNodeConfig } from "./nats-config.ts";
import { userKeyFromSeed } from "./nkeys.ts";
import { partiesOf, usersOf } from "./parties.ts";
import { clientCert, generateSecrets, nodeCert, type Secrets, userId, userKey } from "./secrets.ts";
import type { CertPair } from "./tls.ts";

async function put(file: string, text: string, secret = false): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text, { mode: secret ? 0o600 : 0o644 });
  // writeFile keeps the mode of a file that already exists: set it again.
  await chmod(file, secret ? 0o600 : 0o644);
}

async function maybe(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/** The node runtime inside a container (compose, Kubernetes): fixed ports, mounted paths. */
export function containerNode(d: Deployment, node: string): NodeRuntime {
  return {
    name: node,
    clientListen: `0.0.0.0:${CONTAINER.clientPort}`,
    monitorListen: `0.0.0.0:${CONTAINER.monitorPort}`,
    ...(d.cluster.nodes.length > 1 ? { clusterListen: `0.0.0.0:${CONTAINER.clusterPort}` } : {}),
    routes: d.cluster.nodes.filter((n) => n.name !== node).map((n) => `nats://${n.host}:${CONTAINER.clusterPort}`),
    storeDir: CONTAINER.storeDir,
    tls: layout.node(CONTAINER.natsDir),
  };
}

/** Reads back what an earlier `generate` wrote, so that regenerating keeps every key. */
export async function readSecrets(d: Deployment, outDir: string): Promise<Secrets | undefined> {
  const caCert = await maybe(layout.caCert(outDir));
  const caKey = await maybe(layout.caKey(outDir));
  if (caCert === undefined || caKey === undefined) return undefined;
  const pair = async (cert: string, key: string): Promise<CertPair | undefined> => {
    const [c, k] = [await maybe(cert), await maybe(key)];
    return c !== undefined && k !== undefined ? { cert: c, key: k } : undefined;
  };
  const nodes = new Map<string, CertPair>();
  for (const n of d.cluster.nodes) {
    const files = layout.node(layout.nodeDir(outDir, n.name));
    const p = await pair(files.cert, files.key);
    if (p) nodes.set(n.name, p);
  }
  const clients = new Map<string, CertPair>();
  const users = new Map<string, ReturnType<typeof userKeyFromSeed>>();
  for (const party of partiesOf(d)) {
    const files = layout.party(layout.partyDir(outDir, party.id));
    const p = await pair(files.cert, files.key);
    if (p) clients.set(party.id, p);
  }
  for (const user of usersOf(d)) {
    const seed = await maybe(layout.party(layout.partyDir(outDir, user.party.id)).seed(user.credential));
    if (seed !== undefined) users.set(userId(user), userKeyFromSeed(seed));
  }
  return { ca: { cert: caCert, key: caKey }, nodes, clients, users };
}

export interface GeneratedDeployment {
  readonly outDir: string;
  readonly secrets: Secrets;
  /** Files written, relative to nothing: absolute paths. */
  readonly files: readonly string[];
}

/**
 * Writes everything a deployment runs on, from the deployment description alone:
 *   ca/ca.crt, ca/ca.key                      the development CA
 *   nats/<node>/{nats.conf,server.crt,server.key,ca.crt}   mounted at /etc/nats on each node
 *   parties/<party>/{nats.nk,tls.crt,tls.key,ca.crt,nats.env} mounted at /run/secrets/ariadne
 *   manifest.json                             public keys and users, for review
 * Existing keys and certificates are kept; missing ones are made.
 */
export async function generateDeployment(
  d: Deployment,
  outDir: string,
  opts: { readonly now?: Date } = {},
): Promise<GeneratedDeployment> {
  const previous = await readSecrets(d, outDir);
  const secrets = await generateSecrets(d, { ...opts, ...(previous ? { previous } : {}) });
  const files: string[] = [];
  const write = async (file: string, text: string, secret = false) => {
    await put(file, text, secret);
    files.push(file);
  };
  await write(layout.caCert(outDir), secrets.ca.cert);
  await write(layout.caKey(outDir), secrets.ca.key, true);
  for (const node of d.cluster.nodes) {
    const files = layout.node(layout.nodeDir(outDir, node.name));
    const cert = nodeCert(secrets, node.name);
    await write(files.cert, cert.cert);
    await write(files.key, cert.key, true);
    await write(files.ca, secrets.ca.cert);
    await write(
      files.config,
      renderNodeConfig(d, containerNode(d, node.name), (u) => userKey(secrets, u).publicKey),
    );
  }
  for (const party of partiesOf(d)) {
    const files = layout.party(layout.partyDir(outDir, party.id));
    const cert = clientCert(secrets, party.id);
    await write(files.cert, cert.cert);
    await write(files.key, cert.key, true);
    await write(files.ca, secrets.ca.cert);
    await write(files.env, envFileText(partyEnv(d, party)));
  }
  for (const user of usersOf(d)) {
    await write(
      layout.party(layout.partyDir(outDir, user.party.id)).seed(user.credential),
      `${userKey(secrets, user).seed}\n`,
      true,
    );
  }
  const manifest = {
    deployment: d.name,
    users: usersOf(d).map((u) => ({
      party: u.party.id,
      role: u.party.role,
      account: u.account,
      nkey: userKey(secrets, u).publicKey,
    })),
  };
  await write(layout.manifest(outDir), `${JSON.stringify(manifest, null, 2)}\n`);
  return { outDir, secrets, files };
}
