import { PARTY_ID } from "@ariadne/bus";
import { AuditAction, type AuditEvent, isAlertId, Purpose, type RoutingDecision } from "@ariadne/contracts";
import { AuditError } from "../errors.ts";
import { EVENT_ID } from "./event-id.ts";
import { LIMITS } from "./limits.ts";
import { isSafeCitation, isSafePhrase } from "./text-guard.ts";

/**
 * Rule ids name mandate rules: a token with a separator or digit, e.g. "europol.thb.suspects", or
 * as libs/policy writes them, "<recipient>#<section>" ("frontex#persons.DATA_SUBJECT_CATEGORY_VICTIM").
 */
export const RULE_ID = /^(?=.*[._:/#\-\d])[A-Za-z0-9][A-Za-z0-9._:/#-]{0,95}$/;
/** Stable codes, e.g. SIGNATURE_INVALID, CRIME_AREA_OUT_OF_MANDATE. */
export const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;
const TRACE_ID = /^[0-9a-f]{32}$/;

function risk(field: string, why: string): never {
  throw new AuditError("PERSONAL_DATA_RISK", `${field}: ${why}`);
}

function invalid(field: string, why: string): never {
  throw new AuditError("INVALID_EVENT", `${field}: ${why}`);
}

function party(field: string, value: string, required: boolean): void {
  if (value === "") {
    if (required) invalid(field, "required");
    return;
  }
  if (!PARTY_ID.test(value)) risk(field, "not a party id");
}

function digest(field: string, value: Uint8Array): void {
  if (value.length !== 0 && value.length !== 32) invalid(field, "not a SHA-256 digest");
}

function list<T>(field: string, values: readonly T[], check: (v: T, f: string) => void): void {
  if (values.length > LIMITS.listItems) invalid(field, `more than ${LIMITS.listItems} items`);
  values.forEach((v, i) => {
    check(v, `${field}[${i}]`);
  });
}

function ruleId(value: string, field: string): void {
  if (!RULE_ID.test(value)) risk(field, "not a rule id");
}

function code(field: string, value: string): void {
  if (value !== "" && !CODE.test(value)) risk(field, "not a stable code");
}

function citation(field: string, value: string, max: number): void {
  if (!isSafeCitation(value, max)) risk(field, "text outside the legal and procedural vocabulary");
}

function decision(d: RoutingDecision, field: string): void {
  party(`${field}.recipient`, d.recipient, true);
  list(`${field}.ruleIds`, d.ruleIds, ruleId);
  code(`${field}.reasonCode`, d.reasonCode);
  if (d.reasonCode === "") invalid(`${field}.reasonCode`, "required");
  citation(`${field}.reason`, d.reason, LIMITS.reason);
  citation(`${field}.legalBasis`, d.legalBasis, LIMITS.legalBasis);
  citation(`${field}.handlingNotice`, d.handlingNotice, LIMITS.handlingNotice);
}

/**
 * Refuses an audit event that could carry personal data: every string must be an id, a code,
 * a digest, or text from the closed vocabularies (see vocabulary.ts). PERSONAL_DATA_RISK for
 * text that could be personal, INVALID_EVENT for what is structurally wrong. Every builder ends
 * here; the audit service runs it again on what it receives.
 */
export function assertAuditEventSafe(event: AuditEvent): void {
  if (!EVENT_ID.test(event.eventId)) invalid("eventId", "not a deterministic event id");
  if (event.action === AuditAction.AUDIT_ACTION_UNSPECIFIED || event.action === AuditAction.UNRECOGNIZED) {
    invalid("action", "unspecified");
  }
  party("actor", event.actor, true);
  party("officer", event.officer, false);
  if (event.occurredAt === undefined || Number.isNaN(event.occurredAt.getTime())) invalid("occurredAt", "required");
  if (event.alertId !== "" && !isAlertId(event.alertId)) risk("alertId", "not an alert id");
  party("originator", event.originator, false);
  digest("manifestDigest", event.manifestDigest);
  digest("copyDigest", event.copyDigest);
  list("purposes", event.purposes, (p, f) => {
    if (p === Purpose.PURPOSE_UNSPECIFIED || p === Purpose.UNRECOGNIZED) invalid(f, "unspecified purpose");
  });
  citation("legalBasis", event.legalBasis, LIMITS.legalBasis);
  list("ruleIds", event.ruleIds, ruleId);
  list("recipients", event.recipients, (r, f) => party(f, r, true));
  list("decisions", event.decisions, decision);
  if (event.policyVersion !== "" && !HEX_SHA256.test(event.policyVersion)) risk("policyVersion", "not a SHA-256 (hex)");
  code("code", event.code);
  if (!isSafePhrase(event.detail, LIMITS.detail)) risk("detail", "text outside the audit vocabulary");
  list("linkedAlertIds", event.linkedAlertIds, (id, f) => {
    if (!isAlertId(id)) risk(f, "not an alert id");
  });
  if (event.traceId !== "" && !TRACE_ID.test(event.traceId)) risk("traceId", "not a W3C trace id");
  if (event.artefact.length > LIMITS.artefactBytes) invalid("artefact", `larger than ${LIMITS.artefactBytes} bytes`);
  if (!isSafePhrase(event.query, LIMITS.query)) risk("query", "text outside the audit vocabulary");
}
