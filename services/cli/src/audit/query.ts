import { type AuditQueryClient, AuditQueryError, createAuditQueryClient } from "@ariadne/audit-service";
import type { Verifier } from "@ariadne/envelope";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { CliError } from "../errors.ts";
import { collect, DEFAULT_LEGAL_BASIS, DEFAULT_PURPOSE, justification } from "../options.ts";

/** The options of every command that reads the audit log (each read is itself logged). */
export interface ConsultOptions {
  readonly as: string;
  readonly purpose?: string[];
  readonly legalBasis?: string;
}

export const DEFAULT_OPERATOR = "operator";

export function consultOptions(cmd: Command): Command {
  return cmd
    .option("--as <party>", "operator party to sign the query as (role operator)", DEFAULT_OPERATOR)
    .option("--purpose <purpose>", `purpose of the consultation, repeatable (default ${DEFAULT_PURPOSE})`, collect)
    .option("--legal-basis <text>", "legal basis of the consultation", DEFAULT_LEGAL_BASIS);
}

export interface AuditSession {
  readonly nc: NatsConnection;
  readonly verifier: Verifier;
  readonly client: AuditQueryClient;
  close(): Promise<void>;
}

/** Connects, signs as the operator and checks every returned signature against the registry. */
export async function openAuditSession(ctx: CliContext, o: ConsultOptions): Promise<AuditSession> {
  const why = justification(o.purpose, o.legalBasis);
  const signer = await ctx.signer(o.as);
  const nc = await ctx.connect();
  try {
    const verifier = await ctx.verifier(nc);
    const client = createAuditQueryClient(nc, signer, { why, verifier, timeoutMs: 15_000 });
    return { nc, verifier, client, close: () => nc.close() };
  } catch (err) {
    await nc.close();
    throw err;
  }
}

/** The audit service's answer as one CLI error line. */
export function auditFailure(err: unknown): unknown {
  if (!(err instanceof AuditQueryError)) return err;
  switch (err.code) {
    case "UNAVAILABLE":
      return new CliError("SERVICE_UNAVAILABLE", "no answer from the audit service (is the stack running?)", {
        cause: err,
      });
    case "INVALID_REPLY":
      return new CliError("VERIFY_FAILED", `the audit service's reply does not check out: ${err.message}`, {
        cause: err,
      });
    case "NOT_FOUND":
      return new CliError("NOT_FOUND", err.message, { cause: err });
    default:
      return new CliError("REFUSED", `the audit service refused the query: ${err.code}`, { cause: err });
  }
}
