import { assertAuditEventSafe, decodeAuditEvent } from "@ariadne/audit";
import { subjects } from "@ariadne/bus";
import { AppendReply, AppendRequest, type AuditEvent } from "@ariadne/contracts";
import { isEnvelopeError, MESSAGE_TYPES, type Verifier } from "@ariadne/envelope";
import type { NatsConnection, Subscription } from "@nats-io/transport-node";

export interface LoggedEvent {
  readonly index: number;
  readonly event: AuditEvent;
  /** The signer's party, as verified. */
  readonly signer: string;
}

/**
 * A stand-in for the audit service on ariadne.audit.append (the real one is being written): it
 * verifies each event's envelope with the envelope library, re-runs the personal-data guard,
 * logs each event id once and answers AppendReply. Not a mock of NATS: requests travel through
 * a real nats-server. down() unsubscribes, so requests meet "no responders" like a dead service.
 */
export class AuditStandin {
  readonly log: LoggedEvent[] = [];
  readonly #byId = new Map<string, number>();
  #sub: Subscription | undefined;
  /** Events for which this returns a code are refused (the whole request, nothing logged). */
  refuse: ((event: AuditEvent) => string | undefined) | undefined;
  requests = 0;

  constructor(
    readonly nc: NatsConnection,
    readonly verifier: Verifier,
  ) {}

  get up(): boolean {
    return this.#sub !== undefined;
  }

  async start(): Promise<void> {
    if (this.#sub) return;
    this.#sub = this.nc.subscribe(subjects.auditAppend, {
      callback: (_err, msg) => {
        this.requests++;
        msg.respond(AppendReply.encode(this.#append(msg.data)).finish());
      },
    });
    await this.nc.flush();
  }

  async down(): Promise<void> {
    this.#sub?.unsubscribe();
    this.#sub = undefined;
    await this.nc.flush();
  }

  events(filter: (e: AuditEvent) => boolean = () => true): AuditEvent[] {
    return this.log.map((l) => l.event).filter(filter);
  }

  #append(data: Uint8Array): AppendReply {
    let events: { event: AuditEvent; signer: string }[];
    try {
      events = AppendRequest.decode(data).events.map((bytes) => {
        const verified = this.verifier.verify(bytes, { type: MESSAGE_TYPES.AuditEvent });
        const event = decodeAuditEvent(verified.payload);
        assertAuditEventSafe(event);
        return { event, signer: verified.party };
      });
    } catch (err) {
      const code = isEnvelopeError(err) ? err.code : ((err as { code?: string }).code ?? "MALFORMED");
      return AppendReply.fromPartial({ code, detail: "refused" });
    }
    for (const { event } of events) {
      const code = this.refuse?.(event);
      if (code) return AppendReply.fromPartial({ code, detail: "refused" });
    }
    return AppendReply.fromPartial({
      results: events.map(({ event, signer }) => {
        const seen = this.#byId.get(event.eventId);
        if (seen !== undefined) return { eventId: event.eventId, index: seen, duplicate: true };
        const index = this.log.length;
        this.log.push({ index, event, signer });
        this.#byId.set(event.eventId, index);
        return { eventId: event.eventId, index, duplicate: false };
      }),
    });
  }
}

export async function startAuditStandin(nc: NatsConnection, verifier: Verifier): Promise<AuditStandin> {
  const standin = new AuditStandin(nc, verifier);
  await standin.start();
  return standin;
}
