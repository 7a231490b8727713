/** Why generating or provisioning a deployment failed. Codes are stable; messages are for people. */
export type DeployErrorCode =
  /** deploy/deployment.yaml does not match the schema (every bad field is listed in `issues`). */
  | "DEPLOYMENT_INVALID"
  /** Two parties would share an identity, an inbox or a durable name. */
  | "PARTY_COLLISION"
  /** A secret the configuration needs (a key, a certificate) is not in the secrets bundle. */
  | "SECRET_MISSING"
  /** nats-server refused a generated configuration. */
  | "CONFIG_REJECTED"
  /** A stream, bucket or consumer could not be created as declared. */
  | "PROVISION_FAILED";

export class DeployError extends Error {
  override readonly name = "DeployError";
  constructor(
    readonly code: DeployErrorCode,
    message: string,
    readonly issues: readonly string[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function isDeployError(err: unknown): err is DeployError {
  return err instanceof DeployError;
}
