// Client for services emitting events (fail closed)
export { AuditClient, type AuditClientOptions, type Logged } from "./client/audit-client.ts";
export * from "./errors.ts";
// Audit events
export {
  alterationEvent,
  collectionEvent,
  combinationEvent,
  ERASURE_STREAM_KEYS,
  type ErasureScope,
  type ErasureStreamKey,
  erasureEvent,
} from "./events/alert-events.ts";
export { decodeAuditEvent, encodeAuditEvent } from "./events/codec.ts";
export { type ConsultedQuery, consultationEvent, renderQuery } from "./events/consultation.ts";
export type { AlertRef, EventContext, Justification, StatedPurposes } from "./events/context.ts";
export { deterministicEventId, EVENT_ID } from "./events/event-id.ts";
export {
  type DisclosureStep,
  deadLetterEvent,
  decisionEvent,
  disclosureEvent,
  evidenceEvent,
  type RecipientDecision,
  rejectionEvent,
} from "./events/flow-events.ts";
export { assertAuditEventSafe, CODE, RULE_ID } from "./events/guard.ts";
export { LIMITS } from "./events/limits.ts";
export { type Evidence, evidenceOf, type Stage, stageOf } from "./events/stages.ts";
export { isSafeCitation, isSafePhrase } from "./events/text-guard.ts";
export { CITATION_WORDS, PHRASE_WORDS } from "./events/vocabulary.ts";
// Export and offline verification
export type { ExportCrypto, VerifiedEvent, VerifyEventFn } from "./export/crypto.ts";
export {
  type CheckpointLine,
  type ConsistencyLine,
  type EndLine,
  type EntryLine,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type ExportLine,
  type ExportLineType,
  type HeaderLine,
  type ManifestLine,
  parseLine,
  renderLine,
} from "./export/format.ts";
export { LineSplitter, type RawLine } from "./export/lines.ts";
export type { ExportProblem, ExportProblemCode, ExportReport } from "./export/problems.ts";
export { ExportVerifier, verifyExport, verifyExportStream } from "./export/verifier.ts";
export { type ExportInput, exportPrologue, streamExport, writeExport } from "./export/writer.ts";
// Log entries and checkpoints
export { AuditLog } from "./log/audit-log.ts";
export {
  buildCheckpoint,
  type CheckpointInput,
  decodeCheckpoint,
  LOG_ID,
  type SignedCheckpoint,
  signCheckpoint,
} from "./log/checkpoint.ts";
export { buildLogEntry, decodeLeaf, type LeafRecord, type NewLogEntry } from "./log/entry.ts";
// Merkle tree and proofs (RFC 6962 / RFC 9162)
export { CompactRange, compactRangeLength } from "./merkle/compact-range.ts";
export { EMPTY_ROOT, HASH_SIZE, hashChildren, hashLeaf } from "./merkle/hash.ts";
export { MerkleTree } from "./merkle/tree.ts";
export { rootFromInclusionProof, verifyConsistency, verifyInclusion } from "./merkle/verify.ts";
export type { MerkleTreeView } from "./merkle/view.ts";
export { type AuditPayloadType, PAYLOAD_TYPES, type SignFn } from "./types.ts";
