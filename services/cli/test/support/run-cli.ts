import { execFile } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "@ariadne/nats-server";

export const CLI_BIN = join(REPO_ROOT, "services/cli/bin/ariadne.mjs");

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node services/cli/bin/ariadne.mjs ...args` as a user would, never throwing on a non-zero exit. */
export function runCli(args: readonly string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI_BIN, ...args],
      {
        cwd: opts.cwd ?? REPO_ROOT,
        timeout: opts.timeoutMs ?? 60_000,
        maxBuffer: 32 * 1024 * 1024,
        // No ARIADNE_* from the developer's shell: the test says where everything is.
        env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ARIADNE_"))),
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          reject(error);
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}
