import { AuditEvent, type Checkpoint, type ExportManifest } from "@ariadne/contracts";
import { decodeBase64Url, decodeUtf8 } from "../bytes.ts";
import { decodeLeaf, type LeafRecord } from "../log/entry.ts";
import type { ExportCrypto, VerifyEventFn } from "./crypto.ts";
import { EntryTable } from "./entry-table.ts";
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportLine, type ExportLineType, parseLine } from "./format.ts";
import { LineSplitter, type RawLine } from "./lines.ts";
import type { ExportProblem, ExportProblemCode, ExportReport } from "./problems.ts";
import { checkRange } from "./range-checks.ts";
import {
  checkCheckpoint,
  checkConsistency,
  checkHeader,
  checkManifest,
  type ReadHeader,
  type VerifiedCheckpoint,
} from "./sections.ts";

/** Where each record type belongs: header, checkpoint, manifest, [consistency], entries..., end. */
const RANK: Readonly<Record<ExportLineType, number>> = {
  header: 0,
  checkpoint: 1,
  manifest: 2,
  consistency: 3,
  entry: 4,
  end: 5,
};
const MANDATORY: readonly ExportLineType[] = ["header", "checkpoint", "manifest"];

/**
 * Verifies an export line by line (so a file of any size streams through) and collects every
 * problem with its line and, for entries, its log index. Nothing stops at the first problem: a
 * court wants to know everything that is wrong, and where.
 */
export class ExportVerifier {
  private readonly problems: ExportProblem[] = [];
  private readonly singletons = new Map<ExportLineType, number>();
  private readonly reportedMissing = new Set<ExportLineType>();
  private phase = -1;
  private lastLine = 0;
  private header: ReadHeader | undefined;
  private checkpoint: (VerifiedCheckpoint & { readonly line: number }) | undefined;
  private manifest: ExportManifest | undefined;
  private earlier: Checkpoint | undefined;
  private verifyEvent: VerifyEventFn | undefined;
  private table: EntryTable | undefined;
  private entryLines = 0;
  private firstEntryLine: number | undefined;
  private maxIndex = -1;
  private end: { readonly entries: number; readonly line: number } | undefined;

  constructor(private readonly crypto: ExportCrypto) {}

  line(raw: RawLine): void {
    this.lastLine = raw.number;
    const report = (code: ExportProblemCode, message: string, index?: number) =>
      this.report(code, raw.number, message, index);
    if (!raw.terminated) report("TRUNCATED", "the file does not end with a newline");
    const text = decodeUtf8(raw.bytes);
    const parsed = text === undefined ? undefined : parseLine(text);
    if (parsed === undefined) {
      report("MALFORMED", "not a canonical export record");
      return;
    }
    if (this.end !== undefined) {
      report("MALFORMED", `${parsed.type} record after the end record`);
      return;
    }
    if (!this.place(parsed.type, raw.number)) return;
    this.dispatch(parsed, raw.number, report);
  }

  finish(): ExportReport {
    const after = this.lastLine + 1;
    for (const type of MANDATORY) {
      if (!this.singletons.has(type) && !this.reportedMissing.has(type)) {
        this.report("TRUNCATED", after, `no ${type} record`);
      }
    }
    const consistencyLine = this.singletons.get("consistency");
    if (
      this.manifest !== undefined &&
      this.manifest.earlierCheckpointDigest.length > 0 &&
      consistencyLine === undefined
    ) {
      this.report(
        "TRUNCATED",
        this.firstEntryLine ?? after,
        "the manifest names an earlier checkpoint: no consistency record",
      );
    }
    if (
      this.manifest !== undefined &&
      this.manifest.earlierCheckpointDigest.length === 0 &&
      consistencyLine !== undefined
    ) {
      this.report("INCONSISTENT", consistencyLine, "a consistency record the manifest does not name");
    }
    if (this.end === undefined) this.report("TRUNCATED", after, "no end record");
    else if (this.end.entries !== this.entryLines) {
      this.report(
        "INCONSISTENT",
        this.end.line,
        `end record counts ${this.end.entries} entries, the file has ${this.entryLines}`,
      );
    }
    if (this.table !== undefined) {
      checkRange(
        {
          table: this.table,
          maxIndex: this.maxIndex,
          endLine: this.end?.line ?? after,
          manifest: this.manifest,
          checkpoint: this.checkpoint,
        },
        (code, line, message, index) => this.report(code, line, message, index),
      );
    }
    const problems = [...this.problems].sort((a, b) => a.line - b.line);
    const range = this.manifest;
    return {
      ok: problems.length === 0,
      problems,
      entries: this.entryLines,
      ...(this.checkpoint === undefined ? {} : { checkpoint: this.checkpoint.value }),
      ...(this.earlier === undefined ? {} : { earlierCheckpoint: this.earlier }),
      ...(range === undefined ? {} : { logId: range.logId, from: range.fromIndex, to: range.toIndex }),
    };
  }

  private report(code: ExportProblemCode, line: number, message: string, index?: number): void {
    this.problems.push(index === undefined ? { code, line, message } : { code, line, index, message });
  }

  /** Checks the record is where its type belongs; reports duplicates, misplaced and skipped records. */
  private place(type: ExportLineType, line: number): boolean {
    const first = this.singletons.get(type);
    if (first !== undefined) {
      this.report("DUPLICATE", line, `a second ${type} record (the first is on line ${first})`);
      return false;
    }
    const rank = RANK[type];
    if (rank < this.phase) {
      this.report("MALFORMED", line, `${type} record out of place`);
      return false;
    }
    for (const missing of MANDATORY) {
      if (RANK[missing] < rank && !this.singletons.has(missing) && !this.reportedMissing.has(missing)) {
        this.reportedMissing.add(missing);
        this.report("MALFORMED", line, `no ${missing} record before this one`);
      }
    }
    if (type !== "entry") this.singletons.set(type, line);
    this.phase = rank;
    return true;
  }

  private dispatch(parsed: ExportLine, line: number, report: (code: ExportProblemCode, message: string) => void): void {
    switch (parsed.type) {
      case "header":
        if (checkHeader(parsed, EXPORT_FORMAT, EXPORT_VERSION, report)) this.header = { value: parsed, report };
        return;
      case "checkpoint": {
        const checkpoint = checkCheckpoint(parsed.envelope, this.header, this.crypto, report);
        if (checkpoint !== undefined) this.checkpoint = { ...checkpoint, line };
        return;
      }
      case "manifest":
        this.manifest = checkManifest(parsed.envelope, this.header, this.checkpoint, this.crypto, report);
        if (this.manifest !== undefined) this.trustSigners(this.manifest, report);
        return;
      case "consistency":
        this.earlier = checkConsistency(parsed, this.checkpoint, this.manifest, this.crypto, report);
        return;
      case "entry":
        this.entry(parsed.leaf, line);
        return;
      case "end":
        this.end = { entries: parsed.entries, line };
        return;
    }
  }

  private trustSigners(manifest: ExportManifest, report: (code: ExportProblemCode, message: string) => void): void {
    try {
      this.verifyEvent = this.crypto.eventVerifier(manifest.signerKeys);
    } catch {
      report("MALFORMED", "the manifest's signer keys are not usable keys");
    }
  }

  /** The range entries are placed in: the signed manifest's, else the header's (for positions only). */
  private entryTable(): EntryTable | undefined {
    if (this.table !== undefined) return this.table;
    const range =
      this.manifest !== undefined
        ? { from: this.manifest.fromIndex, to: this.manifest.toIndex }
        : this.header !== undefined && this.header.value.to - this.header.value.from <= 2 ** 27
          ? this.header.value
          : undefined;
    if (range !== undefined) this.table = new EntryTable(range.from, range.to);
    return this.table;
  }

  private entry(leafText: string, line: number): void {
    this.entryLines += 1;
    this.firstEntryLine ??= line;
    const leaf = decodeBase64Url(leafText);
    let record: LeafRecord;
    try {
      if (leaf === undefined) throw new Error("base64url");
      record = decodeLeaf(leaf);
    } catch {
      this.report("MALFORMED", line, "entry is not a LogEntry in strict base64url");
      return;
    }
    const index = record.entry.index;
    this.checkSignature(record, line);
    const table = this.entryTable();
    if (table === undefined) return;
    if (!table.contains(index)) {
      this.report("INDEX_OUT_OF_RANGE", line, `entry ${index} is outside [${table.from}, ${table.to})`, index);
      return;
    }
    const first = table.lineOf(index);
    if (first !== 0) {
      this.report("DUPLICATE", line, `entry ${index} again (first on line ${first})`, index);
      return;
    }
    if (index < this.maxIndex) {
      this.report("INDEX_OUT_OF_ORDER", line, `entry ${index} after entry ${this.maxIndex}`, index);
    } else {
      const expected = this.maxIndex === -1 ? table.from : this.maxIndex + 1;
      if (index > expected) {
        this.report("INDEX_GAP", line, `entries ${expected}..${index - 1} missing before this one`, index);
      }
    }
    table.add(index, line, record.leafHash, record.entry.previousLeafHash);
    this.maxIndex = Math.max(this.maxIndex, index);
  }

  private checkSignature(record: LeafRecord, line: number): void {
    const index = record.entry.index;
    if (this.verifyEvent === undefined) return; // no vouched keys: the manifest problem is reported
    let signer: string;
    let payload: Uint8Array;
    try {
      ({ signer, payload } = this.verifyEvent(record.entry.event));
    } catch {
      this.report("SIGNATURE_INVALID", line, `entry ${index}: the event's signature does not verify`, index);
      return;
    }
    let event: AuditEvent;
    try {
      event = AuditEvent.decode(payload);
    } catch {
      this.report("MALFORMED", line, `entry ${index}: the signed payload is not an AuditEvent`, index);
      return;
    }
    if (event.actor !== signer) {
      this.report("SIGNER_MISMATCH", line, `entry ${index}: signed by ${signer}, names ${event.actor} as actor`, index);
    }
  }
}

/** Verifies a whole export held in memory. */
export function verifyExport(bytes: Uint8Array, crypto: ExportCrypto): ExportReport {
  const verifier = new ExportVerifier(crypto);
  const splitter = new LineSplitter();
  for (const line of splitter.push(bytes)) verifier.line(line);
  const last = splitter.end();
  if (last !== undefined) verifier.line(last);
  return verifier.finish();
}

/** Verifies an export as it streams in (e.g. a file read in chunks). */
export async function verifyExportStream(
  chunks: AsyncIterable<Uint8Array>,
  crypto: ExportCrypto,
): Promise<ExportReport> {
  const verifier = new ExportVerifier(crypto);
  const splitter = new LineSplitter();
  for await (const chunk of chunks) for (const line of splitter.push(chunk)) verifier.line(line);
  const last = splitter.end();
  if (last !== undefined) verifier.line(last);
  return verifier.finish();
}
