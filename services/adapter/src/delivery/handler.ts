import { type Agency, AgencyError, type ChannelClient, type Delivered } from "@ariadne/agencies";
import { type AuditClient, AuditError, disclosureEvent } from "@ariadne/audit";
import { Receipt_Evidence } from "@ariadne/contracts";
import { isEnvelopeError, type Signer, type Verifier } from "@ariadne/envelope";
import { formatTraceparent, type Logger, type Outcome, type WorkItem } from "@ariadne/runtime";
import type { JetStreamClient } from "@nats-io/jetstream";
import type { DeliverySettings } from "../config.ts";
import { AdapterError } from "../errors.ts";
import { receiptItem } from "../evidence/build.ts";
import { issueEvidence } from "../evidence/issue.ts";
import type { AdapterMetrics } from "../metrics.ts";
import type { CopyIndex } from "../state/copy-index.ts";
import type { ChannelHealth } from "./channel-health.ts";
import { whileWorking } from "./keep-alive.ts";
import { type PreparedCopy, prepareCopy } from "./prepare.ts";

export interface DeliveryDeps<A extends Agency> {
  readonly agency: A;
  readonly party: string;
  readonly verifier: Verifier;
  readonly signer: Signer;
  readonly channel: ChannelClient<A>;
  readonly channelHealth: ChannelHealth;
  readonly audit: AuditClient;
  readonly js: JetStreamClient;
  readonly index: CopyIndex;
  readonly settings: DeliverySettings;
  readonly logger: Logger;
  readonly metrics: AdapterMetrics;
  readonly clock?: () => Date;
}

const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** A failure that may pass (channel, audit log, state bucket, NATS) becomes a retry. */
function transient(err: unknown): Outcome | undefined {
  if (err instanceof AgencyError && err.retryable) return { kind: "retry", code: err.code };
  if (err instanceof AuditError) return { kind: "retry", code: err.code };
  if (err instanceof AdapterError) return { kind: "retry", code: err.code };
  return undefined;
}

/**
 * The handler of one copy on ariadne.deliver.<agency>, in this order:
 *   1. open and verify it (router attestation, originator's fields), map it: failures are
 *      permanent, the copy is dead-lettered at once;
 *   2. index it (copy id -> alert, originator, digest) so that later channel events find it;
 *   3. log the transfer (DISCLOSURE) and wait for the audit log to confirm it: fail closed;
 *   4. deliver with Idempotency-Key = copy id, keeping the message alive meanwhile;
 *   5. issue the signed delivery receipt (audited, then published to the originator);
 *   6. mark the copy delivered; only then does the work loop ack it.
 * A crash anywhere leaves the message unacked: it comes back, and every step repeats without
 * effect (same key, same event ids, same receipt id).
 */
export function createDeliveryHandler<A extends Agency>(deps: DeliveryDeps<A>): (item: WorkItem) => Promise<Outcome> {
  const clock = deps.clock ?? (() => new Date());
  const agency = deps.agency;
  const count = (outcome: string, code = "") => deps.metrics.deliveries.inc({ agency, outcome, code });

  return async (item) => {
    const log = deps.logger.child({ seq: item.streamSequence, traceId: item.trace.traceId });
    let prepared: PreparedCopy<A>;
    try {
      prepared = prepareCopy(agency, item.data, deps.verifier, { maxAgeMs: deps.settings.copyMaxAgeMs, now: clock() });
    } catch (err) {
      if (isEnvelopeError(err) || (err instanceof AgencyError && !err.retryable)) {
        log.warn({ code: err.code }, "copy refused");
        count("dead", err.code);
        return { kind: "dead", code: err.code, detail: "copy failed verification or mapping" };
      }
      throw err;
    }
    const { ref, meta, opened } = prepared;
    const traceparent = formatTraceparent(item.trace);
    try {
      await deps.index.begin({
        copyId: ref.copyId,
        alertId: ref.alertId,
        version: ref.version,
        originator: ref.originator,
        recipient: agency,
        manifestDigest: toHex(ref.manifestDigest),
        state: "pending",
        traceparent,
      });
      await deps.audit.append(
        [
          disclosureEvent(
            { actor: deps.party, occurredAt: clock(), traceId: item.trace.traceId },
            {
              alert: ref,
              recipient: agency,
              copyId: ref.copyId,
              copyDigest: prepared.copyDigest,
              why: { purposes: meta.purposes, legalBasis: meta.legalBasis, ruleIds: opened.attestation.ruleIds },
              step: { kind: "transferred", channel: agency },
              policyVersion: opened.attestation.policyVersion,
              disclosedCount: opened.paths.length,
              withheldCount: opened.withheldCount,
            },
          ),
        ],
        traceparent,
      );
      const delivered = await deliver(prepared, item);
      await issueEvidence(deps, [
        receiptItem(ref, {
          issuer: deps.party,
          evidence: Receipt_Evidence.EVIDENCE_DELIVERY,
          // The channel's acceptance time: a repeat signs the same bytes.
          at: new Date(delivered.receivedAt),
          channelReference: delivered.reference,
          attempts: item.deliveryCount,
          traceparent,
        }),
      ]);
      deps.metrics.receipts.inc({ agency, evidence: "EVIDENCE_DELIVERY" });
      const record = await deps.index.get(ref.copyId);
      if (record !== undefined && record.state !== "delivered") {
        await deps.index.put({ ...record, state: "delivered", reference: delivered.reference });
      }
      count(delivered.replayed ? "replayed" : "delivered");
      deps.metrics.attempts.observe({ agency }, item.deliveryCount);
      log.info({ copyId: ref.copyId, reference: delivered.reference, attempts: item.deliveryCount }, "delivered");
      return { kind: "ack" };
    } catch (err) {
      const retry = transient(err);
      if (retry !== undefined) {
        log.warn(
          { copyId: ref.copyId, code: retry.kind === "retry" ? retry.code : "", attempt: item.deliveryCount },
          "will retry",
        );
        count("retry", retry.kind === "retry" ? retry.code : "");
        return retry;
      }
      if (err instanceof AgencyError) {
        // The channel refused the message itself (4xx): repeating would be refused too.
        log.warn({ copyId: ref.copyId, code: err.code, channelCode: err.channelCode }, "channel refused the copy");
        count("dead", err.code);
        return { kind: "dead", code: err.code, detail: "the channel refused the copy" };
      }
      throw err;
    }
  };

  async function deliver(prepared: PreparedCopy<A>, item: WorkItem): Promise<Delivered> {
    const end = deps.metrics.channelLatency.startTimer({ agency, operation: "deliver" });
    try {
      const delivered = await whileWorking(item.msg, deps.settings.ackWaitMs / 3, () =>
        deps.channel.deliver(prepared.message, prepared.ref.copyId),
      );
      deps.channelHealth.observe();
      end({ result: "ok" });
      return delivered;
    } catch (err) {
      deps.channelHealth.observe(err);
      end({ result: err instanceof AgencyError ? err.code : "error" });
      throw err;
    }
  }
}
