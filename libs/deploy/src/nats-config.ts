import { subjects } from "@ariadne/bus";
import { Bare, COMMENT, type ConfObject, type ConfValue, confText } from "./conf-text.ts";
import type { Deployment } from "./deployment.ts";
import { jsApi, kvStream } from "./jsapi.ts";
import { ACCOUNTS, type AccountName, type NatsUser, usersOf } from "./parties.ts";
import { BUCKETS, type Permissions, permissionsFor } from "./permissions.ts";

/** Where one node listens and finds its files at run time (container paths, or a test's temp folder). */
export interface NodeRuntime {
  readonly name: string;
  /** host:port for clients (the local harness overrides it with -a/-p). */
  readonly clientListen: string;
  /** host:port of the HTTP monitor (/healthz), never TLS, never published outside the cluster network. */
  readonly monitorListen: string;
  /** host:port for routes; undefined for a single node. */
  readonly clusterListen?: string;
  /** Route URLs of the other nodes (nats://host:port). */
  readonly routes: readonly string[];
  readonly storeDir: string;
  /** Paths of the node's certificate, key and the CA certificate as the server sees them. */
  readonly tls: { readonly cert: string; readonly key: string; readonly ca: string };
}

function permissionsConf(p: Permissions): ConfObject {
  const side = (r: Permissions["publish"]) => ({ allow: r.allow, ...(r.deny.length ? { deny: r.deny } : {}) });
  return {
    publish: side(p.publish),
    subscribe: side(p.subscribe),
    ...(p.allowResponses
      ? { allow_responses: { max: p.allowResponses.max, expires: new Bare(`${p.allowResponses.expiresMs}ms`) } }
      : {}),
  };
}

function usersConf(d: Deployment, account: AccountName, publicKeyOf: (u: NatsUser) => string): ConfValue[] {
  return usersOf(d)
    .filter((u) => u.account === account)
    .map((u) => ({
      [COMMENT]: `${u.party.id} (${u.party.role})`,
      nkey: publicKeyOf(u),
      permissions: permissionsConf(permissionsFor(d, u)),
    }));
}

/** Deliver subject of the AUDIT account's mirror of the trust registry (see accountsConf). */
export const REGISTRY_MIRROR_DELIVER = "$ARIADNE.MIRROR.registry";
/** Prefix under which AUDIT reaches the ARIADNE JetStream API calls it imports (mirror only). */
export const MAIN_API_PREFIX_IN_AUDIT = "$JS.ARIADNE.API";

/**
 * Accounts: ARIADNE (every party), AUDIT (the log, alone), SYS (server monitoring).
 * The audit service verifies emitters' signatures, so AUDIT keeps a JetStream mirror of the
 * registry bucket: the mirror consumer lives in ARIADNE and is reached through the few API
 * subjects exported here; it catches up after any outage, unlike a plain subject import.
 */
function accountsConf(d: Deployment, publicKeyOf: (u: NatsUser) => string): ConfObject {
  const registryStream = kvStream(BUCKETS.registry);
  const mirrorApi = [`$JS.API.CONSUMER.CREATE.${registryStream}`, `$JS.API.CONSUMER.CREATE.${registryStream}.>`];
  const toAudit = [ACCOUNTS.audit];
  return {
    [ACCOUNTS.main]: {
      jetstream: "enabled",
      users: usersConf(d, ACCOUNTS.main, publicKeyOf),
      exports: [
        ...mirrorApi.map((service) => ({ service, accounts: toAudit })),
        { service: jsApi.flowControl(registryStream), accounts: toAudit },
        { stream: `${REGISTRY_MIRROR_DELIVER}.>`, accounts: toAudit },
      ],
      imports: [
        { service: { account: ACCOUNTS.audit, subject: subjects.auditAppend } },
        { service: { account: ACCOUNTS.audit, subject: subjects.auditQuery } },
        { service: { account: ACCOUNTS.audit, subject: `${subjects.auditQuery}.>` } },
        { stream: { account: ACCOUNTS.audit, subject: subjects.auditCheckpoint } },
      ],
    },
    [ACCOUNTS.audit]: {
      jetstream: "enabled",
      users: usersConf(d, ACCOUNTS.audit, publicKeyOf),
      exports: [
        { service: subjects.auditAppend, accounts: [ACCOUNTS.main] },
        { service: subjects.auditQuery, accounts: [ACCOUNTS.main] },
        { service: `${subjects.auditQuery}.>`, accounts: [ACCOUNTS.main] },
        { stream: subjects.auditCheckpoint, accounts: [ACCOUNTS.main] },
      ],
      imports: [
        ...mirrorApi.map((subject) => ({
          service: { account: ACCOUNTS.main, subject },
          to: subject.replace("$JS.API", MAIN_API_PREFIX_IN_AUDIT),
        })),
        { service: { account: ACCOUNTS.main, subject: jsApi.flowControl(registryStream) } },
        { stream: { account: ACCOUNTS.main, subject: `${REGISTRY_MIRROR_DELIVER}.>` } },
      ],
    },
    [ACCOUNTS.system]: { users: usersConf(d, ACCOUNTS.system, publicKeyOf) },
  };
}

function tlsConf(node: NodeRuntime, verify: boolean): ConfObject {
  return { cert_file: node.tls.cert, key_file: node.tls.key, ca_file: node.tls.ca, verify, timeout: 5 };
}

/**
 * The nats-server configuration of one node. Identical on every node except names, listens,
 * routes and paths, so that permissions cannot drift between nodes.
 */
export function renderNodeConfig(d: Deployment, node: NodeRuntime, publicKeyOf: (u: NatsUser) => string): string {
  const conf: ConfObject = {
    server_name: node.name,
    listen: node.clientListen,
    http: node.monitorListen,
    // One alert plus headers fits; streams refuse more than MAX_MESSAGE_BYTES themselves.
    max_payload: new Bare("2MB"),
    // A node being stopped (rolling upgrade) hands its clients over slowly instead of dropping them.
    lame_duck_duration: new Bare("30s"),
    lame_duck_grace_period: new Bare("10s"),
    tls: tlsConf(node, d.tls.verifyClients),
    jetstream: {
      store_dir: node.storeDir,
      max_file_store: new Bare(d.jetstream.maxFileStore),
      max_memory_store: new Bare(d.jetstream.maxMemoryStore),
      // fsync before acknowledging (docs/deployment.md: the Jepsen 2.12.1 analysis).
      sync_interval: d.jetstream.syncInterval === "always" ? "always" : new Bare(d.jetstream.syncInterval),
    },
    ...(node.clusterListen
      ? {
          cluster: {
            name: d.cluster.name,
            listen: node.clusterListen,
            routes: node.routes,
            // Routes authenticate each other by certificate: only nodes of this CA join.
            tls: tlsConf(node, true),
          },
        }
      : {}),
    accounts: accountsConf(d, publicKeyOf),
    system_account: ACCOUNTS.system,
  };
  const header = [
    `# Generated by @ariadne/deploy from the deployment "${d.name}" for node ${node.name}. Do not edit:`,
    "# change deploy/deployment.yaml and run `npx tsx libs/deploy/src/cli/main.ts generate` again.",
  ];
  return `${header.join("\n")}\n${confText(conf)}\n`;
}
