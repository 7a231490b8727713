/** Where commands write: results to stdout, progress and notes to stderr (so --json stays clean). */
export interface Output {
  readonly json: boolean;
  result(value: unknown, text: () => string): void;
  note(text: string): void;
}

export function createOutput(
  json: boolean,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Output {
  return {
    json,
    result(value, text) {
      out.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
    },
    note(text) {
      err.write(`${text}\n`);
    },
  };
}

/** A fixed-width table for terminals. */
export function table(rows: readonly (readonly string[])[], header: readonly string[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  return all
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
