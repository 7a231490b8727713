import { readFileSync } from "node:fs";

/** CPU time (user + system, microseconds) and peak RSS (bytes) of a process, from /proc. */
export interface ProcSample {
  readonly cpuMicros: number;
  readonly peakRssBytes: number;
}

const TICK_MICROS = 1_000_000 / 100; // USER_HZ is 100 on Linux

export function sampleProc(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return { cpuMicros: (utime + stime) * TICK_MICROS, peakRssBytes: Number(hwm ?? 0) * 1024 };
}

/** Percentile (nearest rank) of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}
