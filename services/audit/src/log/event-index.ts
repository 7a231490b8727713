import type { AuditAction } from "@ariadne/contracts";

/** What the indexes keep of one logged event: ids and codes, never its content. */
export interface EventMeta {
  readonly eventId: string;
  readonly actor: string;
  readonly officer: string;
  readonly action: AuditAction;
  /** The event's alert_id and linked_alert_ids: the trails it belongs to. */
  readonly alertIds: readonly string[];
  readonly loggedAtMs: number;
}

export interface EventFilter {
  readonly actor?: string;
  readonly officer?: string;
  readonly action?: AuditAction;
  /** logged_at in [sinceMs, untilMs). */
  readonly sinceMs?: number;
  readonly untilMs?: number;
}

export interface Page {
  /** Log indexes, ascending. */
  readonly indexes: number[];
  /** Where the next page starts (the log size when there is no more). */
  readonly nextCursor: number;
  readonly hasMore: boolean;
}

/** First position in the ascending `list` whose value is >= `value`. */
function lowerBound(list: ArrayLike<number>, value: number, lo = 0, hi = list.length): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if ((list[mid] as number) < value) a = mid + 1;
    else b = mid;
  }
  return a;
}

function push(map: Map<string, number[]>, key: string, index: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [index]);
  else list.push(index);
}

/**
 * In-memory indexes over the log, rebuilt from the stream on start: event id -> index (the
 * de-duplication of retried emissions), alert id -> indexes (trails), actor and officer ->
 * indexes, and logged_at per index. Every list is in log order, so a page is a binary search
 * and a scan; logged_at never decreases along the log (the writer makes sure), so a time range
 * is an index range.
 */
export class EventIndex {
  readonly #byEventId = new Map<string, number>();
  readonly #byAlert = new Map<string, number[]>();
  readonly #byActor = new Map<string, number[]>();
  readonly #byOfficer = new Map<string, number[]>();
  readonly #loggedAt: number[] = [];
  readonly #actor: string[] = [];
  readonly #officer: string[] = [];
  readonly #action: number[] = [];

  get size(): number {
    return this.#loggedAt.length;
  }

  /** logged_at of the newest entry (0 while empty). */
  get lastLoggedAtMs(): number {
    return this.#loggedAt[this.#loggedAt.length - 1] ?? 0;
  }

  /** Indexes the entry at the next index; an out-of-order logged_at is clamped to keep ranges exact. */
  add(meta: EventMeta): number {
    const index = this.size;
    if (!this.#byEventId.has(meta.eventId)) this.#byEventId.set(meta.eventId, index);
    for (const alertId of new Set(meta.alertIds)) if (alertId !== "") push(this.#byAlert, alertId, index);
    push(this.#byActor, meta.actor, index);
    if (meta.officer !== "") push(this.#byOfficer, meta.officer, index);
    this.#loggedAt.push(Math.max(meta.loggedAtMs, this.lastLoggedAtMs));
    this.#actor.push(meta.actor);
    this.#officer.push(meta.officer);
    this.#action.push(meta.action);
    return index;
  }

  indexOfEvent(eventId: string): number | undefined {
    return this.#byEventId.get(eventId);
  }

  /** The events about one alert, in log order, from `cursor`. */
  trail(alertId: string, cursor: number, limit: number): Page {
    return this.#page(this.#byAlert.get(alertId) ?? [], {}, cursor, limit, this.size);
  }

  /** Events matching every given filter, in log order, from `cursor`; at most `scan` candidates looked at. */
  events(filter: EventFilter, cursor: number, limit: number, scan: number): Page {
    const lo = filter.sinceMs === undefined ? 0 : lowerBound(this.#loggedAt, filter.sinceMs);
    const hi = filter.untilMs === undefined ? this.size : lowerBound(this.#loggedAt, filter.untilMs);
    const start = Math.max(cursor, lo);
    const list =
      filter.officer !== undefined
        ? (this.#byOfficer.get(filter.officer) ?? [])
        : filter.actor !== undefined
          ? (this.#byActor.get(filter.actor) ?? [])
          : undefined;
    if (list !== undefined) return this.#page(list, filter, start, limit, hi, scan);
    const indexes: number[] = [];
    let i = start;
    for (; i < hi && indexes.length < limit && i - start < scan; i++) if (this.#matches(i, filter)) indexes.push(i);
    return i < hi ? { indexes, nextCursor: i, hasMore: true } : { indexes, nextCursor: this.size, hasMore: false };
  }

  #page(
    list: readonly number[],
    filter: EventFilter,
    cursor: number,
    limit: number,
    hi: number,
    scan = Infinity,
  ): Page {
    const indexes: number[] = [];
    let at = lowerBound(list, cursor);
    let scanned = 0;
    for (; at < list.length && indexes.length < limit && scanned < scan; at++, scanned++) {
      const index = list[at] as number;
      if (index >= hi) break;
      if (this.#matches(index, filter)) indexes.push(index);
    }
    const next = list[at];
    return next !== undefined && next < hi
      ? { indexes, nextCursor: next, hasMore: true }
      : { indexes, nextCursor: this.size, hasMore: false };
  }

  #matches(index: number, filter: EventFilter): boolean {
    return (
      (filter.actor === undefined || this.#actor[index] === filter.actor) &&
      (filter.officer === undefined || this.#officer[index] === filter.officer) &&
      (filter.action === undefined || this.#action[index] === filter.action)
    );
  }
}
