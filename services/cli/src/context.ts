import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { layout } from "@ariadne/deploy";
import {
  DEPLOYMENT_FILES,
  type Deployment,
  loadRegistry,
  readDeployment,
  readOperatorKey,
  type Signer,
  signerFor,
  TrustStore,
  Verifier,
  watchRegistry,
} from "@ariadne/envelope";
import { ConfigError, connectionOptions, NatsConfig, parseConfig } from "@ariadne/runtime";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { CliError } from "./errors.ts";
import { natsSettings } from "./options.ts";

/** What the stack writes to <data>/stack.json so that commands find it without flags. */
export interface StackInfo {
  readonly natsUrl: string;
  readonly keysDir: string;
  /** The generated credentials folder its services connect with, on a NATS that enforces them. */
  readonly credentialsDir?: string;
  readonly consoleUrl?: string;
  readonly startedAt?: string;
}

export interface GlobalOptions {
  readonly dataDir?: string;
  readonly nats?: string;
  readonly keys?: string;
}

/** A command's own connection choice: its --credentials and the party it acts as (--as). */
export interface ConnectAs {
  readonly credentials?: string | undefined;
  readonly as?: string | undefined;
}

/**
 * Where things are: flags first, then ARIADNE_* variables, then what a running stack wrote
 * in <data>/stack.json, then local defaults.
 */
export class CliContext {
  readonly dataDir: string;
  readonly keysDir: string;
  /** Unset when no flag, variable or running stack names one: commands that need NATS then say so. */
  readonly natsUrl: string | undefined;
  readonly stack: StackInfo | undefined;
  /** The party connections are made as (a command's --as); undefined: anonymous or the environment's. */
  readonly party: string | undefined;
  readonly #credentialsFlag: string | undefined;
  readonly #credentialsDefault: string | undefined;
  readonly #opts: GlobalOptions;
  readonly #env: NodeJS.ProcessEnv;
  readonly #cwd: string;
  #deployment: Promise<Deployment> | undefined;

  constructor(
    opts: GlobalOptions,
    env: NodeJS.ProcessEnv = process.env,
    cwd = process.cwd(),
    connectAs: ConnectAs = {},
  ) {
    this.#opts = opts;
    this.#env = env;
    this.#cwd = cwd;
    this.dataDir = resolve(cwd, opts.dataDir ?? env["ARIADNE_DATA_DIR"] ?? ".ariadne");
    const stackFile = join(this.dataDir, "stack.json");
    this.stack = existsSync(stackFile) ? (JSON.parse(readFileSync(stackFile, "utf8")) as StackInfo) : undefined;
    const dir = (d: string | undefined) => (d === undefined ? undefined : resolve(cwd, d));
    this.#credentialsFlag = dir(connectAs.credentials);
    this.#credentialsDefault = dir(env["ARIADNE_CREDENTIALS_DIR"] || this.stack?.credentialsDir);
    this.party = connectAs.as;
    // A folder named for this command brings its signing keys (<dir>/keys) before the stack's.
    const keysOf = (d: string | undefined) => (d === undefined ? undefined : layout.signingKeys(d));
    this.keysDir = resolve(
      cwd,
      opts.keys ??
        env["ARIADNE_KEYS_DIR"] ??
        keysOf(this.#credentialsFlag) ??
        this.stack?.keysDir ??
        keysOf(this.#credentialsDefault) ??
        join(this.dataDir, "keys"),
    );
    // No silent default port: a stray server there (a system NATS) would take the messages.
    this.natsUrl = opts.nats ?? env["ARIADNE_NATS_URL"] ?? this.stack?.natsUrl;
  }

  /** The same context, connecting as `connectAs.as` with the command's own --credentials. */
  with(connectAs: ConnectAs): CliContext {
    return new CliContext(this.#opts, this.#env, this.#cwd, connectAs);
  }

  /** The connection settings (servers, identity, TLS, inbox prefix) of this command's party. */
  natsConfig(): NatsConfig {
    if (this.natsUrl === undefined) {
      throw new CliError(
        "NATS_UNREACHABLE",
        `no stack running in ${this.dataDir} (no stack.json): start it with npm start, or give --nats <url>`,
      );
    }
    const raw = natsSettings({
      servers: this.natsUrl.split(",").map((s) => s.trim()),
      party: this.party,
      credentialsFlag: this.#credentialsFlag,
      credentialsDefault: this.#credentialsDefault,
      env: this.#env,
    });
    try {
      return parseConfig(NatsConfig, raw, "NATS");
    } catch (cause) {
      if (cause instanceof ConfigError) throw new CliError("USAGE", cause.message, { cause });
      throw cause;
    }
  }

  async connect(name = "ariadne-cli"): Promise<NatsConnection> {
    const config = this.natsConfig();
    const who =
      config.nkeySeedFile || config.credsFile || config.user || config.token
        ? ` as ${this.party ?? "the configured identity"}`
        : "";
    try {
      // A command fails at once rather than waiting for a server that may never come.
      return await connect({ ...connectionOptions(config, name), timeout: 3000, reconnect: false });
    } catch (cause) {
      throw new CliError(
        "NATS_UNREACHABLE",
        `cannot reach NATS at ${this.natsUrl}${who}: ${(cause as Error).message} (is the stack running? start it with: npm start)`,
        { cause },
      );
    }
  }

  deployment(): Promise<Deployment> {
    this.#deployment ??= (async () => {
      if (!existsSync(join(this.keysDir, DEPLOYMENT_FILES.registry))) {
        throw new CliError("KEY_MISSING", `no keys in ${this.keysDir} (run: ariadne keys init, or start the stack)`);
      }
      try {
        return await readDeployment(this.keysDir);
      } catch (cause) {
        throw new CliError(
          "KEY_MISSING",
          `cannot read the deployment in ${this.keysDir}: ${(cause as Error).message}`,
          {
            cause,
          },
        );
      }
    })();
    return this.#deployment;
  }

  async signer(party: string): Promise<Signer> {
    const d = await this.deployment();
    if (!d.document.parties.some((p) => p.id === party)) {
      const known = d.document.parties.map((p) => p.id).join(", ");
      throw new CliError("UNKNOWN_PARTY", `unknown party ${party} (known: ${known})`);
    }
    try {
      return await signerFor(d, party);
    } catch (cause) {
      throw new CliError("KEY_MISSING", `no usable private key for ${party} in ${this.keysDir}`, { cause });
    }
  }

  /**
   * A verifier over the registry the services use (KV, watched) when connected; else over
   * the registry file of the keys folder.
   */
  async verifier(nc?: NatsConnection): Promise<Verifier> {
    const operatorKey = await readOperatorKey(join(this.keysDir, DEPLOYMENT_FILES.operatorPublic)).catch((cause) => {
      throw new CliError("KEY_MISSING", `no operator public key in ${this.keysDir}`, { cause });
    });
    if (nc) {
      try {
        return new Verifier(await watchRegistry({ nc, operatorKey }));
      } catch {
        // No registry in KV (a bare NATS): fall back to the file.
      }
    }
    const d = await this.deployment();
    return new Verifier(new TrustStore(await loadRegistry(d.registryJws, operatorKey)));
  }
}
