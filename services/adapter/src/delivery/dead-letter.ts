import { createHash } from "node:crypto";
import type { Agency } from "@ariadne/agencies";
import { type AlertRef, type AuditClient, deadLetterEvent } from "@ariadne/audit";
import { PARTY_ID } from "@ariadne/bus";
import { isAlertId, Receipt_Evidence, RoutingAttestation, receipt_EvidenceToJSON } from "@ariadne/contracts";
import { isEnvelopeError, openRoutedCopy, type Signer, type Verifier } from "@ariadne/envelope";
import { type DeadLetter, formatTraceparent, type Logger } from "@ariadne/runtime";
import type { JetStreamClient } from "@nats-io/jetstream";
import type { DeliverySettings } from "../config.ts";
import { receiptItem } from "../evidence/build.ts";
import { type CopyRef, copyRefOfOpened } from "../evidence/copy-ref.ts";
import { issueEvidence } from "../evidence/issue.ts";
import type { AdapterMetrics } from "../metrics.ts";
import type { CopyIndex } from "../state/copy-index.ts";

export interface DeadLetterDeps {
  readonly agency: Agency;
  readonly party: string;
  readonly verifier: Verifier;
  readonly signer: Signer;
  readonly audit: AuditClient;
  readonly js: JetStreamClient;
  readonly index: CopyIndex;
  readonly settings: DeliverySettings;
  readonly logger: Logger;
  readonly metrics: AdapterMetrics;
  readonly clock?: () => Date;
}

/** What the copy is, verified if it verifies, else as it claims to be (ids only, for evidence). */
export function identifyCopy(
  bytes: Uint8Array,
  verifier: Verifier,
  agency: string,
  maxAgeMs: number,
): { ref: CopyRef; verified: boolean } | undefined {
  try {
    return { ref: copyRefOfOpened(openRoutedCopy(bytes, verifier, { recipient: agency, maxAgeMs })), verified: true };
  } catch (err) {
    if (!isEnvelopeError(err)) throw err;
  }
  try {
    const outer = verifier.decode(bytes);
    const a = RoutingAttestation.decode(outer.payload);
    const subject = outer.subject?.payload;
    if (!isAlertId(a.alertId) || !PARTY_ID.test(a.originator) || subject === undefined || subject.length === 0) {
      return undefined;
    }
    const ref: CopyRef = {
      copyId: `${a.alertId}.${a.version}.${agency}`,
      alertId: a.alertId,
      version: a.version,
      originator: a.originator,
      recipient: agency,
      manifestDigest: new Uint8Array(createHash("sha256").update(subject).digest()),
    };
    return { ref, verified: false };
  } catch {
    return undefined;
  }
}

/** A copy that is not even a copy (refused before the channel) is a relay failure, else non-delivery. */
function evidenceFor(code: string): Receipt_Evidence {
  return code.startsWith("CHANNEL_") ||
    code.startsWith("AUDIT_") ||
    code.startsWith("APPEND_") ||
    code.startsWith("STATE_")
    ? Receipt_Evidence.EVIDENCE_NON_DELIVERY
    : Receipt_Evidence.EVIDENCE_RELAY_FAILURE;
}

/**
 * Runs after the work loop copied a message to ariadne.dlq.adapter.<agency> and before it
 * terminates it: the dead letter goes into the audit trail (operators see it there and in the
 * dead-letter stream), the originator gets a signed negative receipt, and the copy index says
 * "dead" so that channel events for it are not held back. If the audit log does not confirm,
 * this throws and the message stays unacked: it comes back and is dead-lettered again (the
 * dead-letter publish is deduplicated), so no dead letter goes unrecorded.
 */
export function createDeadLetterHook(deps: DeadLetterDeps): (dead: DeadLetter) => Promise<void> {
  const clock = deps.clock ?? (() => new Date());
  return async ({ item, code }) => {
    const identified = identifyCopy(item.data, deps.verifier, deps.agency, deps.settings.copyMaxAgeMs);
    const now = clock();
    const traceparent = formatTraceparent(item.trace);
    const messageId = identified?.ref.copyId ?? `DELIVERY.${item.streamSequence}`;
    const alert: AlertRef | undefined = identified?.ref;
    const evidence = evidenceFor(code);
    const event = deadLetterEvent(
      { actor: deps.party, occurredAt: now, traceId: item.trace.traceId },
      {
        stage: deps.party,
        messageId,
        code,
        attempts: item.deliveryCount,
        recipient: deps.agency,
        ...(alert === undefined ? {} : { alert }),
      },
    );
    await deps.audit.append([event], traceparent);
    // Without a verifiable-looking alert id and originator nobody can be told: the dead letter
    // and its audit record are all there is.
    if (identified !== undefined) {
      await issueEvidence(deps, [
        receiptItem(identified.ref, {
          issuer: deps.party,
          evidence,
          at: now,
          code,
          detail: identified.verified ? "dead lettered after bounded attempts" : "copy failed verification",
          attempts: item.deliveryCount,
          traceparent,
        }),
      ]);
      deps.metrics.receipts.inc({ agency: deps.agency, evidence: receipt_EvidenceToJSON(evidence) });
      const record = identified.verified ? await deps.index.get(identified.ref.copyId) : undefined;
      if (record !== undefined && record.state === "pending") await deps.index.put({ ...record, state: "dead" });
    }
    deps.metrics.deadLetters.inc({ agency: deps.agency, code });
    deps.logger.warn({ messageId, code, attempts: item.deliveryCount }, "dead letter recorded");
  };
}
