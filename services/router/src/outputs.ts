import { H, subjects } from "@ariadne/bus";
import { MESSAGE_TYPES, type MessageType } from "@ariadne/envelope";
import { injectTrace, type TraceContext } from "@ariadne/runtime";
import type { JetStreamClient, PubAck } from "@nats-io/jetstream";
import { headers as newHeaders } from "@nats-io/transport-node";
import type { RoutedCopy } from "./copies.ts";
import { RouterError } from "./errors.ts";

/** Header values are ids and codes only (docs/architecture.md). */
export interface OutputMeta {
  readonly type: MessageType;
  readonly msgId: string;
  readonly trace: TraceContext;
  readonly alertId?: string;
  readonly version?: number;
  readonly errorCode?: string;
}

async function publish(js: JetStreamClient, subject: string, bytes: Uint8Array, meta: OutputMeta): Promise<PubAck> {
  const h = newHeaders();
  h.set(H.type, meta.type);
  if (meta.alertId) h.set(H.alertId, meta.alertId);
  if (meta.version) h.set(H.alertVersion, String(meta.version));
  if (meta.errorCode) h.set(H.errorCode, meta.errorCode);
  injectTrace(h, meta.trace);
  try {
    // Resolves only once the stream stored it (or recognised the dedup id as a duplicate).
    return await js.publish(subject, bytes, { headers: h, msgID: meta.msgId });
  } catch (err) {
    throw new RouterError("PUBLISH_FAILED", `JetStream did not confirm ${meta.msgId}`, { cause: err });
  }
}

/** A copy on ariadne.deliver.<recipient>, deduplicated by its copy id. */
export function publishCopy(js: JetStreamClient, copy: RoutedCopy, trace: TraceContext): Promise<PubAck> {
  return publish(js, subjects.deliver(copy.recipient), copy.bytes, {
    type: MESSAGE_TYPES.RoutingAttestation,
    msgId: copy.copyId,
    trace,
    alertId: copy.decision.alertId,
    version: copy.decision.version,
  });
}

/** A receipt or notice on ariadne.return.<party>. */
export function publishReturn(
  js: JetStreamClient,
  party: string,
  bytes: Uint8Array,
  meta: OutputMeta,
): Promise<PubAck> {
  return publish(js, subjects.ret(party), bytes, meta);
}
