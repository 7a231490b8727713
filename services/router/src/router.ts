import { setMaxListeners } from "node:events";
import type { AlertRef } from "@ariadne/audit";
import { durables, partyOfSubject, STREAMS, subjects } from "@ariadne/bus";
import type { ReplayGuard, Signer, Verifier } from "@ariadne/envelope";
import {
  childSpan,
  type DeadLetter,
  formatTraceparent,
  type Logger,
  type Metrics,
  type Outcome,
  startWorkLoop,
  type WorkItem,
  type WorkLoop,
} from "@ariadne/runtime";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { alertRefOf, deadLetterAuditEvent } from "./events.ts";
import { type AuditAppender, createHandler, safeCode } from "./handler.ts";
import { openIntake } from "./intake.ts";
import { routerMetrics } from "./metrics.ts";
import { DEFAULT_ROUTER_OPTIONS, type RouterOptions } from "./options.ts";
import type { PolicySource } from "./policy-pin.ts";

/** The stage name of the router: its dead-letter subject (ariadne.dlq.router) and metrics label. */
export const ROUTER_STAGE = "router";

export interface RouterDeps {
  readonly nc: NatsConnection;
  /** Signs copies, notices, receipts and audit events as the party `router`. */
  readonly signer: Signer;
  /** Over the trust registry (a RegistryWatcher in production: rotations apply without restart). */
  readonly verifier: Verifier;
  /**
   * The mandates in force (a MandateStore: hot reload), read once per alert; with `byVersion`,
   * a redelivery is decided under the version its first attempt used.
   */
  readonly mandates: PolicySource;
  /** Shared by every router process (NatsKvReplayGuard). */
  readonly replayGuard: ReplayGuard;
  readonly audit: AuditAppender;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly options?: Partial<RouterOptions>;
  readonly clock?: () => Date;
}

export interface Router {
  /** Binds (or creates) the durable `router` on INTAKE and starts consuming. */
  start(): Promise<void>;
  /** Stops pulling, hands back messages held for the audit log, finishes what is in flight. */
  stop(): Promise<void>;
  /** True while consuming (readiness). */
  readonly running: boolean;
  /** The per-message algorithm, as the work loop calls it. */
  readonly handle: (item: WorkItem) => Promise<Outcome>;
}

export function createRouter(deps: RouterDeps): Router {
  const options: RouterOptions = { ...DEFAULT_ROUTER_OPTIONS, ...deps.options };
  const clock = deps.clock ?? (() => new Date());
  const metrics = routerMetrics(deps.metrics);
  metrics.policy(deps.mandates.current.version);
  const js = jetstream(deps.nc);
  const stopping = new AbortController();
  // Every message held for the audit log listens for the stop: up to `concurrency` listeners.
  setMaxListeners(0, stopping.signal);
  const handle = createHandler({
    js,
    signer: deps.signer,
    verifier: deps.verifier,
    mandates: deps.mandates,
    replayGuard: deps.replayGuard,
    audit: deps.audit,
    logger: deps.logger,
    metrics,
    options,
    clock,
    signal: stopping.signal,
  });

  /** The alert a dead letter concerns, when its envelope still opens (operators search by alert id). */
  const alertOf = (item: WorkItem): AlertRef | undefined => {
    const publisher = partyOfSubject(item.subject, "intake");
    if (publisher === undefined) return undefined;
    try {
      const opened = openIntake(
        { publisher, data: item.data, storedAt: item.msg.time },
        deps.verifier,
        options.maxEnvelopeBytes,
      );
      return alertRefOf(opened);
    } catch {
      return undefined;
    }
  };

  // Runs before the message is terminated; if the log does not confirm, the work loop leaves
  // the message unacked and it comes back (the dead letter itself is deduplicated).
  const onDeadLetter = async ({ item, code }: DeadLetter) => {
    const safe = safeCode(code);
    const alert = alertOf(item);
    const event = deadLetterAuditEvent(
      { actor: deps.signer.party, occurredAt: clock(), traceId: item.trace.traceId },
      { intakeSequence: item.streamSequence, code: safe, attempts: item.deliveryCount, ...(alert ? { alert } : {}) },
    );
    await deps.audit.append([event], formatTraceparent(childSpan(item.trace)));
    metrics.deadLetters.inc({ code: safe });
    metrics.alerts.inc({ outcome: "dead" });
  };

  let loop: WorkLoop | undefined;
  return {
    handle,
    get running() {
      return loop?.running ?? false;
    },
    async start() {
      if (loop) return;
      loop = await startWorkLoop({
        js,
        jsm: await jetstreamManager(deps.nc, { checkAPI: false }),
        stream: STREAMS.INTAKE,
        durable: durables.router,
        filterSubjects: [subjects.intakeAll],
        stage: ROUTER_STAGE,
        handler: handle,
        maxDeliveries: options.maxDeliveries,
        concurrency: options.concurrency,
        ackWaitMs: options.ackWaitMs,
        backoff: options.backoff,
        deadLetterSubject: subjects.deadLetter(ROUTER_STAGE),
        onDeadLetter,
        logger: deps.logger,
        metrics: deps.metrics,
      });
      deps.logger.info({ concurrency: options.concurrency, policyVersion: deps.mandates.current.version }, "consuming");
    },
    async stop() {
      stopping.abort();
      await loop?.stop();
    },
  };
}
