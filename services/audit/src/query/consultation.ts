import { AuditError, type ConsultedQuery, consultationEvent, encodeAuditEvent } from "@ariadne/audit";
import { encodeEnvelope, MESSAGE_TYPES } from "@ariadne/envelope";
import { AuditServiceError, QueryError } from "../errors.ts";
import type { AuthedQuery, QueryContext } from "./context.ts";

/**
 * Logs the read as a CONSULTATION event, signed by the audit service, before anything is
 * answered (LED Art. 25: who, when, why, what): if the log does not store it, the query fails
 * with AUDIT_UNAVAILABLE and nothing is disclosed. The event id derives from the requester and
 * the request id, so a request used twice finds its consultation already logged: REPLAY.
 * Returns the consultation's index.
 */
export async function logConsultation(
  ctx: QueryContext,
  q: AuthedQuery,
  consulted: ConsultedQuery,
  alertIds: readonly string[] = [],
): Promise<number> {
  let event: ReturnType<typeof consultationEvent>;
  try {
    event = consultationEvent(
      { actor: ctx.signer.party, occurredAt: ctx.clock(), traceId: q.trace.traceId },
      {
        officer: q.requester,
        requestId: q.query.requestId,
        query: consulted,
        why: { purposes: q.query.purposes, legalBasis: q.query.legalBasis, ruleIds: [] },
        resultAlertIds: alertIds,
      },
    );
  } catch (err) {
    const code = err instanceof AuditError ? err.code : "INVALID_EVENT";
    throw new QueryError("BAD_REQUEST", `the consultation cannot be recorded as asked (${code})`, { cause: err });
  }
  const bytes = encodeEnvelope(ctx.signer.sign(MESSAGE_TYPES.AuditEvent, encodeAuditEvent(event)));
  let logged: Awaited<ReturnType<QueryContext["writer"]["append"]>>;
  try {
    logged = await ctx.writer.append([{ bytes, event }]);
  } catch (err) {
    const code = err instanceof AuditServiceError ? err.code : "LOG_UNAVAILABLE";
    throw new QueryError("AUDIT_UNAVAILABLE", `the consultation was not logged (${code})`, { cause: err });
  }
  const [result] = logged.results;
  if (result === undefined || result.duplicate) throw new QueryError("REPLAY", "this request id was used before");
  return result.index;
}
