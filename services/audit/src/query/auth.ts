import { AuditQuery } from "@ariadne/contracts";
import { isEnvelopeError, MESSAGE_TYPES, type Verifier } from "@ariadne/envelope";
import type { TraceContext } from "@ariadne/runtime";
import { QueryError } from "../errors.ts";
import type { AuthedQuery } from "./context.ts";

export type QueryKind = NonNullable<AuditQuery["query"]>["$case"];

/** A request id is the caller's UUID or similar: an id, never text. */
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{7,63}$/;

/**
 * The requester's signed AuditQuery (exact Envelope bytes): the signature must verify against
 * the trust registry with a key whose role may sign queries (operator, officer), the signer
 * must be the requester the query names, and the query must be the endpoint's own.
 */
export function authenticate(data: Uint8Array, verifier: Verifier, kind: QueryKind, trace: TraceContext): AuthedQuery {
  let payload: Uint8Array;
  let party: string;
  try {
    ({ payload, party } = verifier.verify(data, { type: MESSAGE_TYPES.AuditQuery }));
  } catch (err) {
    const why = isEnvelopeError(err) ? err.code : "MALFORMED";
    throw new QueryError("UNAUTHENTICATED", `the request does not verify (${why})`, { cause: err });
  }
  let query: AuditQuery;
  try {
    query = AuditQuery.decode(payload);
  } catch (cause) {
    throw new QueryError("BAD_REQUEST", "the payload is not an AuditQuery", { cause });
  }
  if (query.requester !== party) throw new QueryError("FORBIDDEN", "signed by a party other than the requester");
  if (!REQUEST_ID.test(query.requestId)) throw new QueryError("BAD_REQUEST", "request_id is not an id");
  if (query.query?.$case !== kind) throw new QueryError("BAD_REQUEST", `not a ${kind} query`);
  return { query, requester: party, trace };
}
