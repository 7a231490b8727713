import { type ChildProcess, spawn } from "node:child_process";
import { REPO_ROOT } from "@ariadne/nats-server";
import { CLI_BIN, type CliRun } from "./run-cli.ts";

/** A CLI process left running (`feed --follow`): its output so far, and a way to wait for a line. */
export interface RunningCli {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout or stderr matches; rejects when the process ends first or after timeoutMs. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (signals as 128 + n) and everything written. */
  readonly exited: Promise<CliRun & { signal: NodeJS.Signals | null }>;
}

/** Starts `node services/cli/bin/ariadne.mjs ...args` as runCli does, without waiting for it to end. */
export function spawnCli(args: readonly string[]): RunningCli {
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    cwd: REPO_ROOT,
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ARIADNE_"))),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const l of listeners) l();
  };
  child.stdout?.on("data", (b: Buffer) => {
    out += b.toString("utf8");
    changed();
  });
  child.stderr?.on("data", (b: Buffer) => {
    err += b.toString("utf8");
    changed();
  });
  let ended = false;
  const exited = new Promise<CliRun & { signal: NodeJS.Signals | null }>((resolve) => {
    child.on("close", (code, signal) => {
      ended = true;
      changed();
      resolve({ code: code ?? 128, signal, stdout: out, stderr: err });
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => done(new Error(`no ${pattern} within ${timeoutMs} ms:\n${out}\n${err}`)),
          timeoutMs,
        );
        const check = () => {
          if (pattern.test(out) || pattern.test(err)) done();
          else if (ended) done(new Error(`the CLI ended before ${pattern}:\n${out}\n${err}`));
        };
        function done(e?: Error) {
          clearTimeout(timer);
          listeners.delete(check);
          if (e) reject(e);
          else resolve();
        }
        listeners.add(check);
        check();
      });
    },
  };
}
