// @ariadne/stack: the whole Ariadne stack on one machine (`npm start`), also for whole-pipeline tests.
export { anonymousBus, deployedBus, type StackBus } from "./bus.ts";
export { StackConfig, stackConfigFromEnv } from "./config.ts";
export { type DeploymentCredentials, deploymentCredentials } from "./credentials.ts";
export { isStackError, StackError, type StackErrorCode } from "./errors.ts";
export { publishRegistryOnce } from "./registry.ts";
export { type ServiceEnvInput, STACK_PARTIES, type StackProcessSpec, stackServices } from "./services.ts";
export { type RunningStack, type StackReporter, startStack } from "./stack.ts";
export { type ProcessSpec, type Supervised, startProcess } from "./supervisor.ts";
