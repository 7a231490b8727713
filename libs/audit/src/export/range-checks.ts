import type { ExportManifest } from "@ariadne/contracts";
import { equalBytes } from "../bytes.ts";
import { CompactRange } from "../merkle/compact-range.ts";
import type { EntryTable } from "./entry-table.ts";
import type { ExportProblemCode } from "./problems.ts";
import type { VerifiedCheckpoint } from "./sections.ts";

export interface RangeState {
  readonly table: EntryTable;
  /** Highest entry index read. */
  readonly maxIndex: number;
  /** Where a missing tail is reported: the end record's line, or just past the last line. */
  readonly endLine: number;
  readonly manifest: ExportManifest | undefined;
  readonly checkpoint: (VerifiedCheckpoint & { readonly line: number }) | undefined;
}

type Report = (code: ExportProblemCode, line: number, message: string, index?: number) => void;

/**
 * The checks that need every entry read: a missing tail, each entry's link to the one before it
 * (in index order, whatever order the file had), the last entry against the signed last leaf hash,
 * and the root recomputed from the signed left hashes and the entries.
 */
export function checkRange(state: RangeState, report: Report): void {
  const { table, manifest, checkpoint } = state;
  if (state.maxIndex < table.to - 1) {
    const from = Math.max(state.maxIndex + 1, table.from);
    report("TRUNCATED", state.endLine, `entries ${from}..${table.to - 1} missing at the end of the range`);
  }
  // Entry 0 has no link; the first entry of a later range links to the signed anchor.
  for (let i = Math.max(table.from, 1); i < table.to; i++) {
    const line = table.lineOf(i);
    if (line === 0) continue;
    const previousLine = i === table.from ? 0 : table.lineOf(i - 1);
    const expected =
      i === table.from ? manifest?.anchorLeafHash : previousLine !== 0 ? table.leafHash(i - 1) : undefined;
    if (expected !== undefined && !equalBytes(table.previousLeafHash(i), expected)) {
      const what = i === table.from ? "the signed anchor" : `entry ${i - 1} (line ${previousLine})`;
      report("CHAIN_BROKEN", line, `entry ${i}: previous leaf hash is not that of ${what}`, i);
    }
  }
  if (manifest === undefined) return;
  const last = table.to - 1;
  if (table.to > table.from && table.lineOf(last) !== 0 && !equalBytes(table.leafHash(last), manifest.lastLeafHash)) {
    report("CHAIN_BROKEN", table.lineOf(last), `entry ${last} is not the last entry the audit service signed`, last);
  }
  if (checkpoint !== undefined && table.complete) {
    const range = new CompactRange(table.from, manifest.leftHashes);
    for (let i = table.from; i < table.to; i++) range.append(table.leafHash(i));
    if (!equalBytes(range.root(), checkpoint.value.rootHash)) {
      report("ROOT_MISMATCH", checkpoint.line, "the entries do not recompute the checkpoint's root");
    }
  }
}
