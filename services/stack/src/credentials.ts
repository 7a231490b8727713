import { existsSync, readFileSync } from "node:fs";
import { type Deployment, layout, localPartyEnv, partiesOf } from "@ariadne/deploy";
import { StackError } from "./errors.ts";

/** The variables of a party's environment that name a file it must be able to read. */
const FILE_VARIABLES = [
  "ARIADNE_NATS_NKEY_SEED_FILE",
  "ARIADNE_NATS_TLS_CA",
  "ARIADNE_NATS_TLS_CERT",
  "ARIADNE_NATS_TLS_KEY",
] as const;

/** The NATS identities of a folder written by `ariadne-deploy generate`, checked once. */
export interface DeploymentCredentials {
  /**
   * A party's ARIADNE_NATS_* environment: what compose and Kubernetes give its services
   * (parties/<party>/nats.env), with the folder's own paths and the given servers.
   */
  env(party: string, credential?: "nats" | "audit"): Record<string, string>;
}

/**
 * Reads the generated folder `dir` for deployment `d`: every `party` (and the operator, in both
 * accounts) must have its seed, CA and client certificate there. Failing now, with the file
 * named, beats a service that cannot connect and only says so in its log.
 */
export function deploymentCredentials(
  d: Deployment,
  dir: string,
  servers: readonly string[],
  parties: readonly string[],
): DeploymentCredentials {
  const regenerate = `generate it: npx tsx libs/deploy/src/cli/main.ts generate -f <deployment file> -o ${dir}`;
  const manifest = layout.manifest(dir);
  if (!existsSync(manifest)) {
    throw new StackError("CREDENTIALS_MISSING", `${dir} is not a generated deployment (no ${manifest}; ${regenerate})`);
  }
  const generatedFor = (JSON.parse(readFileSync(manifest, "utf8")) as { deployment?: unknown }).deployment;
  if (generatedFor !== d.name) {
    throw new StackError(
      "DEPLOYMENT_MISMATCH",
      `${dir} was generated for deployment ${String(generatedFor)}, the stack reads ${d.name} (give the same file: --deployment)`,
    );
  }
  const known = new Map(partiesOf(d).map((p) => [p.id, p]));
  const env = (id: string, credential: "nats" | "audit" = "nats") => {
    const party = known.get(id);
    if (!party) throw new StackError("DEPLOYMENT_MISMATCH", `${id} is not a party of deployment ${d.name}`);
    return localPartyEnv(d, party, dir, servers, credential);
  };
  const wanted: [string, "nats" | "audit"][] = [
    ...parties.map((p): [string, "nats"] => [p, "nats"]),
    ["operator", "nats"],
    ["operator", "audit"],
  ];
  for (const [party, credential] of wanted) {
    const e = env(party, credential);
    for (const name of FILE_VARIABLES) {
      const file = e[name];
      if (file !== undefined && !existsSync(file)) {
        throw new StackError("CREDENTIALS_MISSING", `no ${file} for ${party} (${name}; ${regenerate})`);
      }
    }
  }
  return { env };
}
