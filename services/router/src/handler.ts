import { createHash } from "node:crypto";
import { type AuditClient, type EventContext, LIMITS } from "@ariadne/audit";
import { H, partyOfSubject } from "@ariadne/bus";
import type { AuditEvent } from "@ariadne/contracts";
import {
  type ClaimResult,
  isEnvelopeError,
  MESSAGE_TYPES,
  type OpenedAlert,
  type ReplayGuard,
  type Signer,
  type Verifier,
} from "@ariadne/envelope";
import { decide } from "@ariadne/policy";
import { childSpan, formatTraceparent, type Logger, type Outcome, type WorkItem } from "@ariadne/runtime";
import type { JetStreamClient } from "@nats-io/jetstream";
import { type AppendOutcome, appendUntilLogged } from "./audit-hold.ts";
import { buildCopies } from "./copies.ts";
import { RouterError } from "./errors.ts";
import { type RoutingHistory, rejectionAuditEvent, routingEvents } from "./events.ts";
import { checkAlert, openIntake, type Refusal, refusalOf } from "./intake.ts";
import type { AlertOutcome, RouterMetrics } from "./metrics.ts";
import type { RouterOptions } from "./options.ts";
import { publishCopy, publishReturn } from "./outputs.ts";
import { choosePolicy, type PolicyChoice, type PolicySource } from "./policy-pin.ts";
import { buildAcceptanceReceipt, signReceipt } from "./receipt.ts";
import { claimedIds, sealRejection } from "./rejection.ts";

/** What the router needs of the audit client (AuditClient satisfies it). */
export type AuditAppender = Pick<AuditClient, "append">;

export interface HandlerDeps {
  readonly js: JetStreamClient;
  readonly signer: Signer;
  readonly verifier: Verifier;
  readonly mandates: PolicySource;
  readonly replayGuard: ReplayGuard;
  readonly audit: AuditAppender;
  readonly logger: Logger;
  readonly metrics: RouterMetrics;
  readonly options: RouterOptions;
  readonly clock: () => Date;
  /** Aborted on stop: messages held for the audit log go back to the stream. */
  readonly signal: AbortSignal;
}

interface Handled {
  readonly outcome: Outcome;
  readonly label: AlertOutcome;
}

const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

/** A code fit for headers, metrics and audit events: the error's own stable code, or INTERNAL. */
export function safeCode(err: unknown): string {
  const code = typeof err === "string" ? err : (err as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && CODE.test(code) ? code : "INTERNAL";
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/**
 * The router's algorithm for one intake message, in the order the issue states it:
 * open (size, envelope, signature, party, replay window, disclosures), validate, replay guard,
 * then either reject (signed notice + audit, ack) or decide, audit, minimise and attest, publish
 * every copy, send the acceptance receipt, ack. Nothing is published before the audit log
 * confirms; nothing is acked before every output is stored.
 */
export function createHandler(deps: HandlerDeps): (item: WorkItem) => Promise<Outcome> {
  return async (item) => {
    const end = deps.metrics.latency.startTimer();
    if (item.deliveryCount > 1) deps.metrics.redeliveries.inc();
    let handled: Handled;
    try {
      handled = await handleOne(deps, item);
    } catch (err) {
      const code = safeCode(err);
      deps.logger.error({ err, seq: item.streamSequence, code, traceId: item.trace.traceId }, "intake message failed");
      handled = { outcome: { kind: "retry", code }, label: "retry" };
    }
    deps.metrics.alerts.inc({ outcome: handled.label });
    end({ outcome: handled.label });
    return handled.outcome;
  };
}

async function handleOne(deps: HandlerDeps, item: WorkItem): Promise<Handled> {
  const publisher = partyOfSubject(item.subject, "intake");
  if (publisher === undefined) {
    // Nobody to answer: the operators see it in the dead letters (NATS permissions prevent it).
    return { outcome: { kind: "dead", code: "INTAKE_SUBJECT_INVALID" }, label: "dead" };
  }
  const storedAt = item.msg.time;
  // One version decides the whole alert; the claim records it for a redelivery.
  const current = deps.mandates.current;
  let opened: OpenedAlert | undefined;
  let claimed: ClaimResult;
  try {
    opened = openIntake({ publisher, data: item.data, storedAt }, deps.verifier, deps.options.maxEnvelopeBytes);
    // Validation before the replay claim: a refused alert does not use up its id and version.
    checkAlert(opened, storedAt);
    claimed = await claim(deps.replayGuard, opened, item.streamSequence, current.version);
  } catch (err) {
    const refusal = refusalOf(err);
    if (refusal === undefined) throw err;
    return reject(deps, item, publisher, refusal, opened);
  }
  const first = claimed === "redelivery" ? await firstPolicyVersion(deps.replayGuard, opened) : undefined;
  return route(deps, item, opened, choosePolicy(deps.mandates, current, first));
}

async function claim(guard: ReplayGuard, opened: OpenedAlert, sequence: number, policy: string): Promise<ClaimResult> {
  const { alertId, version } = opened.manifest;
  try {
    // "redelivery" (same stream sequence) continues: every output has a dedup id.
    return await guard.claim(alertId, version, opened.manifestDigest, sequence, policy);
  } catch (err) {
    if (isEnvelopeError(err)) throw err; // REPLAY, or an id unfit for the guard (MALFORMED)
    throw new RouterError("REPLAY_GUARD_UNAVAILABLE", "replay guard could not be consulted", { cause: err });
  }
}

/** The policy version the first attempt recorded with its claim (a redelivery only: rare). */
async function firstPolicyVersion(guard: ReplayGuard, opened: OpenedAlert): Promise<string | undefined> {
  try {
    return (await guard.recorded(opened.manifest.alertId, opened.manifest.version))?.policyVersion;
  } catch (err) {
    throw new RouterError("REPLAY_GUARD_UNAVAILABLE", "replay guard could not be consulted", { cause: err });
  }
}

/**
 * The manifest digest of the version a new one supersedes, while the replay guard remembers it.
 * Only for versions above 1; a failed look-up leaves it out rather than holding the alert.
 */
async function supersededDigest(guard: ReplayGuard, opened: OpenedAlert): Promise<Uint8Array | undefined> {
  const { alertId, version } = opened.manifest;
  if (version <= 1) return undefined;
  try {
    return (await guard.recorded(alertId, version - 1))?.digest;
  } catch {
    return undefined;
  }
}

function eventContext(deps: HandlerDeps, item: WorkItem): EventContext {
  return { actor: deps.signer.party, occurredAt: deps.clock(), traceId: item.trace.traceId };
}

async function appendHeld(deps: HandlerDeps, item: WorkItem, events: AuditEvent[]): Promise<AppendOutcome> {
  const traceparent = formatTraceparent(childSpan(item.trace));
  let holding = false;
  try {
    return await appendUntilLogged(() => deps.audit.append(events, traceparent), {
      signal: deps.signal,
      baseMs: deps.options.auditRetry.baseMs,
      maxMs: deps.options.auditRetry.maxMs,
      keepAlive: () => item.msg.working(),
      onFailure: (code) => {
        deps.metrics.auditFailures.inc({ code });
        if (!holding && code === "AUDIT_UNAVAILABLE") {
          holding = true;
          deps.metrics.held.inc();
          deps.logger.warn({ seq: item.streamSequence, code }, "audit log unavailable: holding, nothing disclosed");
        }
      },
    });
  } finally {
    if (holding) deps.metrics.held.dec();
  }
}

async function reject(
  deps: HandlerDeps,
  item: WorkItem,
  publisher: string,
  refusal: Refusal,
  opened: OpenedAlert | undefined,
): Promise<Handled> {
  const receivedDigest = createHash("sha256").update(item.data).digest();
  const ids = claimedIds(opened, (name) => item.msg.headers?.get(name) || undefined, {
    alertId: H.alertId,
    version: H.alertVersion,
  });
  const { bytes, msgId } = sealRejection(
    {
      publisher,
      refusal,
      ids,
      receivedDigest,
      receivedDigestHex: hex(receivedDigest),
      intakeSequence: item.streamSequence,
      issuedAt: deps.clock(),
    },
    deps.signer,
    LIMITS.artefactBytes,
  );
  const event = rejectionAuditEvent(eventContext(deps, item), {
    publisher,
    code: refusal.code,
    receivedDigest,
    notice: bytes,
    ids,
  });
  const logged = await appendHeld(deps, item, [event]);
  if (logged.kind === "retry") return { outcome: logged, label: "retry" };
  await publishReturn(deps.js, publisher, bytes, {
    type: MESSAGE_TYPES.RejectionNotice,
    msgId,
    trace: item.trace,
    alertId: ids.alertId,
    version: ids.version,
    errorCode: refusal.code,
  });
  deps.metrics.rejections.inc({ code: refusal.code });
  deps.logger.warn(
    { seq: item.streamSequence, code: refusal.code, publisher, alertId: ids.alertId, traceId: item.trace.traceId },
    "alert rejected",
  );
  return { outcome: { kind: "ack" }, label: "rejected" };
}

async function route(deps: HandlerDeps, item: WorkItem, opened: OpenedAlert, policy: PolicyChoice): Promise<Handled> {
  const { mandates } = policy;
  deps.metrics.policy(deps.mandates.current.version); // the info metric names the version in force
  const superseded = supersededDigest(deps.replayGuard, opened); // overlaps the decision
  const decisions = decide(opened.alert, opened.paths, mandates);
  const earlier = await superseded;
  const history: RoutingHistory = {
    ...(earlier === undefined ? {} : { supersededDigest: earlier }),
    ...(policy.firstPolicyVersion === undefined ? {} : { firstPolicyVersion: policy.firstPolicyVersion }),
  };
  if (policy.pinned || policy.firstPolicyVersion !== undefined) {
    const ids = { seq: item.streamSequence, alertId: opened.manifest.alertId, traceId: item.trace.traceId };
    if (policy.pinned) {
      deps.logger.info(
        { ...ids, policyVersion: mandates.version },
        "redelivery decided under its first policy version",
      );
    } else {
      deps.logger.warn(
        { ...ids, policyVersion: mandates.version, firstPolicyVersion: policy.firstPolicyVersion },
        "redelivery decided under the current policy version: its first one is no longer loaded",
      );
    }
  }
  const logged = await appendHeld(
    deps,
    item,
    routingEvents(eventContext(deps, item), opened, decisions, mandates.version, history),
  );
  if (logged.kind === "retry") return { outcome: logged, label: "retry" };

  // Built after the log confirmed, so the router's signature is fresh however long we held.
  const copies = buildCopies(opened, decisions, deps.signer, deps.clock());
  const acks = await Promise.all(copies.map((c) => publishCopy(deps.js, c, item.trace)));
  const { alertId, version, originator } = opened.manifest;
  const { receipt, msgId } = buildAcceptanceReceipt(
    opened,
    copies.map((c) => c.recipient),
    deps.signer.party,
    deps.clock(),
    hex(opened.manifestDigest),
  );
  await publishReturn(deps.js, originator, signReceipt(receipt, deps.signer), {
    type: MESSAGE_TYPES.Receipt,
    msgId,
    trace: item.trace,
    alertId,
    version,
  });

  copies.forEach((c, i) => {
    if (acks[i]?.duplicate === false) deps.metrics.copies.inc({ recipient: c.recipient });
  });
  for (const d of decisions) {
    if (!d.delivered) deps.metrics.refusals.inc({ recipient: d.recipient, reason: d.reasonCode });
  }
  deps.logger.info(
    {
      seq: item.streamSequence,
      alertId,
      version,
      policyVersion: mandates.version,
      copies: copies.length,
      refused: decisions.length - copies.length,
      traceId: item.trace.traceId,
    },
    "alert routed",
  );
  return { outcome: { kind: "ack" }, label: "routed" };
}
