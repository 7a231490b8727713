import { join, resolve } from "node:path";
import { type Feed, FeedError, openFeed } from "@ariadne/adapter";
import { Purpose, purposeToJSON } from "@ariadne/contracts";
import { REPO_ROOT } from "@ariadne/nats-server";
import { loadMandatesFile } from "@ariadne/policy";
import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { CliError } from "../errors.ts";
import { type FilterOptions, feedFilters } from "../feed/filters.ts";
import { itemJson, itemLine } from "../feed/render.ts";
import {
  type CredentialsOption,
  collect,
  credentialsOption,
  parseCount,
  parseEnumValue,
  parseSince,
} from "../options.ts";
import type { Output } from "../output.ts";

interface FeedOptions extends FilterOptions, CredentialsOption {
  readonly as: string;
  readonly purpose?: string[];
  readonly since?: string;
  readonly follow?: boolean;
  readonly max?: string;
  readonly mandates?: string;
}

/** Without --purpose, the officer consults for the purposes of the agency's mandate. */
async function mandatePurposes(file: string, agency: string): Promise<Purpose[]> {
  let purposes: ReadonlySet<Purpose> | undefined;
  try {
    purposes = (await loadMandatesFile(file)).recipients.find((m) => m.id === agency)?.purposes;
  } catch (cause) {
    throw new CliError("FILE_UNREADABLE", `cannot read the mandates ${file}: ${(cause as Error).message}`, { cause });
  }
  if (!purposes || purposes.size === 0) {
    throw new CliError("USAGE", `no mandate of ${agency} in ${file}: give --purpose`);
  }
  return [...purposes];
}

function feedFailure(err: unknown): unknown {
  if (!(err instanceof FeedError)) return err;
  switch (err.code) {
    case "FEED_UNAVAILABLE":
      return new CliError("SERVICE_UNAVAILABLE", `${err.message} (is the stack running?)`, { cause: err });
    case "FRAME_INVALID":
      return new CliError("VERIFY_FAILED", err.message, { cause: err });
    default:
      return new CliError("REFUSED", `${err.code}: ${err.message}`, { cause: err });
  }
}

export function feedCommand(program: Command, ctx: () => CliContext, out: () => Output): void {
  program
    .command("feed <agency>")
    .description("a liaison officer's feed of the copies routed to an agency (each read is logged)")
    .requiredOption("--as <officer>", "the officer, officer.<agency>.<name>")
    .option("--crime-area <area>", "crime area, repeatable (trafficking-in-human-beings, ...)", collect)
    .option("--form <form>", "exploitation form, repeatable (labour, sexual, ...)", collect)
    .option("--priority <priority>", "priority, repeatable (routine, high, urgent, immediate)", collect)
    .option("--ncp <party>", "originating NCP, repeatable (ncp.de)", collect)
    .option("--country <cc>", "originating member state, repeatable (DE)", collect)
    .option("--purpose <purpose>", "purpose of the consultation, repeatable (default: the agency's mandate)", collect)
    .option(
      "--since <time>",
      "replay copies routed since (ISO time, or 30m, 2h, 7d); default 24h, or none with --follow",
    )
    .option("--follow", "after the replay, keep showing new copies (Ctrl-C ends)")
    .option("--max <n>", "stop after this many items")
    .option(
      "--mandates <file>",
      "mandates file for the default purposes (relative: to the repository)",
      "deploy/mandates.yaml",
    )
    .addOption(credentialsOption("the --as officer"))
    .action(async (agency: string, o: FeedOptions) => {
      const c = ctx().with({ as: o.as, credentials: o.credentials });
      const filters = feedFilters(o);
      const since = o.since !== undefined ? parseSince(o.since) : o.follow ? undefined : parseSince("24h");
      const max = o.max === undefined ? Number.POSITIVE_INFINITY : parseCount("--max", o.max);
      if (!o.as.startsWith(`officer.${agency}.`)) {
        throw new CliError("UNKNOWN_PARTY", `${o.as} is not an officer of ${agency} (officer.${agency}.<name>)`);
      }
      const purposes =
        o.purpose && o.purpose.length > 0
          ? [...new Set(o.purpose.map((p) => parseEnumValue("purpose", Purpose, "PURPOSE_", p)))]
          : await mandatePurposes(o.mandates ? resolve(o.mandates) : join(REPO_ROOT, "deploy/mandates.yaml"), agency);
      const officer = await c.signer(o.as);
      const nc = await c.connect();
      let feed: Feed | undefined;
      const stop = () => void feed?.stop();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      let shown = 0;
      try {
        feed = await openFeed({
          nc,
          officer,
          verifier: await c.verifier(nc),
          agency,
          purposes,
          filters,
          ...(since === undefined ? {} : { since }),
          follow: o.follow === true,
        });
        if (!out().json) {
          out().note(
            `feed of ${agency} as ${o.as} for ${purposes.map(purposeToJSON).join(", ")}${since ? ` since ${since.toISOString()}` : ""}${o.follow ? ", following" : ""}`,
          );
        }
        for await (const item of feed) {
          // One JSON object per line, so the output pipes into jq or a log shipper.
          process.stdout.write(`${out().json ? JSON.stringify(itemJson(item)) : itemLine(item)}\n`);
          shown += 1;
          if (shown >= max) break;
        }
      } catch (err) {
        throw feedFailure(err);
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        await feed?.stop();
        await nc.close();
      }
      if (!out().json) out().note(`${shown} item(s)`);
    });
}
