import { AuditAction } from "@ariadne/contracts";
import { concernedRecipient, evidenceOf, type TrailEvent } from "./timeline.ts";

/** What the console counts, all from the audit log, so every number is backed by signed events. */
export interface Counters {
  /** Alert versions that reached the router: accepted plus rejected. */
  received: number;
  /** Collections: verified and routed under the mandates. */
  accepted: number;
  /** Rejections: refused at intake (bad signature, invalid alert, replay...). */
  rejected: number;
  /** Copies an agency channel confirmed (delivery receipts). */
  delivered: number;
  /** Copies an agency acknowledged (retrieval receipts). */
  acknowledged: number;
  /** Agency replies. */
  replies: number;
  /** Dead-letter events in the log (the DEADLETTER stream is counted separately). */
  deadLettered: number;
  /** Entries of the log read so far (consultations included). */
  logEntries: number;
}

/** One alert version as the search shows it. */
export interface AlertSummary {
  readonly alertId: string;
  readonly version: number;
  readonly originator: string;
  readonly receivedAt: string | undefined;
  /** Candidates allowed and refused by the decision (0 before it is logged). */
  allowed: number;
  refused: number;
  delivered: number;
  acknowledged: number;
  replies: number;
}

export interface SearchQuery {
  /** A whole alert id or its beginning. */
  readonly idPrefix?: string;
  readonly originator?: string;
  readonly since?: Date;
  readonly until?: Date;
  readonly limit?: number;
}

const emptyCounters = (): Counters => ({
  received: 0,
  accepted: 0,
  rejected: 0,
  delivered: 0,
  acknowledged: 0,
  replies: 0,
  deadLettered: 0,
  logEntries: 0,
});

/**
 * The console's in-memory index of the audit log, fed in log order. Why the log and not stream
 * headers: INTAKE forgets alerts (max age) and holds personal data, whereas the log keeps every
 * alert version for good, with its originator and time, signed, and nothing personal. The index
 * holds ids, codes and counts only; it is rebuilt from the log at start (docs/console.md).
 */
export class AlertIndex {
  readonly #alerts = new Map<string, AlertSummary>();
  readonly #counters = emptyCounters();
  /** Evidence counted once per alert version, recipient and code (an emitter may log it again under a new id). */
  readonly #seenEvidence = new Set<string>();
  #next = 0;
  readonly #maxAlerts: number;

  constructor(opts: { maxAlerts?: number } = {}) {
    this.#maxAlerts = opts.maxAlerts ?? 100_000;
  }

  /** The next log index the index has not seen. */
  get cursor(): number {
    return this.#next;
  }

  get counters(): Readonly<Counters> {
    return { ...this.#counters };
  }

  get size(): number {
    return this.#alerts.size;
  }

  add(e: TrailEvent): void {
    if (e.index < this.#next) return;
    this.#next = e.index + 1;
    this.#counters.logEntries = this.#next;
    const ev = e.event;
    const key = `${ev.alertId}.${ev.version}`;
    switch (ev.action) {
      case AuditAction.AUDIT_ACTION_COLLECTION: {
        this.#counters.received++;
        this.#counters.accepted++;
        if (!this.#alerts.has(key)) {
          this.#alerts.set(key, {
            alertId: ev.alertId,
            version: ev.version,
            originator: ev.originator,
            receivedAt: (e.entry.loggedAt ?? ev.occurredAt)?.toISOString(),
            allowed: 0,
            refused: 0,
            delivered: 0,
            acknowledged: 0,
            replies: 0,
          });
          this.#evict();
        }
        return;
      }
      case AuditAction.AUDIT_ACTION_REJECTION:
        this.#counters.received++;
        this.#counters.rejected++;
        return;
      case AuditAction.AUDIT_ACTION_DEAD_LETTER:
        this.#counters.deadLettered++;
        return;
      case AuditAction.AUDIT_ACTION_DECISION: {
        const a = this.#alerts.get(key);
        if (a) {
          a.allowed = ev.decisions.filter((d) => d.delivered).length;
          a.refused = ev.decisions.length - a.allowed;
        }
        return;
      }
      case AuditAction.AUDIT_ACTION_EVIDENCE: {
        const evidence = evidenceOf(ev.detail);
        if (evidence?.direction !== "issued") return;
        const seen = `${key}|${concernedRecipient(ev) ?? ""}|${evidence.kind}|${evidence.code}`;
        if (this.#seenEvidence.has(seen)) return;
        this.#seenEvidence.add(seen);
        const a = this.#alerts.get(key);
        const field =
          evidence.kind === "reply"
            ? "replies"
            : evidence.code === "EVIDENCE_DELIVERY"
              ? "delivered"
              : evidence.code === "EVIDENCE_RETRIEVAL"
                ? "acknowledged"
                : undefined;
        if (field === undefined) return;
        this.#counters[field]++;
        if (a) a[field]++;
        return;
      }
      default:
        return;
    }
  }

  /** Alert versions matching every given filter, newest first. */
  search(q: SearchQuery): AlertSummary[] {
    const limit = q.limit ?? 50;
    const prefix = q.idPrefix?.trim() ?? "";
    const since = q.since?.getTime();
    const until = q.until?.getTime();
    const out: AlertSummary[] = [];
    for (const a of [...this.#alerts.values()].reverse()) {
      if (prefix !== "" && !a.alertId.startsWith(prefix)) continue;
      if (q.originator && a.originator !== q.originator) continue;
      const at = a.receivedAt === undefined ? undefined : Date.parse(a.receivedAt);
      if (since !== undefined && (at === undefined || at < since)) continue;
      if (until !== undefined && (at === undefined || at >= until)) continue;
      out.push({ ...a });
      if (out.length >= limit) break;
    }
    return out;
  }

  /** The originators seen, for the search form. */
  originators(): string[] {
    return [...new Set([...this.#alerts.values()].map((a) => a.originator))].sort();
  }

  /** Forgets the oldest alerts beyond the bound (Map keeps insertion order, which is log order). */
  #evict(): void {
    while (this.#alerts.size > this.#maxAlerts) {
      const oldest = this.#alerts.keys().next().value;
      if (oldest === undefined) return;
      this.#alerts.delete(oldest);
    }
  }
}
