/**
 * The export file: UTF-8 text, one JSON object per line, each line ending in "\n" (see
 * docs/audit-log.md). A line must be exactly the canonical spelling of its content — keys in the
 * fixed order below, no spaces, strict unpadded base64url — so a changed byte can never leave a
 * line meaning the same thing, and a damaged line leaves the others readable.
 */
export const EXPORT_FORMAT = "ariadne.audit-export";
export const EXPORT_VERSION = 1;

export interface HeaderLine {
  readonly type: "header";
  readonly format: string;
  readonly version: number;
  readonly logId: string;
  readonly from: number;
  readonly to: number;
}
/** The signed checkpoint (tree head) of size `to`: base64url of its exact Envelope bytes. */
export interface CheckpointLine {
  readonly type: "checkpoint";
  readonly envelope: string;
}
/** The signed ExportManifest: base64url of its exact Envelope bytes. */
export interface ManifestLine {
  readonly type: "manifest";
  readonly envelope: string;
}
/** Optional: an earlier signed checkpoint and the consistency proof from it to `to`. */
export interface ConsistencyLine {
  readonly type: "consistency";
  readonly checkpoint: string;
  readonly proof: readonly string[];
}
/** One log entry: base64url of the exact LogEntry bytes (the Merkle leaf). */
export interface EntryLine {
  readonly type: "entry";
  readonly leaf: string;
}
export interface EndLine {
  readonly type: "end";
  readonly entries: number;
}

export type ExportLine = HeaderLine | CheckpointLine | ManifestLine | ConsistencyLine | EntryLine | EndLine;
export type ExportLineType = ExportLine["type"];

type FieldKind = "string" | "count" | "strings";

/** Key order and kinds per line type: the canonical spelling. */
const SHAPES: Readonly<Record<ExportLineType, readonly (readonly [string, FieldKind])[]>> = {
  header: [
    ["type", "string"],
    ["format", "string"],
    ["version", "count"],
    ["logId", "string"],
    ["from", "count"],
    ["to", "count"],
  ],
  checkpoint: [
    ["type", "string"],
    ["envelope", "string"],
  ],
  manifest: [
    ["type", "string"],
    ["envelope", "string"],
  ],
  consistency: [
    ["type", "string"],
    ["checkpoint", "string"],
    ["proof", "strings"],
  ],
  entry: [
    ["type", "string"],
    ["leaf", "string"],
  ],
  end: [
    ["type", "string"],
    ["entries", "count"],
  ],
};

/** The line's canonical text, without the newline. */
export function renderLine(line: ExportLine): string {
  const record = line as unknown as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(SHAPES[line.type].map(([key]) => [key, record[key]])));
}

function fits(value: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case "string":
      return typeof value === "string";
    case "count":
      return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
    case "strings":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
  }
}

/** Parses one line's text; `undefined` unless it is exactly the canonical spelling of a known line. */
export function parseLine(text: string): ExportLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const type = record["type"];
  if (typeof type !== "string" || !Object.hasOwn(SHAPES, type)) return undefined;
  const shape = SHAPES[type as ExportLineType];
  const keys = Object.keys(record);
  if (keys.length !== shape.length || shape.some(([key, kind], i) => keys[i] !== key || !fits(record[key], kind))) {
    return undefined;
  }
  const line = record as unknown as ExportLine;
  return renderLine(line) === text ? line : undefined;
}
