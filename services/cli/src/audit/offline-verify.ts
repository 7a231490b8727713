import { execFile } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "@ariadne/nats-server";
import { CliError } from "../errors.ts";

/** libs/audit's offline verifier: what a court or a DPA runs with the audit key alone. */
export const VERIFY_EXPORT_SCRIPT = join(REPO_ROOT, "libs/audit/src/cli/verify-export.ts");

export interface SignedHead {
  readonly logId: string;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly issuedAt?: string;
}

/** The verifier's `--json` report (libs/audit/src/cli/run-verify-export.ts). */
export interface VerifyReport {
  readonly ok: boolean;
  readonly logId?: string;
  readonly from?: number;
  readonly to?: number;
  readonly entries: number;
  readonly checkpoint?: SignedHead;
  readonly earlierCheckpoint?: SignedHead;
  readonly problems: readonly { code: string; line: number; index?: number; message: string }[];
}

/**
 * Runs the offline verifier as its own process (the same program an auditor runs, not a
 * re-implementation): exit 0 verified, 1 problems found, 2 could not run.
 */
export function runOfflineVerifier(file: string, keyFile: string): Promise<VerifyReport> {
  const tsx = import.meta.resolve("tsx");
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", tsx, VERIFY_EXPORT_SCRIPT, file, keyFile, "--json"],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        if (status === 0 || status === 1) {
          try {
            resolve(JSON.parse(stdout) as VerifyReport);
          } catch (cause) {
            reject(new CliError("SERVICE_ERROR", "the offline verifier's report does not parse", { cause }));
          }
          return;
        }
        const why = stderr.trim().split("\n")[0] ?? "";
        if (why.startsWith("cannot use")) reject(new CliError("KEY_MISSING", why));
        else if (why.startsWith("cannot read")) reject(new CliError("FILE_UNREADABLE", why));
        else reject(new CliError("SERVICE_ERROR", `the offline verifier failed: ${why || `exit ${status}`}`));
      },
    );
  });
}

export function describeProblem(p: VerifyReport["problems"][number]): string {
  const where = p.index === undefined ? `line ${p.line}` : `line ${p.line} (entry ${p.index})`;
  return `${where}: ${p.code}: ${p.message}`;
}

/**
 * The problem that says where the damage is: the first one at an entry when there is one (a
 * changed entry also breaks the root the checkpoint line vouches for, which is only a symptom),
 * else the first in the file: `line 5 (entry 0): SIGNATURE_INVALID ...`.
 */
export function firstProblem(r: VerifyReport): string {
  const p = r.problems.find((q) => q.index !== undefined) ?? r.problems[0];
  if (p === undefined) return "no problem";
  const more = r.problems.length > 1 ? ` (and ${r.problems.length - 1} more)` : "";
  return `${describeProblem(p)}${more}`;
}

/**
 * Whether a verified export continues a previous one: the same log, not older, and proven
 * consistent with exactly the previous checkpoint (or the same head). Returns the problem.
 */
export function continuesPrevious(current: VerifyReport, previous: VerifyReport): string | undefined {
  const now = current.checkpoint;
  const before = previous.checkpoint;
  if (now === undefined || before === undefined) return "an export without a verified checkpoint";
  if (now.logId !== before.logId) return `another log (${now.logId}, previously ${before.logId})`;
  if (now.treeSize < before.treeSize) {
    return `the export's checkpoint (size ${now.treeSize}) is older than the previous one (size ${before.treeSize})`;
  }
  if (now.treeSize === before.treeSize) {
    return now.rootHash === before.rootHash
      ? undefined
      : `same size ${now.treeSize} as the previous checkpoint but another root: the log was rewritten`;
  }
  const earlier = current.earlierCheckpoint;
  if (earlier === undefined) {
    return `no consistency proof in the export (export again with --previous to prove it extends size ${before.treeSize})`;
  }
  if (earlier.treeSize !== before.treeSize || earlier.rootHash !== before.rootHash) {
    return `the export proves consistency with checkpoint size ${earlier.treeSize}, not with the previous one (size ${before.treeSize}); export again with --previous`;
  }
  return undefined;
}
