import { PARTY_ID, subjects } from "@ariadne/bus";
import { Envelope, FeedRequest, FeedRequest_Action, feedRequest_ActionToJSON } from "@ariadne/contracts";
import type { Msg, Subscription } from "@nats-io/transport-node";
import { FeedError } from "../errors.ts";
import { sendRefusal } from "./frames.ts";
import { type CheckedRequest, checkFeedRequest, officerInbox } from "./request.ts";
import { FeedSession, type SessionDeps } from "./session.ts";

export interface FeedService {
  /** Feeds running in this process. */
  readonly active: number;
  /** Stops taking requests and ends every feed (END SERVICE_STOPPING). */
  stop(): Promise<void>;
}

/** Request ids are kept for the verifier's replay window: an older request fails freshness. */
const SEEN_MS = 6 * 60_000;

/** The action a request claims, read without verifying: only to route it to the right handler. */
function claimedRequest(data: Uint8Array): FeedRequest | undefined {
  try {
    return FeedRequest.decode(Envelope.decode(data).payload);
  } catch {
    return undefined;
  }
}

/**
 * The agency's liaison-officer feed on ariadne.feed.<agency>. OPEN requests go to one replica
 * (queue group): it runs the feed. RENEW and CLOSE reach every replica (plain subscription),
 * and the one running the feed applies them, after verifying them like an OPEN.
 */
export async function startFeedService(deps: SessionDeps): Promise<FeedService> {
  const { agency, nc, logger, metrics } = deps;
  const sessions = new Map<string, FeedSession>();
  const seen = new Map<string, number>();
  const count = (action: FeedRequest_Action, outcome: string) =>
    metrics.feedRequests.inc({ agency, action: feedRequest_ActionToJSON(action), outcome });
  const gauge = () => metrics.feedsActive.set({ agency }, sessions.size);

  function fresh(requestId: string): boolean {
    const now = Date.now();
    for (const [id, at] of seen) if (now - at > SEEN_MS) seen.delete(id);
    if (seen.has(requestId)) return false;
    seen.set(requestId, now);
    return true;
  }

  function refuse(msg: Msg, claimed: FeedRequest | undefined, err: FeedError): void {
    count(claimed?.action ?? FeedRequest_Action.ACTION_UNSPECIFIED, err.code);
    logger.warn({ code: err.code }, "feed request refused");
    // Refusals only go where an officer could read them; anything else is dropped.
    if (msg.reply === undefined || claimed === undefined || !PARTY_ID.test(claimed.officer)) return;
    try {
      if (!msg.reply.startsWith(officerInbox(claimed.officer))) return;
      sendRefusal(nc, deps.signer, msg.reply, { feedId: claimed.feedId, requestId: claimed.requestId }, err.code);
    } catch {
      // Not an officer's party id (no inbox): nobody to answer.
    }
  }

  function check(msg: Msg, claimed: FeedRequest | undefined): CheckedRequest | undefined {
    try {
      const checked = checkFeedRequest(msg.data, msg.reply, deps.verifier, agency);
      if (!fresh(checked.request.requestId)) throw new FeedError("REQUEST_REPLAYED", "request id seen before");
      return checked;
    } catch (err) {
      if (!(err instanceof FeedError)) throw err;
      refuse(msg, claimed, err);
      return undefined;
    }
  }

  function open(msg: Msg): void {
    const claimed = claimedRequest(msg.data);
    if (claimed !== undefined && claimed.action !== FeedRequest_Action.ACTION_OPEN) return;
    const checked = check(msg, claimed);
    if (checked === undefined) return;
    if (sessions.size >= deps.settings.maxFeeds) {
      refuse(msg, checked.request, new FeedError("TOO_MANY_FEEDS", "feed limit reached"));
      return;
    }
    const session = new FeedSession(deps, checked);
    sessions.set(session.feedId, session);
    count(FeedRequest_Action.ACTION_OPEN, "accepted");
    gauge();
    void session.done.finally(() => {
      sessions.delete(session.feedId);
      gauge();
    });
  }

  function control(msg: Msg): void {
    const claimed = claimedRequest(msg.data);
    if (claimed === undefined || claimed.action === FeedRequest_Action.ACTION_OPEN) return;
    const session = sessions.get(claimed.feedId);
    if (session === undefined) return; // another replica's feed, or one that ended
    const checked = check(msg, claimed);
    if (checked === undefined) return;
    if (checked.request.officer !== session.officer) {
      refuse(msg, claimed, new FeedError("NOT_AN_OFFICER", "only the feed's officer may renew or close it"));
      return;
    }
    count(checked.request.action, "accepted");
    if (checked.request.action === FeedRequest_Action.ACTION_CLOSE) session.end("CLOSED");
    else session.renew(checked.request.ackedSequence);
  }

  const handle = (what: string, fn: (msg: Msg) => void) => (err: Error | null, msg: Msg) => {
    if (err) {
      logger.error({ err }, `feed ${what} subscription failed`);
      return;
    }
    try {
      fn(msg);
    } catch (e) {
      logger.error({ err: e }, `feed ${what} request failed`);
    }
  };
  const subs: Subscription[] = [
    nc.subscribe(subjects.feed(agency), { queue: `feed-${agency}`, callback: handle("open", open) }),
    nc.subscribe(subjects.feed(agency), { callback: handle("control", control) }),
  ];
  await nc.flush();

  return {
    get active() {
      return sessions.size;
    },
    async stop() {
      for (const s of subs) s.unsubscribe();
      const running = [...sessions.values()];
      for (const s of running) s.end("SERVICE_STOPPING");
      await Promise.allSettled(running.map((s) => s.done));
    },
  };
}
