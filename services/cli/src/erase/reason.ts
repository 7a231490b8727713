import { CODE } from "@ariadne/audit";
import { CliError } from "../errors.ts";

/** Examples an operator sees when the reason is refused. */
export const REASON_EXAMPLES = ["RETENTION_EXPIRED", "DATA_SUBJECT_REQUEST", "COURT_ORDER", "UNLAWFUL_PROCESSING"];

/**
 * The reason of an erasure as the audit log may keep it: a stable UPPER_SNAKE code (the audit
 * guard refuses free text, which could name a person). The refused text is not echoed back:
 * an error line must not repeat what may be personal.
 */
export function parseReasonCode(text: string): string {
  const code = text.trim();
  if (!CODE.test(code)) {
    throw new CliError(
      "USAGE",
      `--reason must be an UPPER_SNAKE code of 2 to 64 characters (e.g. ${REASON_EXAMPLES.join(", ")}), not free text`,
    );
  }
  return code;
}

/** A version option: a positive integer. */
export function parseVersion(text: string): number {
  const t = text.trim();
  if (!/^[1-9]\d{0,8}$/.test(t)) throw new CliError("USAGE", `--version ${t}: not a positive integer`);
  return Number(t);
}
