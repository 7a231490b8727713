// @ariadne/router: verify, validate, decide, audit, minimise + attest, publish; docs/router.md.
export { type AppendOutcome, appendUntilLogged, type HoldOptions } from "./audit-hold.ts";
export { auditTimeoutOf, RouterEnv, routerOptionsOf } from "./config.ts";
export { buildCopies, type RoutedCopy } from "./copies.ts";
export { ROUTER_ERROR_CODES, RouterError, type RouterErrorCode } from "./errors.ts";
export {
  alertRefOf,
  clip,
  deadLetterAuditEvent,
  linkedAlertIds,
  type RoutingHistory,
  rejectionAuditEvent,
  routingEvents,
} from "./events.ts";
export { type AuditAppender, createHandler, type HandlerDeps, safeCode } from "./handler.ts";
export { acceptanceIds, deterministicUuid, ID_LIKE, rejectionIds } from "./ids.ts";
export { checkAlert, type IntakeMessage, openIntake, type Refusal, type RejectionCode, refusalOf } from "./intake.ts";
export { type AlertOutcome, type RouterMetrics, routerMetrics } from "./metrics.ts";
export { DEFAULT_ROUTER_OPTIONS, type RouterOptions } from "./options.ts";
export { type OutputMeta, publishCopy, publishReturn } from "./outputs.ts";
export { choosePolicy, type PolicyChoice, type PolicySource } from "./policy-pin.ts";
export { buildAcceptanceReceipt, signReceipt } from "./receipt.ts";
export {
  buildRejectionNotice,
  type ClaimedIds,
  claimedIds,
  MAX_FIELD_ERRORS,
  REJECTION_DETAILS,
  type RejectionInput,
  sealRejection,
  signRejectionNotice,
} from "./rejection.ts";
export { createRouter, ROUTER_STAGE, type Router, type RouterDeps } from "./router.ts";
