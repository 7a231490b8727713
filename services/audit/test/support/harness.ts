import { AuditClient } from "@ariadne/audit";
import { ensureStreams } from "@ariadne/bus";
import { Purpose } from "@ariadne/contracts";
import type { Verifier } from "@ariadne/envelope";
import { createLogger, Metrics } from "@ariadne/runtime";
import { createTestKeys, type NatsServer, startLocalNats, type TestKeys } from "@ariadne/testing";
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import {
  type AuditQueryClient,
  type AuditService,
  type AuditServiceOptions,
  createAuditQueryClient,
  createAuditService,
  type QueryJustification,
} from "../../src/mod.ts";

export const LOG_ID = "ariadne-audit/test";

export const WHY: QueryJustification = {
  purposes: [Purpose.PURPOSE_CRIMINAL_ANALYSIS],
  legalBasis: "Directive (EU) 2016/680 Art. 25 (logging), review of the processing by the data protection officer",
};

/** One audit service process as a test runs it: its log lines and metrics can be read back. */
export interface RunningAudit {
  readonly service: AuditService;
  readonly metrics: Metrics;
  readonly logs: string[];
  readonly nc: NatsConnection;
  stop(): Promise<void>;
}

export interface AuditHarness extends AsyncDisposable {
  readonly server: NatsServer;
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly keys: TestKeys;
  readonly verifier: Verifier;
  /** Starts an audit service on its own connection (as a separate process would). */
  startAudit(options?: Partial<AuditServiceOptions>): Promise<RunningAudit>;
  /** An emitter's AuditClient, signing as `party`. */
  emitter(party: string, timeoutMs?: number): Promise<AuditClient>;
  /** A query client signing as `party` (operator, officer). */
  queries(party?: string): Promise<AuditQueryClient>;
}

export async function auditHarness(): Promise<AuditHarness> {
  const server = await startLocalNats();
  const nc = await connect({ servers: server.url });
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  await ensureStreams(jsm, { replicas: 1 });
  const keys = await createTestKeys();
  const verifier = keys.verifier();
  const running: RunningAudit[] = [];

  return {
    server,
    nc,
    js,
    jsm,
    keys,
    verifier,
    async startAudit(options = {}) {
      const own = await connect({ servers: server.url });
      const logs: string[] = [];
      const logger = createLogger({
        service: "audit",
        level: "debug",
        destination: { write: (l: string) => logs.push(l) },
      });
      const metrics = new Metrics("audit");
      const service = createAuditService({
        nc: own,
        signer: await keys.signer("audit"),
        verifier: keys.verifier(),
        logger,
        metrics,
        options: { logId: LOG_ID, checkpointIntervalMs: 3_600_000, ...options },
      });
      try {
        await service.start();
      } catch (err) {
        await own.close();
        throw err;
      }
      let stopped = false;
      const r: RunningAudit = {
        service,
        metrics,
        logs,
        nc: own,
        async stop() {
          if (stopped) return;
          stopped = true;
          await service.stop();
          await own.drain();
        },
      };
      running.push(r);
      return r;
    },
    async emitter(party, timeoutMs = 2000) {
      const signer = await keys.signer(party);
      return new AuditClient({ nc, sign: (type, payload) => signer.sign(type, payload), timeoutMs });
    },
    async queries(party = "operator") {
      return createAuditQueryClient(nc, await keys.signer(party), { why: WHY, verifier, timeoutMs: 5000 });
    },
    async [Symbol.asyncDispose]() {
      for (const r of running) await r.stop().catch(() => undefined);
      await nc.close();
      await server[Symbol.asyncDispose]();
    },
  };
}
