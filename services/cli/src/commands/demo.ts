import { NcpClient } from "@ariadne/client";
import type { Verifier } from "@ariadne/envelope";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { type CredentialsOption, credentialsOption } from "../options.ts";
import type { Output } from "../output.ts";
import { table } from "../output.ts";
import { createProgress } from "../progress.ts";
import { demoSteps, loadScenarios } from "../scenarios.ts";

interface Row {
  readonly step: string;
  readonly alertId: string;
  readonly version: number;
  readonly from: string;
  readonly outcome: string;
  readonly detail: string;
}

export function demoCommand(program: Command, ctx: () => CliContext, out: () => Output): void {
  program
    .command("demo")
    .description("publish a realistic stream of scenario alerts from several NCPs")
    .option("--count <n>", "how many alerts", "12")
    .option("--rate <per-second>", "alerts per second", "4")
    .option("--with-errors", "include invalid alerts the router must refuse")
    .addOption(credentialsOption("each publishing NCP"))
    .action(async (o: { count: string; rate: string; withErrors?: boolean } & CredentialsOption) => {
      const c = ctx().with({ credentials: o.credentials });
      const count = Math.max(1, Number(o.count));
      const interval = 1000 / Math.max(0.1, Number(o.rate));
      const connections: NatsConnection[] = [];
      let verifier: Verifier | undefined;
      const clients = new Map<string, NcpClient>();
      const clientFor = async (party: string) => {
        let client = clients.get(party);
        if (!client) {
          // A connection per NCP: with a deployment's credentials each NCP is its own NATS identity.
          const nc = await c.with({ as: party, credentials: o.credentials }).connect();
          connections.push(nc);
          verifier ??= await c.verifier(nc);
          client = new NcpClient({ nc, signer: await c.signer(party), verifier });
          clients.set(party, client);
        }
        return client;
      };
      const bar = createProgress("publishing", { enabled: !out().json });
      bar.start(count);
      const rows: Row[] = [];
      const pending: Promise<void>[] = [];
      try {
        for (const step of demoSteps(loadScenarios(), count, o.withErrors ? { withErrors: true } : {})) {
          const header = step.alert.header;
          const from = header?.originator ?? "";
          const client = await clientFor(from);
          pending.push(
            client.publishAndWait(step.alert, 30_000).then(
              ({ outcome }) => {
                rows.push({
                  step: step.kind,
                  alertId: header?.alertId ?? "",
                  version: header?.version ?? 0,
                  from,
                  outcome: outcome.kind,
                  detail:
                    outcome.kind === "accepted"
                      ? `to ${outcome.item.receipt.recipients.join(", ") || "nobody"}`
                      : outcome.item.notice.code,
                });
                bar.increment(1, `${step.kind} ${from}`);
              },
              (err: unknown) => {
                rows.push({
                  step: step.kind,
                  alertId: header?.alertId ?? "",
                  version: header?.version ?? 0,
                  from,
                  outcome: "no answer",
                  detail: (err as { code?: string }).code ?? "ERROR",
                });
                bar.increment(1, `${step.kind} ${from}`);
              },
            ),
          );
          await new Promise((r) => setTimeout(r, interval));
        }
        await Promise.all(pending);
      } finally {
        bar.stop();
        await Promise.all(connections.map((nc) => nc.close()));
      }
      out().result(rows, () =>
        table(
          rows.map((r) => [r.step, r.alertId, String(r.version), r.from, r.outcome, r.detail]),
          ["step", "alert", "v", "from", "outcome", "detail"],
        ),
      );
      if (rows.some((r) => r.outcome === "no answer")) process.exitCode = 1;
    });
}
