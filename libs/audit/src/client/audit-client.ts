import { H, subjects } from "@ariadne/bus";
import { AppendReply, AppendRequest, type AuditEvent, Envelope } from "@ariadne/contracts";
import { type NatsConnection, headers as newHeaders } from "@nats-io/transport-node";
import { AuditError } from "../errors.ts";
import { encodeAuditEvent } from "../events/codec.ts";
import { PAYLOAD_TYPES, type SignFn } from "../types.ts";

export interface AuditClientOptions {
  readonly nc: NatsConnection;
  /** Signs as the emitting service (Signer.sign from @ariadne/envelope). */
  readonly sign: SignFn;
  /** How long to wait for "stored" before treating the log as unavailable. */
  readonly timeoutMs?: number;
}

export interface Logged {
  readonly eventId: string;
  readonly index: number;
  readonly duplicate: boolean;
}

/**
 * Hands signed audit events to the audit service and waits until they are stored. Callers
 * use it before the operation the events record takes effect: if this throws, the caller
 * must not disclose (fail closed) and retries later; events have deterministic ids, so a
 * retry is logged once.
 */
export class AuditClient {
  readonly #nc: NatsConnection;
  readonly #sign: SignFn;
  readonly #timeoutMs: number;

  constructor(opts: AuditClientOptions) {
    this.#nc = opts.nc;
    this.#sign = opts.sign;
    this.#timeoutMs = opts.timeoutMs ?? 5000;
  }

  /** Signs each event once and returns its exact envelope bytes (what the log stores). */
  seal(event: AuditEvent): Uint8Array {
    return Envelope.encode(this.#sign(PAYLOAD_TYPES.AuditEvent, encodeAuditEvent(event))).finish();
  }

  async append(events: readonly AuditEvent[], traceparent?: string): Promise<Logged[]> {
    return this.appendSealed(
      events.map((e) => this.seal(e)),
      traceparent,
    );
  }

  async appendSealed(sealed: readonly Uint8Array[], traceparent?: string): Promise<Logged[]> {
    if (sealed.length === 0) return [];
    const h = newHeaders();
    if (traceparent) h.set(H.traceparent, traceparent);
    let replyBytes: Uint8Array;
    try {
      const msg = await this.#nc.request(subjects.auditAppend, AppendRequest.encode({ events: [...sealed] }).finish(), {
        timeout: this.#timeoutMs,
        headers: h,
      });
      replyBytes = msg.data;
    } catch (cause) {
      throw new AuditError("AUDIT_UNAVAILABLE", "the audit log did not confirm the append", { cause });
    }
    let reply: AppendReply;
    try {
      reply = AppendReply.decode(replyBytes);
    } catch (cause) {
      throw new AuditError("AUDIT_UNAVAILABLE", "the audit service answered with bytes that are not an AppendReply", {
        cause,
      });
    }
    if (reply.code !== "") {
      throw new AuditError("APPEND_REFUSED", `the audit service refused the events: ${reply.code}`, {
        refusedCode: reply.code,
      });
    }
    if (reply.results.length !== sealed.length) {
      throw new AuditError("AUDIT_UNAVAILABLE", "the audit service confirmed fewer events than sent");
    }
    return reply.results.map((r) => ({ eventId: r.eventId, index: r.index, duplicate: r.duplicate }));
  }
}
