import { type Checkpoint, Envelope, ExportManifest } from "@ariadne/contracts";
import { decodeBase64Url, equalBytes, sha256 } from "../bytes.ts";
import { decodeCheckpoint } from "../log/checkpoint.ts";
import { compactRangeLength } from "../merkle/compact-range.ts";
import { HASH_SIZE } from "../merkle/hash.ts";
import { verifyConsistency } from "../merkle/verify.ts";
import { type AuditPayloadType, PAYLOAD_TYPES } from "../types.ts";
import type { ExportCrypto } from "./crypto.ts";
import type { ConsistencyLine, HeaderLine } from "./format.ts";
import type { ExportProblemCode } from "./problems.ts";

/** Reports a problem found on the line being checked. */
export type Report = (code: ExportProblemCode, message: string) => void;

/** The largest range a verifier allocates for: 2^27 entries (about 9 GiB of table), far above any export. */
const MAX_RANGE = 2 ** 27;

export interface VerifiedCheckpoint {
  readonly value: Checkpoint;
  readonly bytes: Uint8Array;
}

/**
 * Verifies an Envelope the audit service signed and returns its payload, or undefined after
 * reporting. The container must be in canonical form too: a changed byte outside the payload and
 * signature would otherwise go unnoticed.
 */
function auditSigned(
  text: string,
  type: AuditPayloadType,
  crypto: ExportCrypto,
  report: Report,
): { bytes: Uint8Array; payload: Uint8Array } | undefined {
  const bytes = decodeBase64Url(text);
  if (bytes === undefined) return void report("MALFORMED", `${type} envelope is not strict base64url`);
  let payload: Uint8Array;
  try {
    payload = crypto.verifyAuditEnvelope(bytes, type);
  } catch {
    return void report("SIGNATURE_INVALID", `${type} is not signed by the audit service's key`);
  }
  let canonical = false;
  try {
    canonical = equalBytes(Envelope.encode(Envelope.decode(bytes)).finish(), bytes);
  } catch {
    canonical = false;
  }
  if (!canonical) return void report("MALFORMED", `${type} envelope has bytes beyond its payload and signature`);
  return { bytes, payload };
}

export function checkHeader(header: HeaderLine, format: string, version: number, report: Report): boolean {
  if (header.format !== format || header.version !== version) {
    report("MALFORMED", `not an ${format} version ${version} file`);
    return false;
  }
  if (header.from > header.to) {
    report("MALFORMED", "header range ends before it starts");
    return false;
  }
  return true;
}

/** The header as read, and how to report a disagreement with it on its own line. */
export interface ReadHeader {
  readonly value: HeaderLine;
  readonly report: Report;
}

export function checkCheckpoint(
  text: string,
  header: ReadHeader | undefined,
  crypto: ExportCrypto,
  report: Report,
): VerifiedCheckpoint | undefined {
  const signed = auditSigned(text, PAYLOAD_TYPES.Checkpoint, crypto, report);
  if (signed === undefined) return undefined;
  let value: Checkpoint;
  try {
    value = decodeCheckpoint(signed.payload);
  } catch {
    return void report("MALFORMED", "checkpoint payload is not a checkpoint");
  }
  if (header !== undefined && (header.value.logId !== value.logId || header.value.to !== value.treeSize)) {
    header.report("INCONSISTENT", "header log id or range end differs from the signed checkpoint");
  }
  return { value, bytes: signed.bytes };
}

function manifestShapeProblem(m: ExportManifest): string | undefined {
  const counts = [m.fromIndex, m.toIndex];
  if (counts.some((n) => !Number.isSafeInteger(n) || n < 0) || m.fromIndex > m.toIndex) return "range is invalid";
  if (m.toIndex - m.fromIndex > MAX_RANGE) return "range is larger than any export this verifier reads";
  if (m.leftHashes.length !== compactRangeLength(m.fromIndex)) return "left hashes do not cover [0, from)";
  if (m.leftHashes.some((h) => h.length !== HASH_SIZE)) return "a left hash is not 32 bytes";
  if (m.anchorLeafHash.length !== (m.fromIndex === 0 ? 0 : HASH_SIZE)) return "anchor leaf hash has the wrong size";
  if (m.lastLeafHash.length !== (m.toIndex === m.fromIndex ? 0 : HASH_SIZE)) return "last leaf hash has the wrong size";
  if (m.earlierCheckpointDigest.length !== 0 && m.earlierCheckpointDigest.length !== HASH_SIZE) {
    return "earlier checkpoint digest has the wrong size";
  }
  return undefined;
}

export function checkManifest(
  text: string,
  header: ReadHeader | undefined,
  checkpoint: VerifiedCheckpoint | undefined,
  crypto: ExportCrypto,
  report: Report,
): ExportManifest | undefined {
  const signed = auditSigned(text, PAYLOAD_TYPES.ExportManifest, crypto, report);
  if (signed === undefined) return undefined;
  let manifest: ExportManifest;
  try {
    manifest = ExportManifest.decode(signed.payload);
  } catch {
    return void report("MALFORMED", "manifest payload is not an ExportManifest");
  }
  const shape = manifestShapeProblem(manifest);
  if (shape !== undefined) return void report("MALFORMED", `manifest: ${shape}`);
  if (checkpoint !== undefined) {
    const cp = checkpoint.value;
    if (manifest.logId !== cp.logId || manifest.toIndex !== cp.treeSize) {
      report("INCONSISTENT", "manifest log id or range end differs from the checkpoint");
    }
    if (!equalBytes(manifest.checkpointDigest, sha256(checkpoint.bytes))) {
      report("INCONSISTENT", "manifest was made for another checkpoint");
    }
  }
  const h = header?.value;
  if (h !== undefined && (h.logId !== manifest.logId || h.from !== manifest.fromIndex || h.to !== manifest.toIndex)) {
    header?.report("INCONSISTENT", "header log id or range differs from the signed manifest");
  }
  return manifest;
}

export function checkConsistency(
  line: ConsistencyLine,
  checkpoint: VerifiedCheckpoint | undefined,
  manifest: ExportManifest | undefined,
  crypto: ExportCrypto,
  report: Report,
): Checkpoint | undefined {
  const signed = auditSigned(line.checkpoint, PAYLOAD_TYPES.Checkpoint, crypto, report);
  if (signed === undefined) return undefined;
  const named = manifest?.earlierCheckpointDigest;
  if (named !== undefined && named.length > 0 && !equalBytes(named, sha256(signed.bytes))) {
    report("INCONSISTENT", "the manifest names no such earlier checkpoint");
  }
  let earlier: Checkpoint;
  try {
    earlier = decodeCheckpoint(signed.payload);
  } catch {
    return void report("MALFORMED", "earlier checkpoint payload is not a checkpoint");
  }
  const proof: Uint8Array[] = [];
  for (const text of line.proof) {
    const hash = decodeBase64Url(text);
    if (hash === undefined || hash.length !== HASH_SIZE)
      return void report("MALFORMED", "a proof hash is not 32 bytes");
    proof.push(hash);
  }
  if (checkpoint === undefined) return undefined;
  const current = checkpoint.value;
  if (earlier.logId !== current.logId) return void report("INCONSISTENT", "earlier checkpoint is of another log");
  try {
    verifyConsistency(earlier.treeSize, current.treeSize, earlier.rootHash, current.rootHash, proof);
  } catch {
    return void report(
      "INCONSISTENT",
      `the log at size ${current.treeSize} is not an extension of the earlier checkpoint of size ${earlier.treeSize}`,
    );
  }
  return earlier;
}
