import { existsSync } from "node:fs";
import type { NatsServer } from "@ariadne/nats-server";

/** Official NATS image used when a container runtime answers (same minor as deploy/). */
export const NATS_IMAGE = "nats:2.12-alpine";

let runtime: Promise<boolean> | undefined;

/**
 * Whether anything suggests a container runtime: DOCKER_HOST, or a Docker or Podman socket.
 * Without a hint the probe answers false at once, never importing testcontainers.
 */
export function containerRuntimeHinted(
  env: Readonly<Record<string, string | undefined>>,
  exists: (path: string) => boolean = existsSync,
  uid: number = process.getuid?.() ?? 0,
): boolean {
  return (
    env["DOCKER_HOST"] !== undefined ||
    exists("/var/run/docker.sock") ||
    exists(`${env["HOME"] ?? ""}/.docker/run/docker.sock`) ||
    exists(`/run/user/${uid}/podman/podman.sock`)
  );
}

/**
 * Whether a container runtime answers. Cheap when there is obviously none (no socket, no
 * DOCKER_HOST): importing testcontainers and probing costs seconds we would pay per worker.
 */
export function containerRuntimeAvailable(): Promise<boolean> {
  runtime ??= (async () => {
    if (!containerRuntimeHinted(process.env)) return false;
    try {
      const { getContainerRuntimeClient } = await import("testcontainers");
      const client = await Promise.race([
        getContainerRuntimeClient(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 5000)),
      ]);
      return client !== undefined;
    } catch {
      return false;
    }
  })();
  return runtime;
}

/** One JetStream node in a container (testcontainers). Kill/restart need the local binary. */
export async function startContainerNats(): Promise<NatsServer> {
  const { NatsContainer } = await import("@testcontainers/nats");
  const container = await new NatsContainer(NATS_IMAGE)
    .withJetStream()
    .withExposedPorts(4222, 8222)
    .withArg("http_port", "8222")
    .start();
  const host = container.getHost();
  const port = container.getMappedPort(4222);
  const monitorUrl = `http://${host}:${container.getMappedPort(8222)}`;
  let running = true;
  const unsupported = (what: string) => () =>
    Promise.reject(new Error(`${what} needs the local nats-server harness (ARIADNE_TEST_NATS=local)`));
  const server: NatsServer = {
    name: "container",
    url: `nats://${host}:${port}`,
    port,
    monitorUrl,
    clusterUrl: undefined,
    storeDir: "/tmp/nats/jetstream (in the container)",
    logFile: "(container logs)",
    pid: undefined,
    get running() {
      return running;
    },
    async stop() {
      if (!running) return;
      running = false;
      await container.stop();
    },
    kill: unsupported("kill"),
    restart: unsupported("restart"),
    start: unsupported("start"),
    async waitHealthy() {},
    async [Symbol.asyncDispose]() {
      await server.stop();
    },
  };
  return server;
}
