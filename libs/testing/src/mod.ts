import { type LocalServerOptions, type NatsServer, startLocalNats } from "@ariadne/nats-server";
import { chooseNatsBackend } from "./backend.ts";
import { containerRuntimeAvailable, startContainerNats } from "./container-server.ts";

export {
  type ConfigContext,
  findNatsServer,
  isNewEnough,
  type LocalServerOptions,
  MIN_NATS_SERVER,
  NatsBinaryError,
  type NatsCluster,
  type NatsServer,
  REPO_ROOT,
  startLocalCluster as startNatsCluster,
  startLocalNats,
} from "@ariadne/nats-server";
export { type AlertArbitraryOptions, arbitraryAlert } from "./alert-arbitrary.ts";
export { chooseNatsBackend, NATS_BACKEND_VARIABLE, type NatsBackend } from "./backend.ts";
export { containerRuntimeAvailable, containerRuntimeHinted, NATS_IMAGE } from "./container-server.ts";
export { createTestKeys, TEST_PARTIES, type TestKeys, type TestKeysOptions } from "./keys-fixture.ts";

/**
 * Starts a JetStream nats-server for a test: in a container when a runtime answers
 * (testcontainers), else the local binary. Options that shape the server (config, clustering,
 * a fixed port or folder) and kill/restart always use the local binary, which this machine has.
 * ARIADNE_TEST_NATS=local|container forces one (chooseNatsBackend).
 */
export async function startNats(opts: LocalServerOptions = {}): Promise<NatsServer> {
  const backend = await chooseNatsBackend(process.env, opts, containerRuntimeAvailable);
  return backend === "container" ? startContainerNats() : startLocalNats(opts);
}
