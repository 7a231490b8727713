/** Line-level editing of an export file, for tests. */
export function linesOf(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes).toString("utf8");
  return text.endsWith("\n") ? text.slice(0, -1).split("\n") : text.split("\n");
}

export function joinLines(lines: readonly string[]): Uint8Array {
  return Uint8Array.from(Buffer.from(`${lines.join("\n")}\n`, "utf8"));
}

/** 1-based line number of the first entry record. */
export function firstEntryLine(lines: readonly string[]): number {
  return lines.findIndex((l) => l.startsWith('{"type":"entry"')) + 1;
}
