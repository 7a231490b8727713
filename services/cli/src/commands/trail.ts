import type { Command } from "commander";
import { auditFailure, type ConsultOptions, consultOptions, openAuditSession } from "../audit/query.ts";
import type { CliContext } from "../context.ts";
import { CliError } from "../errors.ts";
import { type CredentialsOption, credentialsOption, parseAlertId } from "../options.ts";
import type { Output } from "../output.ts";
import { type InclusionReport, proveInclusion } from "../trail/inclusion.ts";
import { renderTimeline } from "../trail/render.ts";
import { buildTimeline, isEmptyTrail } from "../trail/timeline.ts";

interface TrailOptions extends ConsultOptions, CredentialsOption {
  readonly proofs: boolean;
}

export function trailCommand(program: Command, ctx: () => CliContext, out: () => Output): void {
  consultOptions(
    program
      .command("trail <alertId>")
      .description(
        "the alert's audit trail as a timeline: received, decision per recipient, deliveries, acknowledgements, replies, consultations",
      ),
  )
    .option("--no-proofs", "skip the inclusion proofs of the events against a signed checkpoint")
    .addOption(credentialsOption())
    .action(async (rawId: string, o: TrailOptions) => {
      const alertId = parseAlertId(rawId);
      const session = await openAuditSession(ctx().with({ as: o.as, credentials: o.credentials }), o);
      try {
        // The read is logged as a consultation before it is answered: the trail ends with it.
        const events = await session.client.fullTrail(alertId);
        const timeline = buildTimeline(alertId, events);
        if (isEmptyTrail(timeline)) {
          throw new CliError("NOT_FOUND", `no audit event names alert ${alertId} (unknown alert id?)`);
        }
        const inclusion: InclusionReport | undefined = o.proofs
          ? await proveInclusion(session.client, events)
          : undefined;
        out().result({ ...timeline, ...(inclusion === undefined ? {} : { inclusion }) }, () =>
          renderTimeline(timeline, inclusion),
        );
        if (inclusion?.failure) {
          throw new CliError(
            "VERIFY_FAILED",
            `entry ${inclusion.failure.index} is not proven in the signed log: ${inclusion.failure.problem}`,
          );
        }
      } catch (err) {
        throw auditFailure(err);
      } finally {
        await session.close();
      }
    });
}
