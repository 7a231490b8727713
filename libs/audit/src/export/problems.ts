import type { Checkpoint } from "@ariadne/contracts";

/** Stable codes of what an export verification can find. */
export type ExportProblemCode =
  /** A line that is not the canonical spelling of a known record, bytes that do not decode, a record out of place. */
  | "MALFORMED"
  /** The file ends early: no final newline, no end record, or entries missing at the end of the range. */
  | "TRUNCATED"
  /** An event, checkpoint or manifest whose signature does not verify (or whose key is not vouched for). */
  | "SIGNATURE_INVALID"
  /** An event signed by a party other than the actor it names. */
  | "SIGNER_MISMATCH"
  /** An entry whose previous_leaf_hash is not the leaf hash of the entry before it (or of the signed anchor/last hash). */
  | "CHAIN_BROKEN"
  /** Entries missing before this one. */
  | "INDEX_GAP"
  /** An entry whose index is lower than one already seen. */
  | "INDEX_OUT_OF_ORDER"
  /** An entry whose index is outside the exported range. */
  | "INDEX_OUT_OF_RANGE"
  /** A record that occurs twice. */
  | "DUPLICATE"
  /** The entries and the signed left hashes do not recompute the checkpoint's root. */
  | "ROOT_MISMATCH"
  /** Records that disagree: manifest vs checkpoint or header, counts, an earlier checkpoint not consistent. */
  | "INCONSISTENT";

export interface ExportProblem {
  readonly code: ExportProblemCode;
  /** 1-based line of the file where the problem shows (for a missing line: where it should be). */
  readonly line: number;
  /** The log index of the entry concerned, when there is one. */
  readonly index?: number;
  /** Non-personal explanation. */
  readonly message: string;
}

export interface ExportReport {
  /** True only when no problem at all was found. */
  readonly ok: boolean;
  readonly problems: readonly ExportProblem[];
  /** Entry lines read. */
  readonly entries: number;
  /** The verified checkpoint the export is anchored to. */
  readonly checkpoint?: Checkpoint;
  /** The verified earlier checkpoint it was proven consistent with. */
  readonly earlierCheckpoint?: Checkpoint;
  readonly logId?: string;
  readonly from?: number;
  readonly to?: number;
}
