import type { Deployment } from "./deployment.ts";
import { CONTAINER, layout } from "./layout.ts";
import { inboxPrefix, type Party } from "./parties.ts";

/**
 * The environment a service of `party` connects with (libs/runtime natsConfigFromEnv reads
 * exactly these). `dir` is where the party's folder is mounted: CONTAINER.partyDir in
 * containers, the generated folder itself for a local run.
 */
export function partyEnv(d: Deployment, party: Party, dir: string = CONTAINER.partyDir): Record<string, string> {
  const files = layout.party(dir);
  const servers = d.cluster.nodes.map((n) => `nats://${n.host}:${CONTAINER.clientPort}`);
  return {
    ARIADNE_PARTY: party.id,
    ARIADNE_NATS_URL: servers.join(","),
    ARIADNE_NATS_NKEY_SEED_FILE: files.seed("nats"),
    ARIADNE_NATS_INBOX_PREFIX: inboxPrefix(party.id),
    ARIADNE_NATS_TLS_CA: files.ca,
    ...(d.tls.verifyClients ? { ARIADNE_NATS_TLS_CERT: files.cert, ARIADNE_NATS_TLS_KEY: files.key } : {}),
  };
}

export function envFileText(env: Record<string, string>): string {
  return `${Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n")}\n`;
}
