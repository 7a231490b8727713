// @ariadne/audit-service: the audit log's writer, checkpoints and query API; docs/operations-audit.md.
export { APPEND_QUEUE, type AppendHandler, startAppendHandler } from "./append/handler.ts";
export { leafMsgId } from "./append/msg-id.ts";
export { type VerifiedRequest, verifyAppendRequest } from "./append/verify.ts";
export {
  type AppendOutcome,
  type AppendResult,
  LogWriter,
  type VerifiedEvent,
  type WriterOptions,
} from "./append/writer.ts";
export { Checkpointer, type PublishedCheckpoint } from "./checkpoint/checkpointer.ts";
export type { LoggedAuditEvent, SignedCheckpointView } from "./client/decode.ts";
export { AuditQueryError, type AuditQueryErrorCode } from "./client/errors.ts";
export {
  type AuditQueryClient,
  type AuditQueryClientOptions,
  type ConsistencyProof,
  createAuditQueryClient,
  type EventsFilter,
  type EventsPage,
  type ExportRange,
  type InclusionProof,
  type PageRequest,
  type QueryJustification,
} from "./client/query-client.ts";
export { AuditEnv, auditOptionsOf } from "./config.ts";
export {
  APPEND_REFUSAL_CODES,
  type AppendRefusalCode,
  AUDIT_SERVICE_ERROR_CODES,
  AuditServiceError,
  type AuditServiceErrorCode,
  QUERY_ERROR_STATUS,
  QueryError,
  type QueryErrorCode,
} from "./errors.ts";
export { type EventFilter, EventIndex, type EventMeta, type Page } from "./log/event-index.ts";
export { LogState } from "./log/log-state.ts";
export { LogStream } from "./log/log-stream.ts";
export { type AuditMetrics, auditMetrics } from "./metrics.ts";
export { type AuditServiceOptions, DEFAULT_AUDIT_OPTIONS } from "./options.ts";
export { QUERY_ENDPOINTS, QUERY_SERVICE_NAME, type QueryEndpoint } from "./query/service.ts";
export { type AuditService, type AuditServiceDeps, createAuditService } from "./service.ts";
