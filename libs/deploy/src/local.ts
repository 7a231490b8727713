import { partyEnv } from "./credentials.ts";
import type { Deployment } from "./deployment.ts";
import { layout } from "./layout.ts";
import { type NodeRuntime, renderNodeConfig } from "./nats-config.ts";
import type { Party } from "./parties.ts";
import { type Secrets, userKey } from "./secrets.ts";

/** What the local nats-server launcher (@ariadne/nats-server ConfigContext) hands a config renderer. */
export interface LocalNodeContext {
  readonly name: string;
  readonly storeDir: string;
  readonly ports: { readonly client: number; readonly monitor: number; readonly cluster: number };
  readonly cluster?: { readonly routes: readonly string[] } | undefined;
}

/**
 * A renderer for the local launcher (LocalServerOptions.config): the generated configuration
 * with loopback listens, the launcher's ports and store, and the generated files in `outDir`.
 * Node names are the deployment's (the test deployment names its nodes n1, n2, n3 like the launcher).
 */
export function localNodeConfig(d: Deployment, secrets: Secrets, outDir: string): (ctx: LocalNodeContext) => string {
  return (ctx) => {
    const node: NodeRuntime = {
      name: ctx.name,
      clientListen: `127.0.0.1:${ctx.ports.client}`,
      monitorListen: `127.0.0.1:${ctx.ports.monitor}`,
      ...(ctx.cluster ? { clusterListen: `127.0.0.1:${ctx.ports.cluster}` } : {}),
      routes: ctx.cluster?.routes ?? [],
      storeDir: ctx.storeDir,
      tls: layout.node(layout.nodeDir(outDir, ctx.name)),
    };
    return renderNodeConfig(d, node, (u) => userKey(secrets, u).publicKey);
  };
}

/** A party's environment for a local run: the generated folder in place of the container mount. */
export function localPartyEnv(
  d: Deployment,
  party: Party,
  outDir: string,
  servers: readonly string[],
  credential: "nats" | "audit" | "system" = "nats",
): Record<string, string> {
  const dir = layout.partyDir(outDir, party.id);
  return {
    ...partyEnv(d, party, dir),
    ARIADNE_NATS_URL: servers.join(","),
    ARIADNE_NATS_NKEY_SEED_FILE: layout.party(dir).seed(credential),
  };
}
