import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { findNatsServer } from "./nats-binary.ts";
import { portOf, readPortsFile } from "./ports.ts";

export interface LocalServerOptions {
  /** Enable JetStream with a temp store (default true). */
  readonly jetstream?: boolean;
  readonly serverName?: string;
  /** Client port; -1 (the default) lets the server pick a free one. */
  readonly port?: number;
  /** Extra configuration appended to the generated file (accounts, authorization, tls...). */
  readonly extraConfig?: string;
  /**
   * A complete configuration used instead of the generated one (deploy/ renders node configs
   * with TLS, accounts and cluster settings). Called at every start with the ports in use (-1
   * before the first start) so that a restarted node keeps them; -a/-p are still passed.
   */
  readonly config?: (ctx: ConfigContext) => string;
  /** Cluster membership; ports may be -1 (random) for the first node. */
  readonly cluster?: { readonly name: string; readonly port: number; readonly routes: readonly string[] };
  /** Folder under which the node keeps its config, store and log (a new temp folder otherwise). */
  readonly dir?: string;
  /** Milliseconds to wait for the node to listen and, with JetStream, to be healthy. */
  readonly startTimeoutMs?: number;
  /** Wait for /healthz (JetStream current) before resolving; clusters wait once all nodes run. */
  readonly waitHealthy?: boolean;
}

/** What a full configuration (LocalServerOptions.config) is rendered from. */
export interface ConfigContext {
  readonly name: string;
  readonly storeDir: string;
  readonly ports: { readonly client: number; readonly monitor: number; readonly cluster: number };
  readonly cluster: LocalServerOptions["cluster"];
}

/** A running nats-server started by the test harness. */
export interface NatsServer extends AsyncDisposable {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly monitorUrl: string;
  readonly clusterUrl: string | undefined;
  readonly storeDir: string;
  readonly logFile: string;
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Graceful stop (SIGTERM), waits for the exit. */
  stop(): Promise<void>;
  /** kill -9: no flush, no goodbye. */
  kill(): Promise<void>;
  /** Starts the node again on the same ports with the same store. */
  restart(): Promise<void>;
  /** Starts a stopped or killed node again on the same ports with the same store. */
  start(): Promise<void>;
  /** Resolves when /healthz answers 200 (JetStream current, meta leader known). */
  waitHealthy(timeoutMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A crashed test worker must not leave servers behind holding ports and temp stores.
  process.once("exit", () => {
    for (const child of live) child.kill("SIGKILL");
  });
}

function configText(name: string, storeDir: string, opts: LocalServerOptions, ports: Ports): string {
  const lines = [`server_name: "${name}"`, `http: "127.0.0.1:${ports.monitor}"`, "max_payload: 4MB"];
  if (opts.jetstream ?? true) {
    lines.push(`jetstream { store_dir: "${storeDir}", max_memory_store: 256MB, max_file_store: 4GB }`);
  }
  if (opts.cluster) {
    const routes = opts.cluster.routes.map((r) => `"${r}"`).join(", ");
    lines.push(`cluster { name: "${opts.cluster.name}", listen: "127.0.0.1:${ports.cluster}", routes: [${routes}] }`);
  }
  if (opts.extraConfig) lines.push(opts.extraConfig);
  return `${lines.join("\n")}\n`;
}

interface Ports {
  client: number;
  monitor: number;
  cluster: number;
}

class LocalNatsServer implements NatsServer {
  readonly name: string;
  readonly storeDir: string;
  readonly logFile: string;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private ports: Ports;

  constructor(
    private readonly dir: string,
    private readonly ownsDir: boolean,
    private readonly opts: LocalServerOptions,
  ) {
    this.name = opts.serverName ?? "n1";
    this.storeDir = join(dir, "jetstream");
    this.logFile = join(dir, "nats-server.log");
    this.ports = { client: opts.port ?? -1, monitor: -1, cluster: opts.cluster?.port ?? -1 };
  }

  get url(): string {
    return `nats://127.0.0.1:${this.ports.client}`;
  }
  get port(): number {
    return this.ports.client;
  }
  get monitorUrl(): string {
    return `http://127.0.0.1:${this.ports.monitor}`;
  }
  get clusterUrl(): string | undefined {
    return this.opts.cluster ? `nats://127.0.0.1:${this.ports.cluster}` : undefined;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    const bin = findNatsServer();
    await mkdir(this.dir, { recursive: true });
    const configFile = join(this.dir, "nats.conf");
    const text = this.opts.config
      ? this.opts.config({ name: this.name, storeDir: this.storeDir, ports: this.ports, cluster: this.opts.cluster })
      : configText(this.name, this.storeDir, this.opts, this.ports);
    await writeFile(configFile, text);
    const args = [
      "-c",
      configFile,
      "-a",
      "127.0.0.1",
      "-p",
      String(this.ports.client),
      "--ports_file_dir",
      this.dir,
      "-l",
      this.logFile,
    ];
    const child = spawn(bin.path, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    this.child = child;
    live.add(child);
    installExitHook();
    this.exited = new Promise((resolve) => {
      child.once("exit", () => {
        live.delete(child);
        resolve();
      });
    });
    const timeout = this.opts.startTimeoutMs ?? 15_000;
    try {
      const ports = await readPortsFile(this.dir, child.pid ?? -1, timeout, () => this.running);
      this.ports = {
        client: portOf(ports.nats[0] ?? ""),
        monitor: portOf(ports.monitoring?.[0] ?? ""),
        cluster: ports.cluster?.[0] ? portOf(ports.cluster[0]) : this.ports.cluster,
      };
      if (this.opts.waitHealthy ?? true) await this.waitHealthy(timeout);
    } catch (err) {
      child.kill("SIGKILL");
      const log = await readFile(this.logFile, "utf8").catch(() => "");
      const tail = `${stderr}${log}`.trim().split("\n").slice(-5).join("\n");
      throw new Error(`nats-server ${this.name} failed to start: ${(err as Error).message}\n${tail}`, {
        cause: err,
      });
    }
  }

  async waitHealthy(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const path =
      this.opts.jetstream === false ? "/healthz" : this.opts.cluster ? "/healthz" : "/healthz?js-enabled-only=true";
    let last = "";
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`nats-server ${this.name} exited`);
      try {
        const res = await fetch(`${this.monitorUrl}${path}`, { signal: AbortSignal.timeout(1000) });
        last = `${res.status} ${await res.text()}`;
        if (res.ok) return;
      } catch (err) {
        last = (err as Error).message;
      }
      await sleep(50);
    }
    throw new Error(`nats-server ${this.name} not healthy after ${timeoutMs} ms: ${last}`);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.child?.kill("SIGTERM");
    const timer = setTimeout(() => this.child?.kill("SIGKILL"), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  async kill(): Promise<void> {
    if (!this.running) return;
    this.child?.kill("SIGKILL");
    await this.exited;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
    if (this.ownsDir) await rm(this.dir, { recursive: true, force: true });
  }
}

/** Starts one local nats-server on random ports (`-p -1` plus a ports file) with a temp store. */
export async function startLocalNats(opts: LocalServerOptions = {}): Promise<NatsServer> {
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), "ariadne-nats-")));
  const server = new LocalNatsServer(dir, opts.dir === undefined, opts);
  await server.start();
  return server;
}
