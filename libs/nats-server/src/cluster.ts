import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LocalServerOptions, type NatsServer, startLocalNats } from "./local-server.ts";
import { freePort } from "./ports.ts";

export interface NatsCluster extends AsyncDisposable {
  readonly nodes: readonly NatsServer[];
  /** Client URLs of every node, for a client that fails over. */
  readonly urls: string[];
  waitHealthy(timeoutMs?: number): Promise<void>;
}

export interface ClusterOptions extends Omit<LocalServerOptions, "cluster" | "serverName" | "dir"> {
  readonly name?: string;
}

/**
 * Starts an N-node JetStream cluster of local nats-servers: client and monitor ports random
 * (-1), cluster ports picked free beforehand so that every node's config routes to all the
 * others; a node killed and restarted later rejoins through any of them.
 */
export async function startLocalCluster(size = 3, opts: ClusterOptions = {}): Promise<NatsCluster> {
  const root = await mkdtemp(join(tmpdir(), "ariadne-cluster-"));
  const name = opts.name ?? "ariadne-test";
  const nodes: NatsServer[] = [];
  try {
    const ports = await Promise.all(Array.from({ length: size }, () => freePort()));
    const settled = await Promise.allSettled(
      ports.map((port, i) => {
        const routes = ports.filter((_, j) => j !== i).map((p) => `nats://127.0.0.1:${p}`);
        return startLocalNats({
          ...opts,
          serverName: `n${i + 1}`,
          dir: join(root, `n${i + 1}`),
          cluster: { name, port, routes },
          waitHealthy: false,
        });
      }),
    );
    for (const s of settled) if (s.status === "fulfilled") nodes.push(s.value);
    const failed = settled.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;
    const result: NatsCluster = {
      nodes,
      get urls() {
        return nodes.map((n) => n.url);
      },
      waitHealthy: async (timeoutMs = 30_000) => {
        await Promise.all(nodes.filter((n) => n.running).map((n) => n.waitHealthy(timeoutMs)));
      },
      async [Symbol.asyncDispose]() {
        await Promise.all(nodes.map((n) => n.stop()));
        await rm(root, { recursive: true, force: true });
      },
    };
    await result.waitHealthy(opts.startTimeoutMs ?? 30_000);
    return result;
  } catch (err) {
    await Promise.all(nodes.map((n) => n.kill()));
    await rm(root, { recursive: true, force: true });
    throw err;
  }
}
