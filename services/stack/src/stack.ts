import { execFileSync } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { DEPLOYMENT_FILES, TrustRegistry } from "@ariadne/envelope";
import { findNatsServer, freePort, type NatsServer, REPO_ROOT, startLocalNats } from "@ariadne/nats-server";
import { anonymousBus, deployedBus, type StackBus, type StackReporter } from "./bus.ts";
import type { StackConfig } from "./config.ts";
import { StackError } from "./errors.ts";
import { STACK_PARTIES, type StackProcessSpec, stackServices } from "./services.ts";
import { type Supervised, startProcess } from "./supervisor.ts";

export type { StackReporter };

export interface RunningStack {
  readonly natsUrl: string;
  readonly consoleUrl: string;
  readonly keysDir: string;
  /** The generated credentials folder the services connect with (unset: anonymous NATS). */
  readonly credentialsDir: string | undefined;
  readonly dataDir: string;
  /** The supervised services as they run now (a restarted one is its new process). */
  readonly processes: readonly Supervised[];
  /** The service of that name (audit, standin-europol, router, adapter.europol, console...). */
  process(name: string): Supervised;
  /**
   * Starts the named service again with the same settings (ports, keys, data), stopping it
   * first if it still runs, and waits until it is ready: an operator's restart, or a test's.
   */
  restart(name: string): Promise<Supervised>;
  /** Stops services in reverse order (each drains), then NATS. */
  stop(): Promise<void>;
}

/** A fresh machine has no nats-server >= 2.10 yet: fetch the pinned one (scripts/install-nats-server.sh). */
function ensureNatsBinary(report: StackReporter): void {
  try {
    findNatsServer();
  } catch {
    report.step("fetching the pinned nats-server into .tools/ (first start only) ...");
    execFileSync("bash", [join(REPO_ROOT, "scripts/install-nats-server.sh")], { stdio: "inherit" });
  }
}

/**
 * Starts each stage's processes at once and waits until all are ready before the next stage.
 * Every process that did start is in `started`, so a failure stops them all.
 */
async function startInStages(
  specs: readonly StackProcessSpec[],
  logDir: string,
  started: Map<string, Supervised>,
  report: StackReporter,
): Promise<void> {
  const stages = [...new Set(specs.map((s) => s.stage))].sort((a, b) => a - b);
  for (const stage of stages) {
    const results = await Promise.allSettled(
      specs
        .filter((s) => s.stage === stage)
        .map(async (spec) => {
          report.step(`starting ${spec.name} ...`);
          const p = await startProcess(spec, logDir, 60_000);
          started.set(spec.name, p);
          report.done(`${spec.name} ready (pid ${p.pid})`);
        }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  }
}

/** Starts NATS (unless given one), keys, streams, registry and every service; see README. */
export async function startStack(config: StackConfig, report: StackReporter): Promise<RunningStack> {
  const dataDir = resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true });
  // By name, in start order; a restart replaces the entry in place.
  const started = new Map<string, Supervised>();
  let nats: NatsServer | undefined;
  const stopAll = async () => {
    for (const p of [...started.values()].reverse()) await p.stop();
    await nats?.stop();
  };
  try {
    let natsUrl = config.natsUrl;
    if (!natsUrl) {
      ensureNatsBinary(report);
      report.step("starting nats-server (JetStream) ...");
      nats = await startLocalNats({
        dir: join(dataDir, "nats"),
        serverName: "ariadne-local",
        startTimeoutMs: 30_000,
        ...(config.natsPort === -1 ? {} : { port: config.natsPort }),
      });
      natsUrl = nats.url;
      report.done(`nats-server at ${natsUrl} (store ${nats.storeDir})`);
    }
    const servers = natsUrl.split(",").map((s) => s.trim());
    const deploymentFile = resolve(REPO_ROOT, config.deploymentFile);
    const bus: StackBus = config.credentialsDir
      ? await deployedBus(servers, resolve(config.credentialsDir), deploymentFile, STACK_PARTIES)
      : anonymousBus(servers, dataDir, deploymentFile);
    const keysDir = bus.keysDir;
    const deployment = await bus.keys(report);
    const registry = await TrustRegistry.fromDocument(deployment.document, deployment.registryJws);
    await bus.prepare(deployment, report);

    const keyFile = (party: string) => {
      const kid = registry.signingKid(party, new Date());
      if (!kid) throw new StackError("KEYS_MISSING", `no usable signing key for ${party} in ${keysDir}`);
      return join(keysDir, DEPLOYMENT_FILES.keys, party, `${kid}.jwk`);
    };
    const specs = await stackServices({
      natsEnv: (party) => bus.natsEnv(party),
      host: config.host,
      dataDir,
      keysDir,
      logLevel: config.logLevel,
      mandatesFile: resolve(REPO_ROOT, config.mandatesFile),
      keyFile,
      operatorKeyFile: join(keysDir, DEPLOYMENT_FILES.operatorPublic),
      port: () => freePort(),
      consolePort: config.consolePort === 0 ? await freePort() : config.consolePort,
      console: config.console,
    });
    const logDir = join(dataDir, "logs");
    await startInStages(specs, logDir, started, report);
    const consoleSpec = specs.find((s) => s.name === "console");
    const consoleUrl = consoleSpec?.readyUrl?.replace(/\/readyz$/, "/") ?? "";
    await writeFile(
      join(dataDir, "stack.json"),
      `${JSON.stringify({ natsUrl, keysDir, ...(bus.credentialsDir ? { credentialsDir: bus.credentialsDir } : {}), consoleUrl, startedAt: new Date().toISOString(), services: specs.map((s) => ({ name: s.name, health: s.readyUrl })) }, null, 2)}\n`,
    );
    return {
      natsUrl,
      consoleUrl,
      keysDir,
      credentialsDir: bus.credentialsDir,
      dataDir,
      get processes() {
        return [...started.values()];
      },
      process(name) {
        const p = started.get(name);
        if (!p) throw new Error(`no service ${name} in the stack (${[...started.keys()].join(", ")})`);
        return p;
      },
      async restart(name) {
        const spec = specs.find((s) => s.name === name);
        const current = started.get(name);
        if (!spec || !current) throw new Error(`no service ${name} in the stack`);
        await current.stop();
        report.step(`restarting ${name} ...`);
        const next = await startProcess(spec, logDir, 60_000);
        started.set(name, next);
        report.done(`${name} ready (pid ${next.pid})`);
        return next;
      },
      async stop() {
        await rm(join(dataDir, "stack.json"), { force: true });
        await stopAll();
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
