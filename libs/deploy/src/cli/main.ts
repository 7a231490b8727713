#!/usr/bin/env -S node --import tsx
import { connectionOptions, NatsConfig, parseConfig } from "@ariadne/runtime";
import { connect } from "@nats-io/transport-node";
import { Command } from "commander";
import { loadDeployment } from "../deployment.ts";
import { isDeployError } from "../errors.ts";
import { generateDeployment } from "../generate.ts";
import { CONTAINER, layout } from "../layout.ts";
import { inboxPrefix, usersOf } from "../parties.ts";
import { permissionsFor } from "../permissions.ts";
import { provisionBus } from "../provision.ts";

const program = new Command("ariadne-deploy").description(
  "Generate NATS identities, permissions, TLS and node configs from deploy/deployment.yaml; provision streams",
);

program
  .command("generate")
  .description("write node configs, certificates and party credentials (keeps existing keys)")
  .option("-f, --file <deployment>", "deployment description", "deploy/deployment.yaml")
  .option("-o, --out <dir>", "output folder (holds private keys: keep it out of git)", "deploy/generated")
  .action(async (opts: { file: string; out: string }) => {
    const d = await loadDeployment(opts.file);
    const gen = await generateDeployment(d, opts.out);
    console.log(`${d.name}: ${gen.files.length} files in ${opts.out} (${usersOf(d).length} NATS identities)`);
  });

program
  .command("provision")
  .description("create or update every stream and bucket, as the operator (both accounts)")
  .option("-f, --file <deployment>", "deployment description", "deploy/deployment.yaml")
  .option("-d, --party-dir <dir>", "the operator's credentials folder", CONTAINER.partyDir)
  .option("-s, --servers <urls>", "comma-separated NATS URLs (default: $ARIADNE_NATS_URL)")
  .action(async (opts: { file: string; partyDir: string; servers?: string }) => {
    const d = await loadDeployment(opts.file);
    const files = layout.party(opts.partyDir);
    const servers = (opts.servers ?? process.env["ARIADNE_NATS_URL"] ?? "").split(",").filter(Boolean);
    const open = (credential: "nats" | "audit") => {
      const config = parseConfig(
        NatsConfig,
        {
          servers,
          nkeySeedFile: files.seed(credential),
          inboxPrefix: inboxPrefix("operator"),
          tls: { caFile: files.ca, certFile: files.cert, keyFile: files.key },
        },
        "nats",
      );
      return connect(connectionOptions(config, `ariadne-deploy-${credential}`));
    };
    const main = await open("nats");
    const audit = await open("audit");
    try {
      const report = await provisionBus({ main, audit }, d);
      for (const s of report.created) console.log(`created ${s}`);
      for (const s of report.updated) console.log(`updated ${s}`);
    } finally {
      await Promise.all([main.close(), audit.close()]);
    }
  });

program
  .command("permissions")
  .description("print each identity's permissions, for review")
  .option("-f, --file <deployment>", "deployment description", "deploy/deployment.yaml")
  .option("-p, --party <id>", "only this party")
  .action(async (opts: { file: string; party?: string }) => {
    const d = await loadDeployment(opts.file);
    const rows = usersOf(d)
      .filter((u) => opts.party === undefined || u.party.id === opts.party)
      .map((u) => ({ party: u.party.id, account: u.account, ...permissionsFor(d, u) }));
    console.log(JSON.stringify(rows, null, 2));
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(isDeployError(err) ? `${err.code}: ${err.message}` : `error: ${(err as Error).message}`);
  process.exitCode = 1;
});
