import { SingleBar } from "cli-progress";

/** Progress of bulk work, on stderr. Quiet (every call a no-op) unless stderr is a terminal. */
export interface Progress {
  start(total: number, label?: string): void;
  update(value: number, label?: string): void;
  increment(by?: number, label?: string): void;
  setTotal(total: number): void;
  stop(): void;
}

const QUIET: Progress = {
  start() {},
  update() {},
  increment() {},
  setTotal() {},
  stop() {},
};

export function createProgress(verb: string, opts: { enabled?: boolean; stream?: NodeJS.WriteStream } = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.enabled === false || !stream.isTTY) return QUIET;
  const bar = new SingleBar({
    format: `${verb} [{bar}] {value}/{total} {label}`,
    hideCursor: true,
    clearOnComplete: false,
    stream,
  });
  let started = false;
  return {
    start(total, label = "") {
      started = true;
      bar.start(total, 0, { label });
    },
    update(value, label) {
      if (started) bar.update(value, label === undefined ? {} : { label });
    },
    increment(by = 1, label) {
      if (started) bar.increment(by, label === undefined ? {} : { label });
    },
    setTotal(total) {
      if (started) bar.setTotal(total);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
