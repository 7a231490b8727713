import type { Signer, Verifier } from "@ariadne/envelope";
import type { Logger, Metrics } from "@ariadne/runtime";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { Service } from "@nats-io/services";
import type { NatsConnection } from "@nats-io/transport-node";
import { type AppendHandler, startAppendHandler } from "./append/handler.ts";
import { LogWriter } from "./append/writer.ts";
import { Checkpointer } from "./checkpoint/checkpointer.ts";
import { LogState } from "./log/log-state.ts";
import { LogStream } from "./log/log-stream.ts";
import { rebuildLog } from "./log/rebuild.ts";
import { auditMetrics } from "./metrics.ts";
import { type AuditServiceOptions, DEFAULT_AUDIT_OPTIONS } from "./options.ts";
import { startQueryService } from "./query/service.ts";

export interface AuditServiceDeps {
  readonly nc: NatsConnection;
  /** Signs as the audit service (party `audit`, role auditor): checkpoints, manifests, consultations. */
  readonly signer: Signer;
  /** Over the trust registry (a RegistryWatcher in production): events, queries, checkpoints. */
  readonly verifier: Verifier;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly options?: Partial<AuditServiceOptions>;
  readonly clock?: () => Date;
}

export interface AuditService {
  /** Rebuilds the log from the stream (refusing a stream that is not the signed log), then serves. */
  start(): Promise<void>;
  /** Stops taking appends and queries, stores what is in flight, publishes a last checkpoint. */
  stop(): Promise<void>;
  /** Loaded, serving and not broken. */
  readonly ready: boolean;
  /** Entries in the log as this process knows it. */
  readonly size: number;
  /** The log's writer (state, sync), for tests and the stack. */
  readonly writer: LogWriter;
  readonly checkpointer: Checkpointer;
}

interface Running {
  readonly writer: LogWriter;
  readonly checkpointer: Checkpointer;
  readonly appendHandler: AppendHandler;
  readonly queries: Service;
}

export function createAuditService(deps: AuditServiceDeps): AuditService {
  const options: AuditServiceOptions = { ...DEFAULT_AUDIT_OPTIONS, ...deps.options };
  const clock = deps.clock ?? (() => new Date());
  const metrics = auditMetrics(deps.metrics);
  const state = new LogState();
  let running: Running | undefined;
  let stopping = false;
  const started = (): Running => {
    if (running === undefined) throw new Error("the audit service is not started");
    return running;
  };

  async function start(): Promise<void> {
    const js = jetstream(deps.nc, { timeout: options.publishTimeoutMs });
    const jsm = await jetstreamManager(deps.nc, { checkAPI: false, timeout: options.publishTimeoutMs });
    const stream = new LogStream(js, jsm, options.publishTimeoutMs);
    const latest = await rebuildLog(stream, state, {
      verifier: deps.verifier,
      logId: options.logId,
      logger: deps.logger,
    });
    metrics.treeSize.set(state.size);
    const writer = new LogWriter(state, stream, options, deps.logger, clock, {
      appended: (n) => {
        metrics.appended.inc(n);
        metrics.treeSize.set(state.size);
      },
      duplicates: (n) => metrics.duplicates.inc(n),
      conflict: () => metrics.conflicts.inc(),
      queued: (n) => metrics.queued.set(n),
    });
    const checkpointer = new Checkpointer({
      writer,
      stream,
      sign: (type, payload) => deps.signer.sign(type, payload),
      logId: options.logId,
      logger: deps.logger,
      metrics,
      clock,
    });
    if (latest !== undefined) checkpointer.known(latest);
    const appendHandler = startAppendHandler({
      nc: deps.nc,
      verifier: deps.verifier,
      writer,
      logger: deps.logger,
      metrics,
      maxRequestEvents: options.maxRequestEvents,
      maxEventAgeMs: options.maxEventAgeMs,
    });
    const queries = await startQueryService({
      nc: deps.nc,
      context: {
        writer,
        stream,
        checkpoints: checkpointer,
        signer: deps.signer,
        verifier: deps.verifier,
        logId: options.logId,
        limits: options.queryLimits,
        clock,
      },
      logger: deps.logger,
      metrics,
      ready: () => running !== undefined && !stopping,
    });
    checkpointer.start(options.checkpointIntervalMs);
    // The server must hold the append subscription before we call ourselves serving: an emitter
    // on another connection would otherwise get "no responders" right after start().
    await deps.nc.flush();
    running = { writer, checkpointer, appendHandler, queries };
    deps.logger.info({ treeSize: state.size, logId: options.logId }, "audit service serving");
  }

  return {
    start,
    get writer() {
      return started().writer;
    },
    get checkpointer() {
      return started().checkpointer;
    },
    get size() {
      return state.size;
    },
    get ready() {
      return running !== undefined && !stopping && running.writer.broken === undefined;
    },
    async stop() {
      if (stopping || running === undefined) return;
      stopping = true;
      // Stop taking work first, then store what was taken, then sign the head of it.
      await running.appendHandler.stop();
      await running.queries.stop();
      await running.writer.close();
      await running.checkpointer.stop();
      deps.logger.info({ treeSize: state.size }, "audit service stopped");
    },
  };
}
