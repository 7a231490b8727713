import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { NcpClient, type Outcome, type Published } from "@ariadne/client";
import type { CaseAlert } from "@ariadne/contracts";
import { Receipt_Evidence } from "@ariadne/contracts";
import { encodeEnvelope, sealAlert } from "@ariadne/envelope";
import type { Command } from "commander";
import { prepareAlert } from "../alert-file.ts";
import type { CliContext } from "../context.ts";
import { CliError } from "../errors.ts";
import { type CredentialsOption, credentialsOption } from "../options.ts";
import type { Output } from "../output.ts";

function describeOutcome(o: Outcome): Record<string, unknown> {
  if (o.kind === "accepted") {
    const r = o.item.receipt;
    return {
      outcome: "accepted",
      evidence: Receipt_Evidence[r.evidence],
      recipients: r.recipients,
      receiptId: r.receiptId,
      signedBy: o.item.signer.party,
    };
  }
  const n = o.item.notice;
  return {
    outcome: "rejected",
    code: n.code,
    detail: n.detail,
    fields: n.fieldErrors.map((f) => ({ path: f.path, code: f.code })),
    signedBy: o.item.signer.party,
  };
}

interface PublishOptions extends CredentialsOption {
  readonly as: string;
  readonly newId?: boolean;
  readonly out?: string;
  readonly timeout: string;
  readonly check: boolean;
}

export function publishCommand(program: Command, ctx: () => CliContext, out: () => Output): void {
  program
    .command("publish <alert>")
    .description("validate, sign and publish an alert (YAML or JSON); wait for the router's answer")
    .requiredOption("--as <party>", "publishing NCP, e.g. ncp.nl")
    .option("--new-id", "publish as a new alert: fresh alert id and creation time")
    .option("--out <file>", "write the signed envelope bytes to a file instead of sending them")
    .option("--timeout <seconds>", "how long to wait for the router", "20")
    .option("--no-check", "skip the local validation: send as is and let the router judge")
    .addOption(credentialsOption())
    .action(async (file: string, o: PublishOptions) => {
      // The NCP connects with its own NATS identity when the deployment has them.
      const c = ctx().with({ as: o.as, credentials: o.credentials });
      const signer = await c.signer(o.as);
      const alert = await prepareAlert(file, { as: o.as, check: o.check, ...(o.newId ? { newId: true } : {}) });
      const alertId = alert.header?.alertId ?? "";
      const version = alert.header?.version ?? 0;
      if (o.out) {
        const bytes = encodeEnvelope(sealAlert(alert, signer));
        await writeFile(o.out, bytes);
        const digest = createHash("sha256").update(bytes).digest("hex");
        out().result(
          { alertId, version, file: o.out, bytes: bytes.length, sha256: digest },
          () =>
            `signed envelope of ${alertId} v${version} written to ${o.out} (${bytes.length} bytes, sha256 ${digest})`,
        );
        return;
      }
      const nc = await c.connect();
      try {
        const client = new NcpClient({ nc, signer, verifier: await c.verifier(nc) });
        const { published, outcome } = await publishAndWait(client, alert, Number(o.timeout) * 1000);
        const summary = {
          alertId,
          version,
          seq: published.seq,
          duplicate: published.duplicate,
          traceId: published.traceId,
          ...describeOutcome(outcome),
        };
        out().result(summary, () => {
          const head = `${alertId} v${version} from ${o.as}${published.duplicate ? " (already published: JetStream kept the first copy)" : ""}`;
          if (outcome.kind === "accepted") {
            const to = outcome.item.receipt.recipients;
            return `${head}\naccepted by the router; routed to ${to.length ? to.join(", ") : "no recipient"}\ntrail: npx ariadne trail ${alertId}`;
          }
          const n = outcome.item.notice;
          const fields = n.fieldErrors.map((f) => `  ${f.path}: ${f.code}`).join("\n");
          return `${head}\nrejected by the router: ${n.code}${n.detail ? ` (${n.detail})` : ""}${fields ? `\n${fields}` : ""}`;
        });
        if (outcome.kind === "rejected") {
          throw new CliError("REJECTED", `the router refused ${alertId} v${version}: ${outcome.item.notice.code}`);
        }
      } finally {
        await nc.close();
      }
    });
}

/**
 * Publishes and waits for the router's signed answer. Unlike NcpClient.publishAndWait, a
 * duplicate (JetStream kept an earlier copy of this alert id and version) is answered from the
 * return stream's history: the router answered the first copy, and will not answer again.
 */
async function publishAndWait(
  client: NcpClient,
  alert: CaseAlert,
  timeoutMs: number,
): Promise<{ published: Published; outcome: Outcome }> {
  const alertId = alert.header?.alertId ?? "";
  const version = alert.header?.version ?? 0;
  // The return stream keeps what came back, so listening after publishing misses nothing.
  const before = new Date(Date.now() - 1000);
  const published = await client.publish(alert);
  const returns = await client.returns(published.duplicate ? new Date(0) : before);
  let timer: NodeJS.Timeout | undefined;
  try {
    const waiting = (async (): Promise<Outcome | undefined> => {
      for await (const item of returns) {
        if (item.kind === "receipt" && item.receipt.alertId === alertId && item.receipt.version === version) {
          if (item.signer.party === "router") return { kind: "accepted", item };
        }
        if (item.kind === "notice" && item.notice.alertId === alertId && item.notice.version === version) {
          return { kind: "rejected", item };
        }
      }
      return undefined;
    })();
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    const outcome = await Promise.race([waiting, timeout]);
    if (!outcome) {
      throw new CliError(
        "TIMEOUT",
        `published ${alertId} v${version}, but no answer from the router within ${timeoutMs / 1000}s (router or audit log down? see npx ariadne trail ${alertId})`,
      );
    }
    return { published, outcome };
  } finally {
    clearTimeout(timer);
    await returns.close();
  }
}
