import type { Agency } from "@ariadne/agencies";
import { type AuditClient, assertAuditEventSafe, consultationEvent } from "@ariadne/audit";
import { STREAMS, subjects } from "@ariadne/bus";
import { type AuditEvent, FeedFrame_Kind } from "@ariadne/contracts";
import { isEnvelopeError, type OpenedCopy, openRoutedCopy, type Signer, type Verifier } from "@ariadne/envelope";
import type { Logger } from "@ariadne/runtime";
import { type Consumer, DeliverPolicy, type JetStreamClient, type JsMsg } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { FeedSettings } from "../config.ts";
import type { FeedErrorCode } from "../errors.ts";
import type { AdapterMetrics } from "../metrics.ts";
import { consultablePurposes, matchesFilter } from "./filter.ts";
import { FrameSender } from "./frames.ts";
import type { CheckedRequest } from "./request.ts";

export interface SessionDeps {
  readonly agency: Agency;
  readonly party: string;
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly verifier: Verifier;
  readonly signer: Signer;
  readonly audit: AuditClient;
  readonly settings: FeedSettings;
  /** How old a router signature may be: a replay reaches back as far as DELIVERY keeps copies. */
  readonly copyMaxAgeMs: number;
  readonly logger: Logger;
  readonly metrics: AdapterMetrics;
  readonly clock?: () => Date;
}

/** The shortest wait nats.js allows for a pull: how long a follower waits for something new. */
const FETCH_EXPIRES_MS = 1000;

interface Shown {
  readonly msg: JsMsg;
  readonly event: AuditEvent;
}

/**
 * One officer's feed: reads the agency's copies from DELIVERY (an ordered consumer of its own,
 * from `since`), keeps those the officer may see (verifiable copies, filter, purpose), records
 * each as a CONSULTATION in the audit trail and, once the log confirmed, sends them. Credit
 * (window) and lease come from the officer's RENEW requests; END says why the feed stopped.
 */
export class FeedSession {
  readonly feedId: string;
  readonly officer: string;
  readonly done: Promise<void>;
  readonly #deps: SessionDeps;
  readonly #req: CheckedRequest;
  readonly #frames: FrameSender;
  #acked = 0;
  #lastRenew: number;
  #ended: FeedErrorCode | "" | undefined;
  #wake: (() => void) | undefined;
  #fetching: { stop(): void } | undefined;

  constructor(deps: SessionDeps, checked: CheckedRequest) {
    this.#deps = deps;
    this.#req = checked;
    this.feedId = checked.request.feedId;
    this.officer = checked.request.officer;
    this.#lastRenew = Date.now();
    this.#frames = new FrameSender(deps.nc, deps.signer, checked.request.replyTo, {
      feedId: this.feedId,
      requestId: checked.request.requestId,
    });
    this.done = this.#run();
  }

  /** The officer is still there and has received frames up to `ackedSequence`. */
  renew(ackedSequence: number): void {
    this.#acked = Math.max(this.#acked, Math.min(ackedSequence, this.#frames.sequence));
    this.#lastRenew = Date.now();
    this.#wake?.();
  }

  /** Stops the feed after the batch in hand; END carries `code`. */
  end(code: FeedErrorCode | ""): void {
    this.#ended ??= code;
    this.#fetching?.stop();
    this.#wake?.();
  }

  async #run(): Promise<void> {
    const { settings, logger } = this.#deps;
    const request = this.#req.request;
    const log = logger.child({ feedId: this.feedId, officer: this.officer });
    this.#frames.send(FeedFrame_Kind.KIND_OPENED, { window: settings.window, leaseMs: settings.leaseMs });
    log.info({ follow: request.follow }, "feed opened");
    let caughtUp = false;
    const catchUp = () => {
      if (caughtUp) return;
      caughtUp = true;
      this.#frames.send(FeedFrame_Kind.KIND_CAUGHT_UP);
      if (!request.follow) this.end("");
    };
    try {
      const consumer = await this.#consumer();
      while (this.#ended === undefined) {
        if (Date.now() - this.#lastRenew > settings.leaseMs) {
          this.end("LEASE_EXPIRED");
          break;
        }
        const credit = settings.window - (this.#frames.sequence - this.#acked);
        if (credit <= 0) {
          await this.#sleep(settings.leaseMs - (Date.now() - this.#lastRenew));
          continue;
        }
        const { msgs, pending } = await this.#fetch(consumer, Math.min(settings.batch, credit));
        if (this.#ended !== undefined) break;
        if (msgs.length > 0 && !(await this.#show(msgs))) break;
        if (pending === 0) catchUp();
      }
    } catch (err) {
      log.warn({ code: (err as { code?: string }).code ?? "STREAM_UNAVAILABLE" }, "feed failed");
      this.end("STREAM_UNAVAILABLE");
    } finally {
      this.#frames.send(FeedFrame_Kind.KIND_END, { code: this.#ended ?? "" });
      log.info({ code: this.#ended ?? "", frames: this.#frames.sequence }, "feed ended");
    }
  }

  #consumer(): Promise<Consumer> {
    const since = this.#req.request.since;
    return this.#deps.js.consumers.get(STREAMS.DELIVERY, {
      // A string, not [subject]: nats.js then names the filter in the create subject, which is
      // what deploy/'s permissions grant; an array sends the bare CONSUMER.CREATE nobody may use.
      filter_subjects: subjects.deliver(this.#deps.agency),
      ...(since === undefined
        ? { deliver_policy: DeliverPolicy.New }
        : { deliver_policy: DeliverPolicy.StartTime, opt_start_time: since.toISOString() }),
    });
  }

  /** Up to `max` copies; stops early at the end of the stream (pending 0) rather than waiting. */
  async #fetch(consumer: Consumer, max: number): Promise<{ msgs: JsMsg[]; pending: number }> {
    const batch = await consumer.fetch({ max_messages: max, expires: FETCH_EXPIRES_MS });
    this.#fetching = batch;
    const msgs: JsMsg[] = [];
    let pending = 0;
    try {
      for await (const m of batch) {
        msgs.push(m);
        pending = m.info.pending;
        if (pending === 0 || msgs.length >= max) break;
      }
    } finally {
      this.#fetching = undefined;
    }
    return { msgs, pending };
  }

  /** Opens, filters, logs and sends a batch; false when the audit log did not confirm (feed ends). */
  async #show(msgs: readonly JsMsg[]): Promise<boolean> {
    const shown: Shown[] = [];
    for (const msg of msgs) {
      const event = this.#consultation(msg);
      if (event !== undefined) shown.push({ msg, event });
    }
    if (shown.length === 0) return true;
    let logged: Awaited<ReturnType<AuditClient["append"]>>;
    try {
      logged = await this.#deps.audit.append(shown.map((s) => s.event));
    } catch {
      // Fail closed: nothing is shown that the log did not record.
      this.end("AUDIT_UNAVAILABLE");
      return false;
    }
    shown.forEach(({ msg }, i) => {
      this.#frames.send(FeedFrame_Kind.KIND_ITEM, {
        routedCopy: msg.data,
        streamSequence: msg.seq,
        storedAt: new Date(Math.floor(msg.info.timestampNanos / 1_000_000)),
        consultationEventId: logged[i]?.eventId ?? "",
        auditIndex: logged[i]?.index ?? 0,
      });
    });
    this.#deps.metrics.consultations.inc({ agency: this.#deps.agency }, shown.length);
    return true;
  }

  /** The consultation to log if the officer may see this copy; undefined when it is not shown. */
  #consultation(msg: JsMsg): AuditEvent | undefined {
    const { verifier, agency, party, copyMaxAgeMs } = this.#deps;
    const request = this.#req.request;
    let opened: OpenedCopy;
    try {
      opened = openRoutedCopy(msg.data, verifier, { recipient: agency, maxAgeMs: copyMaxAgeMs });
    } catch (err) {
      if (!isEnvelopeError(err)) throw err;
      this.#deps.logger.warn({ seq: msg.seq, code: err.code }, "feed skips a copy that does not verify");
      return undefined;
    }
    const a = opened.attestation;
    if (!matchesFilter(request.filter, opened.alert, a.originator)) return undefined;
    const purposes = consultablePurposes(request.purposes, a.purposes);
    if (purposes.length === 0) return undefined;
    const event = consultationEvent(
      { actor: party, occurredAt: this.#deps.clock?.() ?? new Date() },
      {
        officer: this.officer,
        requestId: `${request.requestId}.${msg.seq}`,
        query: {
          kind: "feed",
          params: { cursor: msg.seq, ...(request.since === undefined ? {} : { since: request.since.toISOString() }) },
        },
        why: { purposes, legalBasis: a.legalBasis, ruleIds: a.ruleIds },
        alert: {
          alertId: a.alertId,
          version: a.version,
          originator: a.originator,
          manifestDigest: opened.manifestDigest,
        },
      },
    );
    // The officer's signed request, filters and purposes included: who asked what, provably.
    const withRequest = { ...event, artefact: Uint8Array.from(this.#req.bytes) };
    assertAuditEventSafe(withRequest);
    return withRequest;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(1, ms));
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = undefined;
        done();
      };
    });
  }
}
