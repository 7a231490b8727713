export { type ClusterOptions, type NatsCluster, startLocalCluster } from "./cluster.ts";
export { type ConfigContext, type LocalServerOptions, type NatsServer, startLocalNats } from "./local-server.ts";
export {
  findNatsServer,
  isNewEnough,
  MIN_NATS_SERVER,
  type NatsBinary,
  NatsBinaryError,
  REPO_ROOT,
} from "./nats-binary.ts";
export { freePort } from "./ports.ts";
