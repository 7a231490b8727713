import { setTimeout as sleep } from "node:timers/promises";
import type { Agency, ChannelClient, ChannelEvent } from "@ariadne/agencies";
import type { Logger } from "@ariadne/runtime";
import type { EventsSettings } from "../config.ts";
import type { ChannelHealth } from "../delivery/channel-health.ts";
import type { EvidenceItem } from "../evidence/build.ts";
import { type IssueDeps, issueEvidence } from "../evidence/issue.ts";
import type { AdapterMetrics } from "../metrics.ts";
import type { CopyIndex } from "../state/copy-index.ts";
import type { EventsCursor } from "../state/cursor.ts";
import { translateEvent } from "./translate.ts";

export interface PollerDeps<A extends Agency> extends IssueDeps {
  readonly agency: A;
  readonly channel: ChannelClient<A>;
  readonly channelHealth: ChannelHealth;
  readonly index: CopyIndex;
  readonly cursor: EventsCursor;
  readonly settings: EventsSettings;
  readonly logger: Logger;
  readonly metrics: AdapterMetrics;
}

export interface EventPoller {
  /** Reads the events after the shared cursor once; true when a full page suggests more. */
  pollOnce(): Promise<boolean>;
  /** Stops polling; a poll still waiting on the channel after `graceMs` is abandoned (the cursor stays). */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Follows the channel's events (acknowledgements, replies) and returns them to the originators
 * as signed evidence. Every replica runs one; they share the cursor in the state bucket:
 * read cursor -> read page -> issue evidence (audited, published with deterministic ids) ->
 * move the cursor with compare-and-set. Two replicas reading the same page issue the same
 * ids, which the audit log and the RETURN stream store once.
 */
export function startEventPoller<A extends Agency>(deps: PollerDeps<A>): EventPoller {
  const agency = deps.agency;
  const stopping = new AbortController();

  async function relay(events: readonly ChannelEvent[]): Promise<{ items: EvidenceItem[]; upTo: number }> {
    const items: EvidenceItem[] = [];
    let upTo = 0;
    for (const event of events) {
      const record = await deps.index.get(event.idempotencyKey);
      const decision = translateEvent(event, record, deps.party, agency);
      if (decision.kind === "hold") {
        deps.metrics.events.inc({ agency, type: event.type, outcome: "held" });
        break;
      }
      upTo += 1;
      if (decision.kind === "unknown") {
        deps.metrics.events.inc({ agency, type: event.type, outcome: "unknown" });
        deps.logger.warn({ reference: event.reference, cursor: event.cursor }, "channel event for an unknown copy");
        continue;
      }
      items.push(decision.item);
    }
    return { items, upTo };
  }

  async function pollOnce(): Promise<boolean> {
    const from = await deps.cursor.read();
    const end = deps.metrics.channelLatency.startTimer({ agency, operation: "events" });
    let page: Awaited<ReturnType<ChannelClient<A>["events"]>>;
    try {
      page = await deps.channel.events(from.cursor, deps.settings.pageSize);
      deps.channelHealth.observe();
      end({ result: "ok" });
    } catch (err) {
      deps.channelHealth.observe(err);
      end({ result: (err as { code?: string }).code ?? "error" });
      throw err;
    }
    const { items, upTo } = await relay(page.events);
    await issueEvidence(deps, items);
    for (const item of items) {
      if (item.kind === "receipt") deps.metrics.receipts.inc({ agency, evidence: item.evidenceCode });
      else deps.metrics.replies.inc({ agency, kind: item.evidenceCode });
      deps.metrics.events.inc({ agency, type: item.kind === "receipt" ? "acknowledged" : "reply", outcome: "relayed" });
    }
    const next = upTo === page.events.length ? page.next : (page.events[upTo - 1]?.cursor ?? from.cursor);
    if (next !== from.cursor && !(await deps.cursor.advance(from, next))) {
      deps.logger.debug({ cursor: next }, "another replica moved the events cursor first");
    }
    return upTo === page.events.length && page.events.length === deps.settings.pageSize;
  }

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      let more = false;
      try {
        more = await pollOnce();
      } catch (err) {
        const code = (err as { code?: string }).code ?? "INTERNAL";
        deps.metrics.pollErrors.inc({ agency, code });
        deps.logger.warn({ code }, "events poll failed");
      }
      if (more) continue;
      // Jitter: replicas drift apart instead of polling the same page together.
      const wait = deps.settings.pollMs * (0.75 + Math.random() * 0.5);
      await sleep(wait, undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  })();

  return {
    pollOnce,
    async stop(graceMs = Number.POSITIVE_INFINITY) {
      stopping.abort();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        loop,
        new Promise<void>((resolve) => {
          if (Number.isFinite(graceMs)) timer = setTimeout(resolve, graceMs);
        }),
      ]).finally(() => clearTimeout(timer));
    },
  };
}
