import { assertAuditEventSafe, decodeAuditEvent } from "@ariadne/audit";
import { subjects } from "@ariadne/bus";
import { AppendReply, AppendRequest, type AuditAction, type AuditEvent } from "@ariadne/contracts";
import { isEnvelopeError, MESSAGE_TYPES, type Verifier } from "@ariadne/envelope";
import type { NatsConnection, Subscription } from "@nats-io/transport-node";

export interface Logged {
  readonly index: number;
  readonly event: AuditEvent;
  /** The party that signed the event. */
  readonly signer: string;
}

/**
 * A stand-in for the audit service on ariadne.audit.append, until services/audit lands: it
 * verifies every event with the envelope library (signature, role, the actor is the signer),
 * runs the personal-data guard, de-duplicates by event id and answers AppendReply, as the real
 * one does. `mode` makes it go silent ("down") or refuse.
 */
export class AuditStandin implements AsyncDisposable {
  readonly logged: Logged[] = [];
  mode: "ok" | "down" | "refuse" = "ok";
  /** Requests that arrived (answered or not). */
  requests = 0;
  readonly #byId = new Map<string, number>();
  readonly #sub: Subscription;

  constructor(nc: NatsConnection, verifier: Verifier) {
    this.#sub = nc.subscribe(subjects.auditAppend, {
      callback: (_err, msg) => {
        this.requests += 1;
        if (this.mode === "down") return;
        msg.respond(AppendReply.encode(this.#append(msg.data, verifier)).finish());
      },
    });
  }

  #append(data: Uint8Array, verifier: Verifier): AppendReply {
    if (this.mode === "refuse") return AppendReply.fromPartial({ code: "LOG_UNAVAILABLE" });
    const request = AppendRequest.decode(data);
    const checked: { event: AuditEvent; signer: string }[] = [];
    for (const bytes of request.events) {
      try {
        const v = verifier.verify(bytes, { type: MESSAGE_TYPES.AuditEvent });
        const event = decodeAuditEvent(v.payload);
        assertAuditEventSafe(event);
        if (event.actor !== v.party) return AppendReply.fromPartial({ code: "ACTOR_MISMATCH" });
        checked.push({ event, signer: v.party });
      } catch (err) {
        return AppendReply.fromPartial({ code: isEnvelopeError(err) ? err.code : "INVALID_EVENT" });
      }
    }
    const results = checked.map(({ event, signer }) => {
      const known = this.#byId.get(event.eventId);
      if (known !== undefined) return { eventId: event.eventId, index: known, duplicate: true };
      const index = this.logged.length;
      this.logged.push({ index, event, signer });
      this.#byId.set(event.eventId, index);
      return { eventId: event.eventId, index, duplicate: false };
    });
    return AppendReply.fromPartial({ results, treeSize: this.logged.length });
  }

  events(action: AuditAction): AuditEvent[] {
    return this.logged.filter((l) => l.event.action === action).map((l) => l.event);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#sub.unsubscribe();
  }
}
