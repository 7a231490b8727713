import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadDeployment, registryPartiesOf } from "@ariadne/deploy";
import {
  createDeployment,
  DEPLOYMENT_FILES,
  type Deployment,
  publishRegistry,
  revokeKey,
  rotateKey,
  writeDeployment,
} from "@ariadne/envelope";
import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { CliError } from "../errors.ts";
import { type CredentialsOption, credentialsOption } from "../options.ts";
import type { Output } from "../output.ts";
import { table } from "../output.ts";

export const DEFAULT_DEPLOYMENT_FILE = "deploy/deployment.yaml";

/** Creates the keys and signed registry of a deployment described by deploy/deployment.yaml. */
export async function initKeys(
  keysDir: string,
  deploymentFile: string,
  opts: { force?: boolean } = {},
): Promise<Deployment> {
  if (existsSync(join(keysDir, DEPLOYMENT_FILES.registry)) && !opts.force) {
    throw new CliError("USAGE", `${keysDir} already holds a deployment (use --force to replace it)`);
  }
  let parties: ReturnType<typeof registryPartiesOf>;
  try {
    parties = registryPartiesOf(await loadDeployment(deploymentFile));
  } catch (cause) {
    throw new CliError("FILE_UNREADABLE", `cannot read ${deploymentFile}: ${(cause as Error).message}`, { cause });
  }
  const d = await createDeployment(parties);
  await writeDeployment(keysDir, d);
  return d;
}

function describe(d: Deployment) {
  return d.document.parties.map((p) => ({
    party: p.id,
    roles: p.roles,
    keys: p.keys.map((k) => ({
      kid: k.kid,
      notBefore: k.notBefore,
      notAfter: k.notAfter,
      ...(k.revokedAt ? { revokedAt: k.revokedAt } : {}),
    })),
  }));
}

/** Only the operator may write the registry bucket (deploy/'s permissions): it publishes as that party. */
async function publish(ctx: CliContext, d: Deployment, out: Output, o: CredentialsOption): Promise<void> {
  const nc = await ctx.with({ as: "operator", credentials: o.credentials }).connect();
  try {
    await publishRegistry(nc, d.registryJws);
    out.note(`registry v${d.document.version} published to NATS KV (services pick it up without restart)`);
  } finally {
    await nc.close();
  }
}

export function keysCommand(program: Command, ctx: () => CliContext, out: () => Output): void {
  const keys = program.command("keys").description("keys and trust registry of a deployment");

  keys
    .command("init")
    .description("generate an operator root key, a key per party and a signed registry")
    .option("--from <file>", "deployment description", DEFAULT_DEPLOYMENT_FILE)
    .option("--force", "replace an existing deployment")
    .action(async (o: { from: string; force?: boolean }) => {
      const c = ctx();
      const d = await initKeys(c.keysDir, resolve(o.from), o.force ? { force: true } : {});
      out().result({ keysDir: c.keysDir, registryVersion: d.document.version, parties: describe(d) }, () =>
        [
          `keys written to ${c.keysDir} (registry v${d.document.version}, ${d.document.parties.length} parties)`,
          `operator public key: ${join(c.keysDir, DEPLOYMENT_FILES.operatorPublic)}`,
        ].join("\n"),
      );
    });

  keys
    .command("list")
    .description("parties, roles and keys of the registry")
    .action(async () => {
      const d = await ctx().deployment();
      const rows = describe(d).flatMap((p) =>
        p.keys.map((k) => [
          p.party,
          p.roles.join(","),
          k.kid.slice(0, 16),
          k.notAfter.slice(0, 10),
          k.revokedAt ? "revoked" : "valid",
        ]),
      );
      out().result(
        { registryVersion: d.document.version, parties: describe(d) },
        () => `registry v${d.document.version}\n${table(rows, ["party", "roles", "kid", "valid until", "state"])}`,
      );
    });

  keys
    .command("rotate <party>")
    .description("add a new key for a party; the old one stays valid for an overlap")
    .option("--no-publish", "only write the folder")
    .addOption(credentialsOption("the operator"))
    .action(async (party: string, o: { publish: boolean } & CredentialsOption) => {
      const c = ctx().with({ credentials: o.credentials });
      const d = await c.deployment();
      if (!d.document.parties.some((p) => p.id === party))
        throw new CliError("UNKNOWN_PARTY", `unknown party ${party}`);
      const { deployment, kid } = await rotateKey(d, party);
      await writeDeployment(c.keysDir, deployment);
      out().result(
        { party, kid, registryVersion: deployment.document.version },
        () => `${party}: new key ${kid} (registry v${deployment.document.version})`,
      );
      if (o.publish) await publish(c, deployment, out(), o);
    });

  keys
    .command("revoke <kid>")
    .description("revoke a key: every signature by it is refused from now on")
    .option("--no-publish", "only write the folder")
    .addOption(credentialsOption("the operator"))
    .action(async (kid: string, o: { publish: boolean } & CredentialsOption) => {
      const c = ctx().with({ credentials: o.credentials });
      const d = await c.deployment();
      if (!d.document.parties.some((p) => p.keys.some((k) => k.kid === kid)))
        throw new CliError("NOT_FOUND", `no key ${kid}`);
      const next = await revokeKey(d, kid);
      await writeDeployment(c.keysDir, next);
      out().result(
        { kid, registryVersion: next.document.version },
        () => `revoked ${kid} (registry v${next.document.version})`,
      );
      if (o.publish) await publish(c, next, out(), o);
    });

  keys
    .command("publish")
    .description("publish the signed registry to NATS KV (ariadne-registry)")
    .addOption(credentialsOption("the operator"))
    .action(async (o: CredentialsOption) => {
      const c = ctx().with({ credentials: o.credentials });
      await publish(c, await c.deployment(), out(), o);
    });
}
