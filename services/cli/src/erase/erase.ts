import { AuditError, erasureEvent, type Logged } from "@ariadne/audit";
import { AuditQueryError } from "@ariadne/audit-service";
import { type AuditEvent, Purpose } from "@ariadne/contracts";
import { JetStreamApiCodes, JetStreamApiError, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { auditFailure } from "../audit/query.ts";
import { CliError } from "../errors.ts";
import { type ErasurePlan, planErasure, type Unidentified, type VersionPlan } from "./plan.ts";
import { knownVersions } from "./refs.ts";
import { findAlertData, type StoredRef } from "./scan.ts";

export interface EraseRequest {
  readonly alertId: string;
  readonly version?: number;
  /** UPPER_SNAKE (parseReasonCode). */
  readonly reasonCode: string;
  /** The operator party that signs the erasure events. */
  readonly actor: string;
  readonly legalBasis: string;
  /** Purposes named in the events; default: those the version was collected for. */
  readonly purposes?: readonly Purpose[];
}

export interface EraseDeps {
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  /** The alert's audit trail (a consultation the audit service logs before it answers). */
  readonly trail: (alertId: string) => Promise<readonly AuditEvent[]>;
  /** Appends signed events and resolves once the log stored them (AuditClient.append). */
  readonly append: (events: readonly AuditEvent[]) => Promise<readonly Logged[]>;
  readonly clock?: () => Date;
}

export interface ErasedVersion {
  readonly version: number;
  readonly eventId: string;
  readonly auditIndex: number;
  /** The log already held this erasure (a repeated run): nothing new was logged. */
  readonly duplicate: boolean;
  /** What the event says was about to be erased. */
  readonly scope: VersionPlan["scope"];
  readonly deleted: { readonly messages: number; readonly records: number };
  /** Gone before we deleted them (expired, or another erase got there first). */
  readonly alreadyGone: number;
}

export interface ErasureReport {
  readonly alertId: string;
  readonly reasonCode: string;
  readonly versions: readonly ErasedVersion[];
  readonly unidentified: readonly Unidentified[];
  /** Messages whose delete failed: the erasure is logged, run it again. */
  readonly failed: readonly StoredRef[];
}

const FALLBACK_PURPOSES = [Purpose.PURPOSE_CRIMINAL_ANALYSIS];

function auditUnavailable(what: string, cause: unknown): CliError {
  return new CliError("AUDIT_UNAVAILABLE", `the audit log did not answer the ${what}: nothing was erased`, { cause });
}

async function lookUp(deps: EraseDeps, alertId: string): Promise<readonly AuditEvent[]> {
  try {
    return await deps.trail(alertId);
  } catch (err) {
    if (err instanceof AuditQueryError && err.code === "UNAVAILABLE") throw auditUnavailable("trail lookup", err);
    throw auditFailure(err);
  }
}

async function logErasure(deps: EraseDeps, events: readonly AuditEvent[]): Promise<readonly Logged[]> {
  try {
    return await deps.append(events);
  } catch (err) {
    if (err instanceof AuditError && err.code === "APPEND_REFUSED") {
      throw new CliError(
        "REFUSED",
        `the audit service refused the erasure events: ${err.message}; nothing was erased`,
        {
          cause: err,
        },
      );
    }
    throw auditUnavailable("erasure events", err);
  }
}

type Deleted = "deleted" | "gone" | "failed";

/** Secure delete (erase: the server overwrites the stored bytes), by sequence: one message, never a subject. */
async function deleteOne(jsm: JetStreamManager, ref: StoredRef): Promise<Deleted> {
  try {
    return (await jsm.streams.deleteMessage(ref.stream, ref.seq, true)) ? "deleted" : "failed";
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.NoMessageFound) return "gone";
    return "failed";
  }
}

function eventsOf(plan: ErasurePlan, req: EraseRequest, now: Date): AuditEvent[] {
  return plan.versions.map((v) => {
    const purposes = req.purposes ?? (v.known.purposes.length > 0 ? v.known.purposes : FALLBACK_PURPOSES);
    return erasureEvent(
      { actor: req.actor, occurredAt: now },
      {
        alert: v.known.ref,
        reasonCode: req.reasonCode,
        why: { purposes: [...purposes], legalBasis: req.legalBasis, ruleIds: [] },
        scope: v.scope,
      },
    );
  });
}

/**
 * The erasure of an alert (LED Art. 16 and 25), fail closed: (a) find what the audit log knows
 * of the alert and what the streams and adapter state still hold of it; (b) log one erasure event
 * per version and wait for the log's confirmation — if it does not come, nothing is erased;
 * (c) delete each message found, by sequence. The audit log itself is never erased.
 */
export async function eraseAlert(deps: EraseDeps, req: EraseRequest): Promise<ErasureReport> {
  const known = knownVersions(await lookUp(deps, req.alertId), req.alertId);
  const data = await findAlertData(deps.js, deps.jsm, req.alertId, req.version);
  const plan = planErasure(known, data, req.version);
  if (plan.versions.length === 0) {
    const which = req.version === undefined ? "" : ` version ${req.version}`;
    const held = plan.unidentified.reduce((n, u) => n + u.messages + u.records, 0);
    throw new CliError(
      "NOT_FOUND",
      held === 0
        ? `the audit log records no collection of alert ${req.alertId}${which}: nothing to erase`
        : `${held} message(s) name alert ${req.alertId}${which}, but the audit log records no collection of it: nothing erased`,
    );
  }
  const events = eventsOf(plan, req, (deps.clock ?? (() => new Date()))());
  const logged = await logErasure(deps, events);
  // AuditClient confirms each event or throws; checked here so no delete runs on a partial answer.
  if (logged.length !== events.length) throw auditUnavailable("erasure events", undefined);
  const failed: StoredRef[] = [];
  const versions: ErasedVersion[] = [];
  for (const [i, v] of plan.versions.entries()) {
    const l = logged[i];
    if (l === undefined) continue; // unreachable: the lengths match
    const outcome = { messages: 0, records: 0, gone: 0 };
    for (const [kind, refs] of [
      ["messages", v.messages],
      ["records", v.records],
    ] as const) {
      for (const ref of refs) {
        const r = await deleteOne(deps.jsm, ref);
        if (r === "deleted") outcome[kind]++;
        else if (r === "gone") outcome.gone++;
        else failed.push(ref);
      }
    }
    versions.push({
      version: v.version,
      eventId: l.eventId,
      auditIndex: l.index,
      duplicate: l.duplicate,
      scope: v.scope,
      deleted: { messages: outcome.messages, records: outcome.records },
      alreadyGone: outcome.gone,
    });
  }
  return { alertId: req.alertId, reasonCode: req.reasonCode, versions, unidentified: plan.unidentified, failed };
}
