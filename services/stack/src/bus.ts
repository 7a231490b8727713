import { existsSync } from "node:fs";
import { join } from "node:path";
import { ensureStreams } from "@ariadne/bus";
import { layout, loadDeployment, provisionBus, registryPartiesOf } from "@ariadne/deploy";
import {
  createDeployment,
  DEPLOYMENT_FILES,
  type Deployment,
  readDeployment,
  writeDeployment,
} from "@ariadne/envelope";
import { connectionOptions, NatsConfig, natsConfigFromEnv, parseConfig } from "@ariadne/runtime";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { deploymentCredentials } from "./credentials.ts";
import { StackError } from "./errors.ts";
import { publishRegistryOnce } from "./registry.ts";

export interface StackReporter {
  step(text: string): void;
  done(text: string): void;
}

/** How the stack and its services use a NATS: anonymously (local), or as the deployment's parties. */
export interface StackBus {
  /** The envelope signing keys and signed trust registry the services use. */
  readonly keysDir: string;
  /** The generated credentials folder, when the NATS enforces deploy/'s permissions. */
  readonly credentialsDir: string | undefined;
  /** Reads the keys and registry (a local stack first makes them). */
  keys(report: StackReporter): Promise<Deployment>;
  /** The ARIADNE_NATS_* environment of a party's services. */
  natsEnv(party: string): Record<string, string>;
  /** Streams and buckets exist and NATS KV holds the registry of `keys`. */
  prepare(keys: Deployment, report: StackReporter): Promise<void>;
}

async function publishing(nc: NatsConnection, keys: Deployment, keysDir: string, report: StackReporter) {
  const published = await publishRegistryOnce(nc, keys.registryJws, keysDir);
  report.done(`streams ready; registry v${keys.document.version} ${published ? "published to" : "already in"} KV`);
}

/**
 * A NATS without authentication (the stack's own, or a dev server given by URL): dev keys made
 * once in `<data>/keys` from the deployment description, the streams of libs/bus at R1.
 */
export function anonymousBus(servers: readonly string[], dataDir: string, deploymentFile: string): StackBus {
  const keysDir = join(dataDir, "keys");
  return {
    keysDir,
    credentialsDir: undefined,
    async keys(report) {
      if (existsSync(join(keysDir, DEPLOYMENT_FILES.registry))) return readDeployment(keysDir);
      report.step(`generating dev keys and a signed trust registry in ${keysDir}`);
      const d = await createDeployment(registryPartiesOf(await loadDeployment(deploymentFile)));
      await writeDeployment(keysDir, d);
      return d;
    },
    natsEnv: () => ({ ARIADNE_NATS_URL: servers.join(",") }),
    async prepare(keys, report) {
      const nc = await connect({ servers: [...servers], name: "ariadne-stack" });
      try {
        report.step("creating streams and publishing the trust registry ...");
        await ensureStreams(await jetstreamManager(nc), { replicas: 1 });
        await publishing(nc, keys, keysDir, report);
      } finally {
        await nc.close();
      }
    },
  };
}

/**
 * A NATS running deploy/'s generated configuration: every service connects as its own party
 * from `credentialsDir`, the stack as the operator. The stack provisions as `ariadne-deploy
 * provision` does (idempotent: creates what is missing, sets the rest to the declared
 * configuration), so it works on a fresh cluster and on one already provisioned. Signing keys
 * are never made here: a registry the deployment's services do not share would split it.
 */
export async function deployedBus(
  servers: readonly string[],
  credentialsDir: string,
  deploymentFile: string,
  parties: readonly string[],
): Promise<StackBus> {
  const d = await loadDeployment(deploymentFile);
  const creds = deploymentCredentials(d, credentialsDir, servers, parties);
  const keysDir = layout.signingKeys(credentialsDir);
  const asOperator = (credential: "nats" | "audit") => {
    const config = parseConfig(NatsConfig, natsConfigFromEnv(creds.env("operator", credential)), "stack NATS");
    return connect({ ...connectionOptions(config, `ariadne-stack-${credential}`), maxReconnectAttempts: 0 });
  };
  return {
    keysDir,
    credentialsDir,
    async keys() {
      if (!existsSync(join(keysDir, DEPLOYMENT_FILES.registry))) {
        throw new StackError(
          "KEYS_MISSING",
          `no signing keys in ${keysDir}: the operator makes them once (npx ariadne --keys ${keysDir} keys init --from ${deploymentFile})`,
        );
      }
      return readDeployment(keysDir);
    },
    natsEnv: (party) => creds.env(party),
    async prepare(keys, report) {
      report.step(`provisioning streams and buckets as the operator of ${d.name} ...`);
      const main = await asOperator("nats");
      try {
        const audit = await asOperator("audit");
        try {
          const r = await provisionBus({ main, audit }, d);
          report.done(`provisioned (${r.created.length} created or opened, ${r.updated.length} updated)`);
        } finally {
          await audit.close();
        }
        await publishing(main, keys, keysDir, report);
      } finally {
        await main.close();
      }
    },
  };
}
