import { decodeAuditEvent, decodeLeaf } from "@ariadne/audit";
import { createAuditService } from "@ariadne/audit-service";
import { STREAMS } from "@ariadne/bus";
import { MESSAGE_TYPES } from "@ariadne/envelope";
import { createLogger, Metrics } from "@ariadne/runtime";
import type { TestKeys } from "@ariadne/testing";
import { jetstream } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { AuditStandin, type Logged } from "./audit-standin.ts";

export type { AuditStandin, Logged };

/** Where the adapter's audit events go in a test: the real audit service or the stand-in. */
export type AuditBackend =
  | {
      readonly kind: "service";
      /** Stops the service (appends then fail: no responder) or starts a new one on the same log. */
      stopService(): Promise<void>;
      startService(): Promise<void>;
      logged(): Promise<Logged[]>;
      stop(): Promise<void>;
    }
  | { readonly kind: "standin"; readonly standin: AuditStandin; logged(): Promise<Logged[]>; stop(): Promise<void> };

/** Every leaf of the AUDIT stream, its event verified and decoded: what the real service logged. */
async function readLog(nc: NatsConnection, keys: TestKeys): Promise<Logged[]> {
  const consumer = await jetstream(nc).consumers.get(STREAMS.AUDIT);
  const info = await consumer.info();
  const out: Logged[] = [];
  if (info.num_pending === 0) return out;
  const verifier = keys.verifier();
  for await (const m of await consumer.fetch({ max_messages: info.num_pending, expires: 2000 })) {
    const { entry } = decodeLeaf(m.data);
    const v = verifier.verify(entry.event, { type: MESSAGE_TYPES.AuditEvent, maxAgeMs: Number.POSITIVE_INFINITY });
    out.push({ index: entry.index, event: decodeAuditEvent(v.payload), signer: v.party });
    if (m.info.pending === 0) break;
  }
  return out;
}

export async function startAuditBackend(
  kind: "service" | "standin",
  url: string,
  keys: TestKeys,
): Promise<AuditBackend> {
  const nc = await connect({ servers: url });
  if (kind === "standin") {
    const standin = new AuditStandin(nc, keys.verifier());
    return {
      kind,
      standin,
      logged: async () => [...standin.logged],
      async stop() {
        await standin[Symbol.asyncDispose]();
        await nc.close();
      },
    };
  }
  let service: ReturnType<typeof createAuditService> | undefined;
  const startService = async () => {
    service = createAuditService({
      nc,
      signer: await keys.signer("audit"),
      verifier: keys.verifier(),
      logger: createLogger({ service: "audit", level: "silent" }),
      metrics: new Metrics("audit"),
      options: { logId: "ariadne-audit/adapter-test", checkpointIntervalMs: 3_600_000 },
    });
    await service.start();
  };
  const stopService = async () => {
    await service?.stop();
    service = undefined;
  };
  await startService();
  return {
    kind,
    startService,
    stopService,
    logged: () => readLog(nc, keys),
    async stop() {
      await stopService();
      await nc.close();
    },
  };
}
