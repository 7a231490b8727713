/** Every way a command can fail, each with its exit status. The message is one line for a human. */
export const CLI_ERRORS = {
  USAGE: 2,
  FILE_UNREADABLE: 1,
  INVALID_ALERT: 1,
  UNKNOWN_PARTY: 1,
  KEY_MISSING: 1,
  NATS_UNREACHABLE: 1,
  /** A service (audit, feed) did not answer: not running, or overloaded. */
  SERVICE_UNAVAILABLE: 1,
  TIMEOUT: 1,
  /** The router refused the alert (a signed rejection notice). */
  REJECTED: 3,
  /** A service refused the request (not authorised, bad parameter); its code follows. */
  REFUSED: 1,
  NOT_FOUND: 1,
  /** The audit log did not confirm (ariadne erase): nothing was erased. */
  AUDIT_UNAVAILABLE: 1,
  /** The erasure is logged, but some messages could not be deleted: run the same erase again. */
  ERASE_INCOMPLETE: 1,
  /** An export, proof or signature does not check out. */
  VERIFY_FAILED: 4,
  SERVICE_ERROR: 1,
} as const;
export type CliErrorCode = keyof typeof CLI_ERRORS;

export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    readonly code: CliErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get exitCode(): number {
    return CLI_ERRORS[this.code];
  }
}

/** The one line every failure ends with: `ariadne: CODE: message`. */
export function errorLine(err: unknown): string {
  if (err instanceof CliError) return `ariadne: ${err.code}: ${firstLine(err.message)}`;
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === "string" && /^[A-Z][A-Z0-9_]*$/.test(e.code) ? e.code : "INTERNAL";
  return `ariadne: ${code}: ${firstLine(typeof e.message === "string" ? e.message : String(err))}`;
}

export function exitCodeOf(err: unknown): number {
  return err instanceof CliError ? err.exitCode : 1;
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}
