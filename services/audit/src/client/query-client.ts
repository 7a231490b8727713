import { H, subjects } from "@ariadne/bus";
import {
  type AuditAction,
  AuditQuery,
  CheckpointReply,
  ConsistencyProofReply,
  EventsReply,
  ExportChunk,
  InclusionProofReply,
  newId,
  type Purpose,
  TrailReply,
} from "@ariadne/contracts";
import { encodeEnvelope, MESSAGE_TYPES, type Signer, type Verifier } from "@ariadne/envelope";
import { ServiceError, ServiceErrorHeader } from "@nats-io/services";
import { type NatsConnection, headers as newHeaders } from "@nats-io/transport-node";
import type { QueryEndpoint } from "../query/service.ts";
import { type LoggedAuditEvent, loggedEvent, type SignedCheckpointView, signedCheckpoint } from "./decode.ts";
import { AuditQueryError, isServiceCode } from "./errors.ts";

/** Why the requester consults (LED Art. 25(2)); logged with every read. */
export interface QueryJustification {
  readonly purposes: readonly Purpose[];
  /** In the legal and procedural vocabulary of audit events (docs/audit-log.md §1). */
  readonly legalBasis: string;
}

export interface AuditQueryClientOptions {
  readonly why: QueryJustification;
  /** Per request (default 10 s). */
  readonly timeoutMs?: number;
  /** Checks every returned event's and checkpoint's signature against the trust registry. */
  readonly verifier?: Verifier;
  /** Sent as the request's traceparent. */
  readonly traceparent?: string;
}

export interface PageRequest {
  /** The previous page's nextCursor (0: from the start). */
  readonly cursor?: number;
  readonly limit?: number;
}

export interface EventsFilter {
  readonly actor?: string;
  readonly officer?: string;
  readonly action?: AuditAction;
  readonly since?: Date;
  readonly until?: Date;
}

export interface EventsPage {
  readonly events: LoggedAuditEvent[];
  readonly nextCursor: number;
  readonly hasMore: boolean;
  readonly treeSize: number;
  /** Where this read was logged (a CONSULTATION event). */
  readonly consultationIndex: number;
}

export interface InclusionProof {
  readonly index: number;
  readonly treeSize: number;
  readonly leafHash: Uint8Array;
  readonly proof: Uint8Array[];
  readonly checkpoint: SignedCheckpointView;
}

export interface ConsistencyProof {
  readonly first: number;
  readonly second: number;
  readonly proof: Uint8Array[];
  readonly firstCheckpoint: SignedCheckpointView;
  readonly secondCheckpoint: SignedCheckpointView;
}

export interface ExportRange {
  readonly from: number;
  /** Exclusive end (default: the log's size when the export starts). */
  readonly to?: number;
  /** An earlier checkpoint (exact Envelope bytes) the export proves consistency with. */
  readonly earlierCheckpoint?: Uint8Array;
  readonly maxChunkBytes?: number;
}

export interface AuditQueryClient {
  /** One page of the alert's trail, in log order. */
  trail(alertId: string, page?: PageRequest): Promise<EventsPage>;
  /** The whole trail, page after page (each page is a logged consultation). */
  fullTrail(alertId: string): Promise<LoggedAuditEvent[]>;
  events(filter: EventsFilter, page?: PageRequest): Promise<EventsPage>;
  inclusionProof(index: number, treeSize?: number): Promise<InclusionProof>;
  consistencyProof(first: number, second?: number): Promise<ConsistencyProof>;
  latestCheckpoint(): Promise<SignedCheckpointView>;
  /** The export file in chunks of whole lines, as they arrive. */
  exportChunks(range: ExportRange): AsyncGenerator<Uint8Array>;
  /** The whole export file. */
  exportFile(range: ExportRange): Promise<Uint8Array>;
}

type QueryBody = NonNullable<AuditQuery["query"]>;

/**
 * A typed client of the audit query API (for `ariadne trail`, `ariadne audit export|verify`
 * and the operator console): signs each request as `signer` (an operator or officer of the
 * trust registry) with a fresh request id, and throws AuditQueryError with the service's code.
 */
export function createAuditQueryClient(
  nc: NatsConnection,
  signer: Signer,
  options: AuditQueryClientOptions,
): AuditQueryClient {
  const timeout = options.timeoutMs ?? 10_000;
  const verifier = options.verifier;

  async function ask(endpoint: QueryEndpoint, query: QueryBody): Promise<Uint8Array> {
    const body = AuditQuery.encode({
      requestId: newId(),
      requester: signer.party,
      purposes: [...options.why.purposes],
      legalBasis: options.why.legalBasis,
      query,
    }).finish();
    const request = encodeEnvelope(signer.sign(MESSAGE_TYPES.AuditQuery, body));
    const h = newHeaders();
    if (options.traceparent !== undefined) h.set(H.traceparent, options.traceparent);
    let reply: Awaited<ReturnType<NatsConnection["request"]>>;
    try {
      reply = await nc.request(`${subjects.auditQuery}.${endpoint}`, request, { timeout, headers: h });
    } catch (cause) {
      throw new AuditQueryError("UNAVAILABLE", `no answer from the audit service (${endpoint})`, { cause });
    }
    if (ServiceError.isServiceError(reply)) {
      const code = reply.headers?.get(H.errorCode) || reply.headers?.get(ServiceErrorHeader) || "";
      throw new AuditQueryError(isServiceCode(code) ? code : "INTERNAL", `the audit service refused: ${code}`);
    }
    return reply.data;
  }

  function decoded<T>(what: string, decode: () => T): T {
    try {
      return decode();
    } catch (cause) {
      if (cause instanceof AuditQueryError) throw cause;
      throw new AuditQueryError("INVALID_REPLY", `the ${what} reply does not decode`, { cause });
    }
  }

  async function trail(alertId: string, page: PageRequest = {}): Promise<EventsPage> {
    const bytes = await ask("trail", {
      $case: "trail",
      value: { alertId, cursor: page.cursor ?? 0, limit: page.limit ?? 0 },
    });
    const r = decoded("trail", () => TrailReply.decode(bytes));
    return { ...r, events: r.events.map((e) => loggedEvent(e, verifier)) };
  }

  async function* exportChunks(range: ExportRange): AsyncGenerator<Uint8Array> {
    let continueAt: number | undefined;
    let to = range.to ?? 0;
    for (;;) {
      const bytes = await ask("export", {
        $case: "export",
        value: {
          from: range.from,
          to,
          earlierCheckpoint: range.earlierCheckpoint ?? new Uint8Array(0),
          maxBytes: range.maxChunkBytes ?? 0,
          ...(continueAt === undefined ? {} : { continueAt }),
        },
      });
      const chunk = decoded("export", () => ExportChunk.decode(bytes));
      yield chunk.data;
      if (chunk.done) return;
      if (continueAt !== undefined && chunk.nextIndex <= continueAt && chunk.data.length === 0) {
        throw new AuditQueryError("INVALID_REPLY", "the export does not advance");
      }
      to = chunk.to;
      continueAt = chunk.nextIndex;
    }
  }

  return {
    trail,
    async fullTrail(alertId) {
      const all: LoggedAuditEvent[] = [];
      let cursor = 0;
      for (;;) {
        const page = await trail(alertId, { cursor });
        all.push(...page.events);
        if (!page.hasMore) return all;
        cursor = page.nextCursor;
      }
    },
    async events(filter, page = {}) {
      const bytes = await ask("events", {
        $case: "events",
        value: {
          actor: filter.actor ?? "",
          officer: filter.officer ?? "",
          action: filter.action ?? 0,
          since: filter.since,
          until: filter.until,
          cursor: page.cursor ?? 0,
          limit: page.limit ?? 0,
        },
      });
      const r = decoded("events", () => EventsReply.decode(bytes));
      return { ...r, events: r.events.map((e) => loggedEvent(e, verifier)) };
    },
    async inclusionProof(index, treeSize = 0) {
      const bytes = await ask("inclusion", { $case: "inclusion", value: { index, treeSize } });
      const r = decoded("inclusion", () => InclusionProofReply.decode(bytes));
      return { ...r, checkpoint: signedCheckpoint(r.checkpoint, verifier) };
    },
    async consistencyProof(first, second = 0) {
      const bytes = await ask("consistency", { $case: "consistency", value: { first, second } });
      const r = decoded("consistency", () => ConsistencyProofReply.decode(bytes));
      return {
        first: r.first,
        second: r.second,
        proof: r.proof,
        firstCheckpoint: signedCheckpoint(r.firstCheckpoint, verifier),
        secondCheckpoint: signedCheckpoint(r.secondCheckpoint, verifier),
      };
    },
    async latestCheckpoint() {
      const bytes = await ask("checkpoint", { $case: "checkpoint", value: {} });
      return signedCheckpoint(decoded("checkpoint", () => CheckpointReply.decode(bytes)).checkpoint, verifier);
    },
    exportChunks,
    async exportFile(range) {
      const parts: Uint8Array[] = [];
      for await (const chunk of exportChunks(range)) parts.push(chunk);
      return new Uint8Array(Buffer.concat(parts));
    },
  };
}
