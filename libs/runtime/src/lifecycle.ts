import type { Logger } from "./logger.ts";

export interface Stoppable {
  /** Stop taking work, finish what is in flight, drain NATS. */
  stop(): Promise<void>;
}

export interface RunOptions {
  readonly logger: Logger;
  /** Longest a graceful stop may take before we exit anyway. */
  readonly stopTimeoutMs?: number;
  readonly exit?: (code: number) => void;
}

/**
 * Runs a started service until SIGTERM/SIGINT, then stops it gracefully (drain, then exit).
 * A second signal, or a stop that takes too long, exits at once.
 */
export function runUntilSignal(service: Stoppable, opts: RunOptions): void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      opts.logger.warn({ signal }, "second signal: exiting now");
      exit(1);
      return;
    }
    stopping = true;
    opts.logger.info({ signal }, "stopping: draining");
    const timer = setTimeout(() => {
      opts.logger.error({ signal }, "graceful stop timed out");
      exit(1);
    }, opts.stopTimeoutMs ?? 20_000);
    timer.unref();
    service.stop().then(
      () => {
        opts.logger.info("stopped");
        opts.logger.flush?.();
        exit(0);
      },
      (err: unknown) => {
        opts.logger.error({ err }, "stop failed");
        exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("unhandledRejection", (err) => {
    opts.logger.fatal({ err }, "unhandled rejection");
    exit(1);
  });
}
