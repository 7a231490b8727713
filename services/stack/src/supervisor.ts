import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** tsx's ESM loader, resolved once: services run from their TypeScript sources. */
const TSX_IMPORT = createRequire(import.meta.url).resolve("tsx/esm");

export interface ProcessSpec {
  readonly name: string;
  /** The service's entry file (TypeScript, run through tsx). */
  readonly entry: string;
  readonly env: Record<string, string>;
  /** /readyz of the service, polled until 200. */
  readonly readyUrl?: string;
  readonly args?: readonly string[];
}

export interface Supervised {
  readonly spec: ProcessSpec;
  readonly logFile: string;
  readonly pid: number | undefined;
  readonly running: boolean;
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>;
}

/**
 * Starts a service process with its output in `<logDir>/<name>.log` and waits for it to be
 * ready. A process that exits before it is ready fails the start, with its last log lines.
 */
export async function startProcess(spec: ProcessSpec, logDir: string, readyTimeoutMs = 30_000): Promise<Supervised> {
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${spec.name}.log`);
  const log = createWriteStream(logFile, { flags: "a" });
  const child: ChildProcess = spawn(process.execPath, ["--import", TSX_IMPORT, spec.entry, ...(spec.args ?? [])], {
    env: { ...process.env, ...spec.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let tail = "";
  child.stderr?.on("data", (d: Buffer) => {
    tail = (tail + d.toString()).slice(-2000);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      log.end();
      resolve(code);
    });
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  const supervised: Supervised = {
    spec,
    logFile,
    pid: child.pid,
    get running() {
      return running();
    },
    exited,
    async stop(signal: NodeJS.Signals = "SIGTERM", timeoutMs = 15_000) {
      if (!running()) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  if (spec.readyUrl) {
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (!running()) throw new Error(`${spec.name} exited before it was ready (see ${logFile}):\n${tail.trim()}`);
      try {
        const res = await fetch(spec.readyUrl, { signal: AbortSignal.timeout(1000) });
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await supervised.stop("SIGKILL");
        throw new Error(`${spec.name} not ready after ${readyTimeoutMs} ms (see ${logFile})`);
      }
      await sleep(100);
    }
  }
  return supervised;
}
