import { type AuditClient, evidenceEvent } from "@ariadne/audit";
import { H, subjects } from "@ariadne/bus";
import { encodeEnvelope, type Signer } from "@ariadne/envelope";
import { injectTrace, newTrace, parseTraceparent } from "@ariadne/runtime";
import type { JetStreamClient } from "@nats-io/jetstream";
import { headers as newHeaders } from "@nats-io/transport-node";
import type { EvidenceItem } from "./build.ts";

export interface IssueDeps {
  readonly party: string;
  readonly signer: Signer;
  readonly audit: AuditClient;
  readonly js: JetStreamClient;
}

/** What an issued item became: the exact signed bytes sent to the originator. */
export interface Issued {
  readonly item: EvidenceItem;
  readonly bytes: Uint8Array;
}

/**
 * Signs each item, records it in the audit trail (one append, evidence events carrying the
 * exact signed bytes) and only then publishes it to ariadne.return.<originator>, deduplicated
 * by its id. Throws (AuditError, or a NATS error) when any step fails: the caller retries, and
 * the deterministic ids make the retry a no-op for what already went through.
 */
export async function issueEvidence(deps: IssueDeps, items: readonly EvidenceItem[]): Promise<Issued[]> {
  if (items.length === 0) return [];
  const issued = items.map((item) => ({
    item,
    bytes: encodeEnvelope(deps.signer.sign(item.type, item.payload, { now: item.at })),
  }));
  const events = issued.map(({ item, bytes }) =>
    evidenceEvent(
      {
        actor: deps.party,
        occurredAt: item.at,
        ...(item.traceparent ? { traceId: parseTraceparent(item.traceparent)?.traceId ?? "" } : {}),
      },
      {
        kind: item.kind,
        direction: "issued",
        artefactId: item.id,
        artefact: bytes,
        evidenceCode: item.evidenceCode,
        alert: item.ref,
        recipient: item.ref.recipient,
        ...(item.code === undefined ? {} : { code: item.code }),
      },
    ),
  );
  await deps.audit.append(events, items[0]?.traceparent);
  for (const { item, bytes } of issued) {
    const h = newHeaders();
    h.set(H.type, item.type);
    h.set(H.alertId, item.ref.alertId);
    h.set(H.alertVersion, String(item.ref.version));
    if (item.code) h.set(H.errorCode, item.code);
    injectTrace(h, parseTraceparent(item.traceparent) ?? newTrace());
    await deps.js.publish(subjects.ret(item.ref.originator), bytes, { headers: h, msgID: item.id });
  }
  return issued;
}
