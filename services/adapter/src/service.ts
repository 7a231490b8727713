import { type Agency, createChannelClient } from "@ariadne/agencies";
import { AuditClient } from "@ariadne/audit";
import { durables, STREAMS, subjects } from "@ariadne/bus";
import type { Signer, TrustSource, Verifier } from "@ariadne/envelope";
import { type Logger, type Metrics, type ReadinessCheck, startWorkLoop, type WorkLoop } from "@ariadne/runtime";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { DeliverySettings, EventsSettings, FeedSettings } from "./config.ts";
import { ChannelHealth } from "./delivery/channel-health.ts";
import { createDeadLetterHook } from "./delivery/dead-letter.ts";
import { createDeliveryHandler } from "./delivery/handler.ts";
import { type EventPoller, startEventPoller } from "./events/poller.ts";
import { type FeedService, startFeedService } from "./feed/service.ts";
import { adapterMetrics } from "./metrics.ts";
import { openStateBucket } from "./state/bucket.ts";
import { CopyIndex } from "./state/copy-index.ts";
import { EventsCursor } from "./state/cursor.ts";

export interface AdapterDeps {
  readonly agency: Agency;
  readonly nc: NatsConnection;
  /** Signs as adapter.<agency>: receipts, replies, audit events, feed frames. */
  readonly signer: Signer;
  /** The trust registry (a RegistryWatcher in the service): the readiness check reads it. */
  readonly trust: TrustSource;
  readonly verifier: Verifier;
  readonly channelUrl: string;
  readonly channelTimeoutMs: number;
  readonly auditTimeoutMs: number;
  readonly stateReplicas?: number;
  readonly delivery: DeliverySettings;
  readonly events: EventsSettings;
  readonly feed: FeedSettings;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export interface Adapter {
  readonly party: string;
  /** Readiness checks for /readyz: NATS, registry, consumer, channel. */
  readonly checks: Record<string, ReadinessCheck>;
  readonly poller: EventPoller;
  readonly feed: FeedService | undefined;
  /**
   * Stops taking work (feed requests, new copies, event polls) and waits for what is in
   * flight; an unfinished delivery stays unacked and comes back. The caller drains NATS.
   */
  stop(): Promise<void>;
}

/** Wires one agency's adapter on a connection: delivery work loop, events poller, feed service. */
export async function createAdapter(deps: AdapterDeps): Promise<Adapter> {
  const { agency, nc, logger } = deps;
  const party = deps.signer.party;
  const metrics = adapterMetrics(deps.metrics);
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const kv = await openStateBucket(nc, agency, { replicas: deps.stateReplicas ?? 1 });
  const index = new CopyIndex(kv);
  const audit = new AuditClient({
    nc,
    sign: (type, payload) => deps.signer.sign(type, payload),
    timeoutMs: deps.auditTimeoutMs,
  });
  const channel = createChannelClient({ agency, baseUrl: deps.channelUrl, timeoutMs: deps.channelTimeoutMs });
  const channelHealth = new ChannelHealth();
  const common = { agency, party, verifier: deps.verifier, signer: deps.signer, audit, js, index, logger, metrics };

  const poller = startEventPoller({
    ...common,
    channel,
    channelHealth,
    cursor: new EventsCursor(kv),
    settings: deps.events,
  });
  let loop: WorkLoop;
  let feed: FeedService | undefined;
  try {
    loop = await startWorkLoop({
      js,
      jsm,
      stream: STREAMS.DELIVERY,
      durable: durables.adapter(agency),
      filterSubjects: [subjects.deliver(agency)],
      stage: party,
      handler: createDeliveryHandler({ ...common, channel, channelHealth, settings: deps.delivery }),
      maxDeliveries: deps.delivery.maxAttempts,
      concurrency: deps.delivery.concurrency,
      ackWaitMs: deps.delivery.ackWaitMs,
      backoff: deps.delivery.backoff,
      deadLetterSubject: subjects.deadLetter(party),
      onDeadLetter: createDeadLetterHook({ ...common, settings: deps.delivery }),
      logger,
      metrics: deps.metrics,
    });
    feed = deps.feed.enabled
      ? await startFeedService({ ...common, nc, settings: deps.feed, copyMaxAgeMs: deps.delivery.copyMaxAgeMs })
      : undefined;
  } catch (err) {
    await poller.stop();
    throw err;
  }

  const checks: Record<string, ReadinessCheck> = {
    nats: () =>
      nc.isClosed()
        ? "closed"
        : withTimeout(
            nc.flush().then(() => true as const),
            1000,
            "no answer",
          ),
    registry: () => (deps.trust.current().version > 0 ? true : "no registry"),
    consumer: async () => {
      if (!loop.running) return "stopped";
      const info = await withTimeout(jsm.consumers.info(STREAMS.DELIVERY, durables.adapter(agency)), 1000, "no answer");
      return typeof info === "string" ? info : true;
    },
    channel: () => channelHealth.check(),
  };

  return {
    party,
    checks,
    poller,
    feed,
    async stop() {
      await feed?.stop();
      // A delivery hanging on a slow channel must not hold the shutdown: past the grace period it
      // is abandoned unacked (JetStream redelivers it; the idempotency key makes a repeat safe).
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        loop.stop(),
        new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            logger.warn("stop grace period over: in-flight deliveries abandoned, they will come back");
            resolve();
          }, deps.delivery.stopGraceMs);
        }),
      ]).finally(() => clearTimeout(timer));
      await poller.stop(deps.delivery.stopGraceMs);
      channel.close();
    },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, reason: string): Promise<T | string> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(reason), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
