import type { SignFn } from "@ariadne/audit";
import type { AuditQuery } from "@ariadne/contracts";
import type { Signer, Verifier } from "@ariadne/envelope";
import type { TraceContext } from "@ariadne/runtime";
import type { LogWriter } from "../append/writer.ts";
import type { Checkpointer } from "../checkpoint/checkpointer.ts";
import type { LogStream } from "../log/log-stream.ts";

export interface QueryLimits {
  /** Events per page when the query asks for none. */
  readonly defaultPage: number;
  /** Most events per page. */
  readonly maxPage: number;
  /** Largest reply (events, export chunk), below the NATS max_payload. */
  readonly maxReplyBytes: number;
  /** Most index entries an events query looks at per page before answering "more". */
  readonly scan: number;
}

/** What every query endpoint reads from: the log (through its writer), the stream and the keys. */
export interface QueryContext {
  readonly writer: LogWriter;
  readonly stream: LogStream;
  readonly checkpoints: Checkpointer;
  /** The audit service's own signer: consultation events, checkpoints and export manifests. */
  readonly signer: Signer;
  /** Over the trust registry: requests, earlier checkpoints; its registry vouches for export signers. */
  readonly verifier: Verifier;
  readonly logId: string;
  readonly limits: QueryLimits;
  readonly clock: () => Date;
}

/** A request that verified: the query, who asked (the signer) and the trace it belongs to. */
export interface AuthedQuery {
  readonly query: AuditQuery;
  readonly requester: string;
  readonly trace: TraceContext;
}

/** Signs as the audit service at a fixed instant (an export's manifest and checkpoint). */
export function signAt(signer: Signer, now: Date): SignFn {
  return (type, payload) => signer.sign(type, payload, { now });
}
