export { Bare, COMMENT, type ConfObject, type ConfValue, confText } from "./conf-text.ts";
export { envFileText, partyEnv } from "./credentials.ts";
export {
  type Deployment,
  type DeploymentInput,
  DeploymentSchema,
  loadDeployment,
  parseDeployment,
} from "./deployment.ts";
export { DeployError, type DeployErrorCode, isDeployError } from "./errors.ts";
export { containerNode, type GeneratedDeployment, generateDeployment, readSecrets } from "./generate.ts";
export { jsApi, kvStream, kvSubjects, readBucket, readDurable } from "./jsapi.ts";
export { CONTAINER, layout } from "./layout.ts";
export { type LocalNodeContext, localNodeConfig, localPartyEnv } from "./local.ts";
export {
  MAIN_API_PREFIX_IN_AUDIT,
  type NodeRuntime,
  REGISTRY_MIRROR_DELIVER,
  renderNodeConfig,
} from "./nats-config.ts";
export { newUserKey, type UserKey, userKeyFromSeed } from "./nkeys.ts";
export {
  ACCOUNTS,
  type AccountName,
  inboxPrefix,
  type NatsUser,
  type Party,
  partiesOf,
  type Role,
  usersOf,
} from "./parties.ts";
export {
  adapterBucket,
  BUCKETS,
  type Permissions,
  permissionsFor,
  SINGLE_RESPONSE,
  type SubjectRules,
} from "./permissions.ts";
export {
  AUDIT_STREAMS,
  type ProvisionConnections,
  type ProvisionReport,
  provisionBus,
  STORE_SHARES,
  sizeBytes,
  storeBudget,
} from "./provision.ts";
export { type RegistryPartySpec, registryPartiesOf } from "./registry-parties.ts";
export {
  clientCert,
  type GenerateSecretsOptions,
  generateSecrets,
  nodeCert,
  nodeNames,
  type Secrets,
  userId,
  userKey,
} from "./secrets.ts";
export { type CertOptions, type CertPair, createCa, issueCert, type LeafSpec, subjectAltNames } from "./tls.ts";
