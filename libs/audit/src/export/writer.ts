import { Checkpoint, Envelope, ExportManifest, type SignerKey } from "@ariadne/contracts";
import { encodeBase64Url, equalBytes, sha256 } from "../bytes.ts";
import { AuditError } from "../errors.ts";
import { decodeLeaf } from "../log/entry.ts";
import type { MerkleTreeView } from "../merkle/view.ts";
import { PAYLOAD_TYPES, type SignFn } from "../types.ts";
import { EXPORT_FORMAT, EXPORT_VERSION, renderLine } from "./format.ts";

export interface ExportInput {
  /** The audit log's tree; it must hold at least `to` leaves. */
  readonly tree: MerkleTreeView;
  /** First entry index (inclusive). */
  readonly from: number;
  /** End of the range (exclusive): the size of `checkpoint`. */
  readonly to: number;
  /** Exact bytes of the audit service's signed checkpoint Envelope for tree size `to`. */
  readonly checkpoint: Uint8Array;
  /** Public keys of every party that signed an event in the range, from the trust registry. */
  readonly signerKeys: readonly SignerKey[];
  readonly exportedAt: Date;
  /** Signs the ExportManifest as the audit service. */
  readonly sign: SignFn;
  /** An earlier checkpoint (exact Envelope bytes, size <= to) to prove the range's log consistent with. */
  readonly earlierCheckpoint?: Uint8Array;
}

const newline = (text: string) => `${text}\n`;

function readCheckpoint(envelopeBytes: Uint8Array, what: string): Checkpoint {
  try {
    return Checkpoint.decode(Envelope.decode(envelopeBytes).payload);
  } catch (cause) {
    throw new AuditError("MALFORMED", `${what} is not a checkpoint envelope`, { cause });
  }
}

function mismatch(message: string): AuditError {
  return new AuditError("EXPORT_MISMATCH", message);
}

/**
 * The lines before the entries: header, checkpoint, signed manifest and the optional
 * consistency section. Checks that the checkpoints are the tree's, so an export never carries
 * a root its own entries cannot reach.
 */
export function exportPrologue(input: ExportInput): string[] {
  const { tree, from, to } = input;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || from > to || to > tree.size) {
    throw new AuditError("OUT_OF_RANGE", `range [${from}, ${to}) is not inside a tree of ${tree.size}`);
  }
  const checkpoint = readCheckpoint(input.checkpoint, "checkpoint");
  if (checkpoint.treeSize !== to) throw mismatch(`checkpoint size ${checkpoint.treeSize} is not the range end ${to}`);
  if (!equalBytes(checkpoint.rootHash, tree.root(to))) throw mismatch("checkpoint root is not the tree's root");

  const manifest = ExportManifest.create({
    logId: checkpoint.logId,
    fromIndex: from,
    toIndex: to,
    checkpointDigest: sha256(input.checkpoint),
    leftHashes: tree.compactRange(from),
    anchorLeafHash: from === 0 ? new Uint8Array(0) : tree.leafHash(from - 1),
    lastLeafHash: to === from ? new Uint8Array(0) : tree.leafHash(to - 1),
    signerKeys: [...input.signerKeys],
    exportedAt: input.exportedAt,
    earlierCheckpointDigest:
      input.earlierCheckpoint === undefined ? new Uint8Array(0) : sha256(input.earlierCheckpoint),
  });
  const signed = input.sign(PAYLOAD_TYPES.ExportManifest, ExportManifest.encode(manifest).finish());

  const lines = [
    renderLine({ type: "header", format: EXPORT_FORMAT, version: EXPORT_VERSION, logId: checkpoint.logId, from, to }),
    renderLine({ type: "checkpoint", envelope: encodeBase64Url(input.checkpoint) }),
    renderLine({ type: "manifest", envelope: encodeBase64Url(Envelope.encode(signed).finish()) }),
  ];
  if (input.earlierCheckpoint !== undefined) {
    const earlier = readCheckpoint(input.earlierCheckpoint, "earlier checkpoint");
    if (earlier.logId !== checkpoint.logId) throw mismatch("earlier checkpoint is of another log");
    if (earlier.treeSize > to) throw mismatch("earlier checkpoint is larger than the range end");
    if (!equalBytes(earlier.rootHash, tree.root(earlier.treeSize)))
      throw mismatch("earlier checkpoint root is not the tree's");
    const proof = tree.consistencyProof(earlier.treeSize, to).map(encodeBase64Url);
    lines.push(renderLine({ type: "consistency", checkpoint: encodeBase64Url(input.earlierCheckpoint), proof }));
  }
  return lines.map(newline);
}

/** Checks one stored leaf against the tree and renders its line. */
function entryLine(tree: MerkleTreeView, leaf: Uint8Array, index: number): string {
  const record = decodeLeaf(leaf);
  if (record.entry.index !== index) throw mismatch(`leaf ${record.entry.index} given where ${index} belongs`);
  if (!equalBytes(record.leafHash, tree.leafHash(index))) throw mismatch(`leaf ${index} is not the tree's leaf`);
  return newline(renderLine({ type: "entry", leaf: encodeBase64Url(leaf) }));
}

/**
 * The export as text lines (each ending in "\n"), streaming the leaves [from, to) in index order
 * — e.g. straight from the AUDIT stream — so an export of any size needs no more memory than a line.
 */
export async function* streamExport(
  input: ExportInput,
  leaves: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncGenerator<string> {
  yield* exportPrologue(input);
  let index = input.from;
  for await (const leaf of leaves) {
    if (index >= input.to) throw mismatch(`more leaves than the range [${input.from}, ${input.to})`);
    yield entryLine(input.tree, leaf, index);
    index += 1;
  }
  if (index !== input.to) throw mismatch(`leaves end at ${index}, the range at ${input.to}`);
  yield newline(renderLine({ type: "end", entries: input.to - input.from }));
}

/** The whole export in memory, for ranges that fit. */
export function writeExport(input: ExportInput, leaves: Iterable<Uint8Array>): Uint8Array {
  const lines = exportPrologue(input);
  let index = input.from;
  for (const leaf of leaves) {
    if (index >= input.to) throw mismatch(`more leaves than the range [${input.from}, ${input.to})`);
    lines.push(entryLine(input.tree, leaf, index));
    index += 1;
  }
  if (index !== input.to) throw mismatch(`leaves end at ${index}, the range at ${input.to}`);
  lines.push(newline(renderLine({ type: "end", entries: input.to - input.from })));
  return new Uint8Array(Buffer.from(lines.join(""), "utf8"));
}
