import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectionOptions, NatsConfig, natsConfigFromEnv, parseConfig } from "@ariadne/runtime";
import { connect, errors, type NatsConnection } from "@nats-io/transport-node";
import {
  type Deployment,
  type DeploymentInput,
  type GeneratedDeployment,
  generateDeployment,
  localNodeConfig,
  localPartyEnv,
  parseDeployment,
  partiesOf,
} from "../../src/mod.ts";

/** The deployment the tests run: two NCPs, two agencies, an officer per agency. */
export function testDeployment(overrides: Partial<DeploymentInput> = {}): Deployment {
  return parseDeployment({
    name: "ariadne-test",
    cluster: { name: "ariadne-test", nodes: [{ name: "n1", host: "127.0.0.1" }] },
    // Small enough for any test machine's disk: JetStream reserves every stream's budget.
    jetstream: { replicas: 1, maxFileStore: "2GB", maxMemoryStore: "256MB" },
    ncps: ["de", "nl"],
    agencies: ["europol", "eurojust"],
    officers: ["europol.dupont", "eurojust.weber"],
    ...overrides,
  });
}

export interface Generated extends AsyncDisposable {
  readonly d: Deployment;
  readonly out: string;
  readonly generated: GeneratedDeployment;
  /** The renderer to hand the local launcher (LocalServerOptions.config). */
  readonly config: ReturnType<typeof localNodeConfig>;
  /** Connects as a party the way a service does: env -> NatsConfig -> connectionOptions. */
  connectAs(
    party: string,
    servers: readonly string[],
    credential?: "nats" | "audit" | "system",
    opts?: { readonly reconnect?: boolean },
  ): Promise<NatsConnection>;
}

export async function generated(d: Deployment): Promise<Generated> {
  const out = await mkdtemp(join(tmpdir(), "ariadne-deploy-"));
  const gen = await generateDeployment(d, out);
  return {
    d,
    out,
    generated: gen,
    config: localNodeConfig(d, gen.secrets, out),
    async connectAs(party, servers, credential = "nats", opts = {}) {
      const p = partiesOf(d).find((x) => x.id === party);
      if (!p) throw new Error(`no party ${party}`);
      const env = localPartyEnv(d, p, out, servers, credential);
      const config = parseConfig(NatsConfig, natsConfigFromEnv(env), "nats");
      // Probes fail fast; services (the pipeline test) reconnect for ever, as in production.
      return connect({ ...connectionOptions(config, party), ...(opts.reconnect ? {} : { maxReconnectAttempts: 0 }) });
    },
    async [Symbol.asyncDispose]() {
      await rm(out, { recursive: true, force: true });
    },
  };
}

/**
 * Collects the permission violations the server reports on a connection. The server answers
 * a PUB or SUB in order, so after `flush()` every -ERR for what was sent before has arrived.
 */
export class Violations {
  readonly seen: { operation: "publish" | "subscription"; subject: string }[] = [];

  constructor(
    readonly nc: NatsConnection,
    /** The party's own inbox prefix: probes ask for replies there, as a real client would. */
    readonly inbox: string,
  ) {
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === "error" && s.error instanceof errors.PermissionViolationError) {
          this.seen.push({ operation: s.error.operation, subject: s.error.subject });
        }
      }
    })();
  }

  /** Flushes, then lets the status iterator (which runs on later microtasks) record what arrived. */
  private async settle(): Promise<void> {
    await this.nc.flush();
    await new Promise((resolve) => setImmediate(resolve));
  }

  has(operation: "publish" | "subscription", subject: string): boolean {
    return this.seen.some((v) => v.operation === operation && v.subject === subject);
  }

  /** Publishes (with a reply inbox of the party's own) and reports whether the server refused. */
  async publishRefused(subject: string, payload = "{}"): Promise<boolean> {
    this.nc.publish(subject, payload, { reply: `${this.inbox}.probe` });
    await this.settle();
    return this.has("publish", subject);
  }

  /** Subscribes and reports whether the server refused. */
  async subscribeRefused(subject: string): Promise<boolean> {
    const sub = this.nc.subscribe(subject);
    await this.settle();
    sub.unsubscribe();
    return this.has("subscription", subject);
  }
}

/** A generated deployment running on one local node: connections by identity, closed on dispose. */
export interface RunningDeployment extends AsyncDisposable {
  readonly gen: Generated;
  readonly urls: readonly string[];
  /** A new connection as `who`: a party id, or `<party>@AUDIT` / `<party>@SYS` for its other identities. */
  connect(who: string, opts?: { readonly reconnect?: boolean }): Promise<NatsConnection>;
}

export async function withConnections(gen: Generated, urls: () => readonly string[]): Promise<RunningDeployment> {
  const opened: NatsConnection[] = [];
  return {
    gen,
    get urls() {
      return urls();
    },
    async connect(who, opts = {}) {
      const [party = "", account] = who.split("@");
      const credential = account === "SYS" ? "system" : account === "AUDIT" && party !== "audit" ? "audit" : "nats";
      const nc = await gen.connectAs(party, urls(), credential, opts);
      opened.push(nc);
      return nc;
    },
    async [Symbol.asyncDispose]() {
      await Promise.allSettled(opened.map((nc) => nc.close()));
    },
  };
}

/**
 * Retries a JetStream API call while the cluster elects new leaders after a kill: the call
 * times out or finds no responder until then. Bounded: the last error is thrown.
 */
export async function retrying<T>(fn: () => Promise<T>, attempts = 30): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn();
    } catch (err) {
      last = err;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw last;
}
