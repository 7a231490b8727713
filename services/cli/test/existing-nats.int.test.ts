import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDeployment, layout, localNodeConfig, parseDeployment } from "@ariadne/deploy";
import { type NatsServer, REPO_ROOT, startLocalNats } from "@ariadne/nats-server";
import { type RunningStack, StackConfig, startStack } from "@ariadne/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.ts";

const EXAMPLE = join(REPO_ROOT, "examples/labour-fake-job-ads.yaml");

/**
 * The deployment the test secures its NATS with: one node (the launcher's n1) at R1, every
 * party the shipped mandates name, mutual TLS and nkeys as in production.
 */
const DEPLOYMENT = {
  name: "ariadne-existing",
  cluster: { name: "ariadne-existing", nodes: [{ name: "n1", host: "127.0.0.1" }] },
  jetstream: { replicas: 1, maxFileStore: "2GB", maxMemoryStore: "256MB" },
  ncps: ["de", "nl", "fr", "ro", "it", "es", "pl", "be", "at", "ua"],
  agencies: ["europol", "eurojust", "frontex"],
  officers: ["europol.dupont"],
  tls: { verifyClients: true },
};

interface StandinRecords {
  readonly records: readonly { readonly ariadneCopyId: string }[];
}

describe("the stack and the CLI on an existing NATS that enforces the generated deployment", () => {
  let root: string;
  let out: string;
  let nats: NatsServer | undefined;
  let stack: RunningStack | undefined;
  let config: StackConfig;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "ariadne-existing-"));
    out = join(root, "generated");
    // JSON is YAML: the stack and `keys init` read the file as the operator's deployment.yaml.
    const deploymentFile = join(root, "deployment.yaml");
    await writeFile(deploymentFile, JSON.stringify(DEPLOYMENT, null, 2));
    const d = parseDeployment(DEPLOYMENT);
    const gen = await generateDeployment(d, out);
    // The operator's one-time step: signing keys and the registry beside the NATS credentials.
    const init = await runCli(["--keys", layout.signingKeys(out), "keys", "init", "--from", deploymentFile]);
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);

    nats = await startLocalNats({ serverName: "n1", config: localNodeConfig(d, gen.secrets, out) });
    // The stack provisions as the operator and starts every service on its own party's credentials.
    config = StackConfig.parse({
      dataDir: join(root, "data"),
      natsUrl: nats.url,
      credentialsDir: out,
      deploymentFile,
      console: false,
      consolePort: 0,
      logLevel: "warn",
    });
    stack = await startStack(config, { step: () => {}, done: () => {} });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await nats?.stop();
    await rm(root, { recursive: true, force: true });
  }, 60_000);

  it("routes and delivers an alert the CLI publishes with the NCP's credentials; the server refuses nothing", {
    timeout: 90_000,
  }, async () => {
    const url = nats?.url ?? "";
    // No stack.json in this data folder: everything comes from --nats and --credentials.
    const nowhere = join(root, "cli-data");
    const run = await runCli([
      "--data-dir",
      nowhere,
      "--nats",
      url,
      "publish",
      EXAMPLE,
      "--as",
      "ncp.nl",
      "--new-id",
      "--credentials",
      out,
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/accepted by the router; routed to .*europol/);

    // Each agency's stand-in records the copy its adapter delivered.
    for (const agency of ["europol", "eurojust"]) {
      const base = stack?.process(`standin-${agency}`).spec.readyUrl?.replace(/\/healthz$/, "") ?? "";
      await expect
        .poll(
          async () => {
            const body = (await (await fetch(`${base}/records`)).json()) as StandinRecords;
            return body.records.length;
          },
          { timeout: 30_000, interval: 500 },
        )
        .toBe(1);
    }

    // The operator's trail, found through the stack's stack.json (URL, keys, credentials).
    const id = /^([0-9a-f-]{36}) v1 from ncp\.nl/m.exec(run.stdout)?.[1] ?? "";
    const trail = await runCli(["--data-dir", join(root, "data"), "--json", "trail", id, "--no-proofs"]);
    expect(trail.stderr).toBe("");
    expect(trail.code).toBe(0);
    const stages = (JSON.parse(trail.stdout) as { entries: { stage: string }[] }).entries.map((e) => e.stage);
    expect(stages).toEqual(expect.arrayContaining(["received", "decision", "delivered", "consultation"]));

    // Every identity (services, stack, CLI) stayed within the generated permissions.
    const log = await readFile(nats?.logFile ?? "", "utf8");
    expect(log.split("\n").filter((line) => /violation/i.test(line))).toEqual([]);
  });

  it("starts again on the provisioned NATS after the operator rotated a key; NCPs publish through demo", {
    timeout: 90_000,
  }, async () => {
    const url = nats?.url ?? "";
    const nowhere = join(root, "cli-data");
    // The operator rotates a key and publishes the registry with its own credentials.
    const rotate = await runCli([
      "--data-dir",
      nowhere,
      "--nats",
      url,
      "keys",
      "rotate",
      "router",
      "--credentials",
      out,
    ]);
    expect(rotate.stderr).toMatch(/registry v2 published/);
    expect(rotate.code).toBe(0);

    await stack?.stop();
    stack = undefined;
    stack = await startStack(config, { step: () => {}, done: () => {} });
    expect(stack.credentialsDir).toBe(out);
    // Several NCPs at once, each on its own connection and identity; the router (new key) answers all.
    const demo = await runCli([
      "--data-dir",
      nowhere,
      "--nats",
      url,
      "--json",
      "demo",
      "--count",
      "3",
      "--rate",
      "10",
      "--credentials",
      out,
    ]);
    expect(demo.code).toBe(0);
    const rows = JSON.parse(demo.stdout) as { from: string; outcome: string }[];
    expect(rows.map((r) => r.outcome)).toEqual(["accepted", "accepted", "accepted"]);
    const log = await readFile(nats?.logFile ?? "", "utf8");
    expect(log.split("\n").filter((line) => /violation/i.test(line))).toEqual([]);
  });

  it("refuses a credentials folder without signing keys, by code, before starting anything", async () => {
    const bare = join(root, "no-keys");
    await generateDeployment(parseDeployment(DEPLOYMENT), bare);
    const started = startStack(
      { ...config, dataDir: join(root, "data-2"), credentialsDir: bare },
      {
        step: () => {},
        done: () => {},
      },
    );
    await expect(started).rejects.toMatchObject({ code: "KEYS_MISSING" });
  });
});
