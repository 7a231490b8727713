import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Deployment,
  type DeploymentInput,
  generateDeployment,
  localNodeConfig,
  localPartyEnv,
  parseDeployment,
  partiesOf,
  provisionBus,
} from "@ariadne/deploy";
import { connectionOptions, NatsConfig, natsConfigFromEnv, parseConfig } from "@ariadne/runtime";
import { type NatsServer, startNats } from "@ariadne/testing";
import { connect, errors, type NatsConnection } from "@nats-io/transport-node";

/**
 * A nats-server running the configuration `@ariadne/deploy` generates (mutual TLS, one nkey per
 * party, least-privilege permissions), provisioned as the operator: what production enforces.
 */
export interface SecuredNats extends AsyncDisposable {
  readonly d: Deployment;
  readonly server: NatsServer;
  /** A connection as the party, the way its service connects (env -> NatsConfig -> options). */
  connectAs(party: string, credential?: "nats" | "audit"): Promise<NatsConnection>;
  /** Permission violations the server reported to any connection opened here. */
  readonly refused: string[];
  /** Lines of the server log that mention a permissions violation. */
  logViolations(): Promise<string[]>;
}

export async function startSecuredNats(input: DeploymentInput): Promise<SecuredNats> {
  const d = parseDeployment(input);
  const out = await mkdtemp(join(tmpdir(), "ariadne-adapter-secured-"));
  const gen = await generateDeployment(d, out);
  const server = await startNats({
    serverName: d.cluster.nodes[0]?.name ?? "n1",
    config: localNodeConfig(d, gen.secrets, out),
  });
  const opened: NatsConnection[] = [];
  const refused: string[] = [];
  const connectAs = async (id: string, credential: "nats" | "audit" = "nats") => {
    const party = partiesOf(d).find((p) => p.id === id);
    if (!party) throw new Error(`no party ${id} in the deployment`);
    const env = localPartyEnv(d, party, out, [server.url], credential);
    const config = parseConfig(NatsConfig, natsConfigFromEnv(env), "nats");
    const nc = await connect({ ...connectionOptions(config, id), maxReconnectAttempts: 0 });
    opened.push(nc);
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === "error" && s.error instanceof errors.PermissionViolationError) {
          refused.push(`${id}: ${s.error.operation} ${s.error.subject}`);
        }
      }
    })();
    return nc;
  };
  try {
    await provisionBus({ main: await connectAs("operator"), audit: await connectAs("operator", "audit") }, d);
  } catch (err) {
    await server.stop();
    await rm(out, { recursive: true, force: true });
    throw err;
  }
  return {
    d,
    server,
    connectAs,
    refused,
    async logViolations() {
      const log = await readFile(server.logFile, "utf8");
      return log.split("\n").filter((line) => /violation/i.test(line));
    },
    async [Symbol.asyncDispose]() {
      await Promise.allSettled(opened.map((nc) => nc.close()));
      await server.stop();
      await rm(out, { recursive: true, force: true });
    },
  };
}
