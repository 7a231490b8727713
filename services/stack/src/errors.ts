/** Why the stack refused to start. Codes are stable; messages are for people (one line). */
export type StackErrorCode =
  /** The credentials folder lacks a file an identity of the stack connects with. */
  | "CREDENTIALS_MISSING"
  /** The credentials folder was generated from another deployment description, or lacks a party. */
  | "DEPLOYMENT_MISMATCH"
  /** No signing keys and trust registry where the stack must take them from. */
  | "KEYS_MISSING"
  /** NATS already holds a registry that is not this keys folder's (newer, or another operator's). */
  | "REGISTRY_CONFLICT";

export class StackError extends Error {
  override readonly name = "StackError";
  constructor(
    readonly code: StackErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function isStackError(err: unknown): err is StackError {
  return err instanceof StackError;
}
