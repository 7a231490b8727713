import { createWriteStream } from "node:fs";
import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { finished } from "node:stream/promises";
import type { Command } from "commander";
import { checkpointOfExport, ExportTally } from "../audit/export-file.ts";
import {
  continuesPrevious,
  describeProblem,
  firstProblem,
  runOfflineVerifier,
  type VerifyReport,
} from "../audit/offline-verify.ts";
import { auditFailure, type ConsultOptions, consultOptions, openAuditSession } from "../audit/query.ts";
import type { CliContext } from "../context.ts";
import { CliError } from "../errors.ts";
import { type CredentialsOption, credentialsOption, parseCount } from "../options.ts";
import type { Output } from "../output.ts";
import { createProgress } from "../progress.ts";

interface ExportOptions extends ConsultOptions, CredentialsOption {
  readonly out: string;
  readonly from: string;
  readonly to?: string;
  readonly previous?: string;
}

interface VerifyOptions {
  readonly key?: string;
  readonly previous?: string;
}

/** The audit party's public keys from the deployment, newest first, each as a JWK file to hand to the verifier. */
async function auditKeyFiles(ctx: CliContext, dir: string): Promise<string[]> {
  const d = await ctx.deployment();
  const audit = d.document.parties.find((p) => p.roles.includes("auditor"));
  if (!audit || audit.keys.length === 0) {
    throw new CliError("KEY_MISSING", `no auditor key in the registry of ${ctx.keysDir} (give --key)`);
  }
  const keys = [...audit.keys].sort((a, b) => b.notBefore.localeCompare(a.notBefore));
  return Promise.all(
    keys.map(async (k, i) => {
      const file = join(dir, `audit-${i}.pub.jwk`);
      await writeFile(file, JSON.stringify({ kty: k.kty, crv: k.crv, x: k.x, kid: k.kid }));
      return file;
    }),
  );
}

/** Verifies with the given key, or with each audit key of the registry until one signs the file's checkpoint. */
async function verifyWith(file: string, keyFiles: readonly string[]): Promise<VerifyReport> {
  let report: VerifyReport | undefined;
  for (const key of keyFiles) {
    report = await runOfflineVerifier(file, key);
    const checkpointUnsigned = report.problems.some((p) => p.code === "SIGNATURE_INVALID" && p.index === undefined);
    if (report.ok || !checkpointUnsigned) return report;
  }
  if (report === undefined) throw new CliError("KEY_MISSING", "no audit key to verify with");
  return report;
}

function summary(r: VerifyReport): string {
  const cp = r.checkpoint;
  const head = cp ? `, checkpoint size ${cp.treeSize} root ${cp.rootHash.slice(0, 16)}..` : "";
  const earlier = r.earlierCheckpoint
    ? `, consistent with earlier checkpoint size ${r.earlierCheckpoint.treeSize}`
    : "";
  return `log ${r.logId ?? "?"}, entries [${r.from ?? "?"}, ${r.to ?? "?"}): ${r.entries} entries${head}${earlier}`;
}

export function auditCommand(program: Command, ctx: () => CliContext, out: () => Output): void {
  const audit = program.command("audit").description("export the audit log and verify exports offline");

  consultOptions(
    audit
      .command("export")
      .description("write the log entries [from, to) with checkpoint, signed manifest and proofs to a file")
      .requiredOption("--out <file>", "the export file to write")
      .option("--from <n>", "first log index", "0")
      .option("--to <n>", "end index, exclusive (default: the log's size now)")
      .option("--previous <export>", "an earlier export: prove this one extends its checkpoint")
      .addOption(credentialsOption()),
  ).action(async (o: ExportOptions) => {
    const from = parseCount("--from", o.from);
    const to = o.to === undefined ? undefined : parseCount("--to", o.to);
    if (to !== undefined && to <= from) throw new CliError("USAGE", `--to ${to} is not above --from ${from}`);
    const earlierCheckpoint = o.previous === undefined ? undefined : await checkpointOfExport(o.previous);
    const target = resolve(o.out);
    const partial = `${target}.partial`;
    const session = await openAuditSession(ctx().with({ as: o.as, credentials: o.credentials }), o);
    const bar = createProgress("exporting", { enabled: !out().json });
    const tally = new ExportTally();
    let barStarted = false;
    try {
      const file = createWriteStream(partial);
      try {
        for await (const chunk of session.client.exportChunks({
          from,
          ...(to === undefined ? {} : { to }),
          ...(earlierCheckpoint === undefined ? {} : { earlierCheckpoint }),
        })) {
          tally.push(chunk);
          if (!file.write(chunk)) await new Promise<void>((r) => file.once("drain", () => r()));
          // The first chunk's header says how many entries to expect.
          if (!barStarted && tally.to !== undefined && tally.from !== undefined) {
            bar.start(tally.to - tally.from, "entries");
            barStarted = true;
          }
          bar.update(tally.entries);
        }
      } finally {
        file.end();
        await finished(file);
      }
      await rename(partial, target);
    } catch (err) {
      await rm(partial, { force: true });
      throw auditFailure(err);
    } finally {
      bar.stop();
      await session.close();
    }
    const result = { file: target, from: tally.from, to: tally.to, entries: tally.entries, bytes: tally.bytes };
    out().result({ ...result, sha256: tally.sha256 }, () =>
      [
        `exported entries [${tally.from}, ${tally.to}) of the audit log to ${target}`,
        `${tally.entries} entries, ${tally.bytes} bytes, sha256 ${tally.sha256}`,
        `verify it offline: npx ariadne audit verify ${o.out}`,
      ].join("\n"),
    );
  });

  audit
    .command("verify <file>")
    .description("verify an export offline: signatures, hash chain, indexes, Merkle root, consistency")
    .option("--key <jwk>", "the audit service's public key (default: the auditor key of the deployment registry)")
    .option("--previous <export>", "an earlier export this one must extend (consistency with its checkpoint)")
    .action(async (file: string, o: VerifyOptions) => {
      const scratch = await mkdtemp(join(tmpdir(), "ariadne-verify-"));
      try {
        const keys = o.key ? [resolve(o.key)] : await auditKeyFiles(ctx(), scratch);
        const report = await verifyWith(resolve(file), keys);
        const previous = o.previous === undefined ? undefined : await verifyWith(resolve(o.previous), keys);
        if (previous && !previous.ok) {
          throw new CliError(
            "VERIFY_FAILED",
            `the previous export ${o.previous} does not verify: ${firstProblem(previous)}`,
          );
        }
        const continuity = previous && report.ok ? continuesPrevious(report, previous) : undefined;
        out().result(
          { ...report, ...(previous ? { previous: { file: o.previous, continuity: continuity ?? "OK" } } : {}) },
          () =>
            report.ok && continuity === undefined
              ? `OK: ${file}: ${summary(report)}${previous ? `; extends ${o.previous} (size ${previous.checkpoint?.treeSize})` : ""}`
              : [`FAILED: ${file}`, ...report.problems.slice(0, 20).map((p) => `  ${describeProblem(p)}`)].join("\n"),
        );
        if (!report.ok) throw new CliError("VERIFY_FAILED", `${file}: ${firstProblem(report)}`);
        if (continuity !== undefined) {
          throw new CliError("VERIFY_FAILED", `${file} does not continue ${o.previous}: ${continuity}`);
        }
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    });
}
