import { AuditClient, isSafeCitation, LIMITS } from "@ariadne/audit";
import { createAuditQueryClient } from "@ariadne/audit-service";
import { Purpose } from "@ariadne/contracts";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { eraseAlert } from "../erase/erase.ts";
import { parseReasonCode, parseVersion } from "../erase/reason.ts";
import { renderErasure } from "../erase/render.ts";
import { CliError } from "../errors.ts";
import { type CredentialsOption, collect, credentialsOption, parseAlertId, parseEnumValue } from "../options.ts";
import type { Output } from "../output.ts";

/**
 * The deployment's operator party (libs/deploy parties.ts), and no other: the console also holds
 * the registry role "operator" to read trails on operators' behalf, but it may not erase.
 */
const OPERATOR = "operator";

/** LED Art. 5 (time limits, review) and Art. 16(2) (erasure): why an operator erases. */
export const ERASURE_LEGAL_BASIS = "Directive (EU) 2016/680 Art. 5 and Art. 16(2) (erasure of personal data)";

interface EraseOptions extends CredentialsOption {
  readonly reason: string;
  readonly version?: string;
  readonly purpose?: string[];
  readonly legalBasis: string;
}

export function eraseCommand(program: Command, ctx: () => CliContext, out: () => Output): void {
  program
    .command("erase <alertId>")
    .description(
      "erase an alert's messages (intake, deliveries, returns, dead letters) and adapter copy records, after logging the erasure",
    )
    .requiredOption("--reason <CODE>", "why, as an UPPER_SNAKE code (RETENTION_EXPIRED, DATA_SUBJECT_REQUEST, ...)")
    .option("--version <n>", "erase only this version (default: every version)")
    .option("--purpose <purpose>", "purpose named in the event, repeatable (default: those of the collection)", collect)
    .option("--legal-basis <text>", "legal basis of the erasure", ERASURE_LEGAL_BASIS)
    .addOption(credentialsOption("the operator"))
    .action(async (rawId: string, o: EraseOptions) => {
      // Everything that can be refused is refused before connecting: a bad call erases nothing.
      const alertId = parseAlertId(rawId);
      const reasonCode = parseReasonCode(o.reason);
      const version = o.version === undefined ? undefined : parseVersion(o.version);
      if (!isSafeCitation(o.legalBasis, LIMITS.legalBasis)) {
        throw new CliError("USAGE", "--legal-basis: capitalised words must be legal terms (Directive, Art., ...)");
      }
      const purposes = o.purpose?.map((p) => parseEnumValue("purpose", Purpose, "PURPOSE_", p));
      const c = ctx().with({ as: OPERATOR, credentials: o.credentials });
      const signer = await c.signer(OPERATOR);
      const nc = await c.connect();
      try {
        const verifier = await c.verifier(nc);
        const why = { purposes: purposes ?? [Purpose.PURPOSE_CRIMINAL_ANALYSIS], legalBasis: o.legalBasis };
        const queries = createAuditQueryClient(nc, signer, { why, verifier, timeoutMs: 15_000 });
        const audit = new AuditClient({ nc, sign: (t, p) => signer.sign(t, p), timeoutMs: 10_000 });
        const report = await eraseAlert(
          {
            js: jetstream(nc),
            jsm: await jetstreamManager(nc),
            trail: async (id) => (await queries.fullTrail(id)).map((e) => e.event),
            append: (events) => audit.append(events),
          },
          {
            alertId,
            reasonCode,
            actor: OPERATOR,
            legalBasis: o.legalBasis,
            ...(version === undefined ? {} : { version }),
            ...(purposes === undefined ? {} : { purposes }),
          },
        );
        out().result(report, () => renderErasure(report));
        if (report.unidentified.length > 0) {
          out().note("some messages name versions the audit log never collected: they were left in place");
        }
        if (report.failed.length > 0) {
          throw new CliError(
            "ERASE_INCOMPLETE",
            `the erasure is logged, but ${report.failed.length} message(s) could not be deleted: run the same erase again`,
          );
        }
      } finally {
        await nc.close();
      }
    });
}
