import { H, STREAMS, subjects } from "@ariadne/bus";
import type { CaseAlert } from "@ariadne/contracts";
import { type Envelope, encodeEnvelope, type Signer, sealAlert } from "@ariadne/envelope";
import { DeliverPolicy, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { headers as newHeaders } from "@nats-io/transport-node";

export interface StoredMessage {
  readonly seq: number;
  readonly subject: string;
  readonly data: Uint8Array;
  readonly header: (name: string) => string;
}

/** Every message a stream holds now (optionally under one subject filter), in order. */
export async function readStream(
  js: JetStreamClient,
  jsm: JetStreamManager,
  stream: string,
  filter?: string,
): Promise<StoredMessage[]> {
  const info = await jsm.streams.info(stream, filter ? { subjects_filter: filter } : {});
  const total = filter ? Number(info.state.subjects?.[filter] ?? 0) : info.state.messages;
  if (filter?.includes(">")) throw new Error("readStream: give an exact subject or none");
  if (total === 0) return [];
  const consumer = await js.consumers.get(stream, {
    deliver_policy: DeliverPolicy.All,
    ...(filter ? { filter_subjects: [filter] } : {}),
  });
  const out: StoredMessage[] = [];
  const messages = await consumer.consume();
  for await (const m of messages) {
    out.push({
      seq: m.seq,
      subject: m.subject,
      data: m.data,
      header: (name) => m.headers?.get(name) ?? "",
    });
    if (m.info.pending === 0) break;
  }
  await messages.close();
  return out;
}

/** Messages per subject in a stream, e.g. how many copies each recipient has. */
export async function countBySubject(jsm: JetStreamManager, stream: string): Promise<Record<string, number>> {
  const info = await jsm.streams.info(stream, { subjects_filter: ">" });
  return { ...(info.state.subjects ?? {}) };
}

export async function messageCount(jsm: JetStreamManager, stream: string): Promise<number> {
  return (await jsm.streams.info(stream)).state.messages;
}

/** Publishes sealed bytes on a publisher's intake subject as an NCP does (dedup id alertId.version). */
export async function publishIntake(
  js: JetStreamClient,
  subject: string,
  bytes: Uint8Array,
  ids?: { alertId: string; version: number; msgId?: string },
): Promise<number> {
  const h = newHeaders();
  if (ids) {
    h.set(H.alertId, ids.alertId);
    h.set(H.alertVersion, String(ids.version));
  }
  const ack = await js.publish(subject, bytes, {
    headers: h,
    ...(ids ? { msgID: ids.msgId ?? `${ids.alertId}.${ids.version}` } : {}),
  });
  return ack.seq;
}

export function seal(alert: CaseAlert, signer: Signer, now?: Date): { envelope: Envelope; bytes: Uint8Array } {
  const envelope = sealAlert(alert, signer, now ? { now } : {});
  return { envelope, bytes: encodeEnvelope(envelope) };
}

/** Seals and publishes an alert on its originator's intake subject. */
export async function publishAlert(js: JetStreamClient, alert: CaseAlert, signer: Signer): Promise<number> {
  const { bytes } = seal(alert, signer);
  return publishIntake(js, subjects.intake(signer.party), bytes, {
    alertId: alert.header?.alertId ?? "",
    version: alert.header?.version ?? 0,
  });
}

export { STREAMS };

/** Polls until `check` holds (no timing assertion: the test's own timeout bounds it). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
