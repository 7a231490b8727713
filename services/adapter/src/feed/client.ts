import { adapterOf, subjects } from "@ariadne/bus";
import {
  type CrimeArea,
  type ExploitationForm,
  FeedFrame,
  FeedFrame_Kind,
  FeedRequest,
  FeedRequest_Action,
  newId,
  type Priority,
  type Purpose,
} from "@ariadne/contracts";
import { inboxPrefix } from "@ariadne/deploy";
import { encodeEnvelope, MESSAGE_TYPES, type Signer, type Verifier } from "@ariadne/envelope";
import type { Msg, NatsConnection } from "@nats-io/transport-node";
import { FeedError, isFeedErrorCode } from "../errors.ts";
import { type FeedItem, feedItemOf } from "./item.ts";

export interface FeedFilters {
  /** The alert's crime area or a related one (as disclosed). */
  readonly crimeAreas?: readonly CrimeArea[];
  /** Originating member states, ISO 3166-1 alpha-2 ("DE"). */
  readonly originatingCountries?: readonly string[];
  readonly priorities?: readonly Priority[];
  readonly exploitationForms?: readonly ExploitationForm[];
}

export interface OpenFeedOptions {
  readonly nc: NatsConnection;
  /** The officer's signer (party officer.<agency>.<name>, role officer). */
  readonly officer: Signer;
  /** Verifies the frames (signed by adapter.<agency>) and each copy (router, originator). */
  readonly verifier: Verifier;
  readonly agency: string;
  /** Why the officer consults: logged with every consultation; copies must be routed for one. */
  readonly purposes: readonly Purpose[];
  readonly filters?: FeedFilters;
  /** Replay copies routed since then; unset: only new ones. */
  readonly since?: Date;
  /** After the replay, keep receiving new copies until stop(). */
  readonly follow?: boolean;
  /** How long to wait for the feed service to accept (default 5 s). */
  readonly openTimeoutMs?: number;
}

export interface Feed extends AsyncIterable<FeedItem> {
  readonly feedId: string;
  /** Resolves when the replay reached the end of the stream (or the feed ended). */
  readonly caughtUp: Promise<void>;
  /** Closes the feed (signed CLOSE); a loop over it then ends. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Opens a liaison-officer feed: sends a signed OPEN to ariadne.feed.<agency> with the officer's
 * own inbox as reply subject, waits until the feed service accepts (FeedError with its code
 * otherwise), then yields each copy, verified. Every frame is checked (signed by the agency's
 * adapter, in sequence); RENEW requests keep the lease and grant credit as items are consumed.
 * The loop ends after the replay unless `follow`; it throws FeedError when the feed ends early.
 */
export async function openFeed(opts: OpenFeedOptions): Promise<Feed> {
  const { nc, officer, verifier, agency } = opts;
  const feedId = newId();
  const replyTo = `${inboxPrefix(officer.party)}.feed.${feedId}`;
  const sub = nc.subscribe(replyTo);
  const frames = sub[Symbol.asyncIterator]();

  const send = (action: FeedRequest_Action, fields: Partial<FeedRequest> = {}, reply?: string) => {
    const request = FeedRequest.fromPartial({
      ...fields,
      requestId: newId(),
      action,
      officer: officer.party,
      agency,
      feedId,
    });
    const bytes = encodeEnvelope(officer.sign(MESSAGE_TYPES.FeedRequest, FeedRequest.encode(request).finish()));
    nc.publish(subjects.feed(agency), bytes, reply === undefined ? {} : { reply });
  };

  let expected = 1;
  const read = (m: Msg): FeedFrame => {
    let frame: FeedFrame;
    try {
      frame = FeedFrame.decode(
        verifier.verify(m.data, { type: MESSAGE_TYPES.FeedFrame, party: adapterOf(agency) }).payload,
      );
    } catch (cause) {
      throw new FeedError("FRAME_INVALID", "a frame does not verify as the agency adapter's", { cause });
    }
    if (frame.feedId !== feedId) throw new FeedError("FRAME_INVALID", "a frame of another feed");
    if (frame.sequence !== expected) throw new FeedError("FEED_INTERRUPTED", `frame ${expected} lost`);
    expected += 1;
    return frame;
  };

  const f = opts.filters ?? {};
  send(
    FeedRequest_Action.ACTION_OPEN,
    {
      replyTo,
      filter: {
        crimeAreas: [...(f.crimeAreas ?? [])],
        originatingCountries: [...(f.originatingCountries ?? [])],
        priorities: [...(f.priorities ?? [])],
        exploitationForms: [...(f.exploitationForms ?? [])],
      },
      since: opts.since,
      follow: opts.follow ?? false,
      purposes: [...opts.purposes],
    },
    replyTo,
  );
  let timer: NodeJS.Timeout | undefined;
  const first = await Promise.race([
    frames.next(),
    new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), opts.openTimeoutMs ?? 5000);
    }),
  ]).finally(() => clearTimeout(timer));
  if (first === "timeout" || first.done) {
    sub.unsubscribe();
    throw new FeedError("FEED_UNAVAILABLE", `no feed service of ${agency} answered`);
  }
  let opened: FeedFrame;
  try {
    opened = read(first.value);
  } catch (err) {
    sub.unsubscribe();
    throw err;
  }
  if (opened.kind !== FeedFrame_Kind.KIND_OPENED) {
    sub.unsubscribe();
    const code = isFeedErrorCode(opened.code) ? opened.code : "FRAME_INVALID";
    throw new FeedError(code, `the feed service refused the feed: ${opened.code}`);
  }

  // Renew often enough for the lease, and grant credit before the window runs dry.
  const renewEvery = Math.max(1, Math.floor(opened.window / 2));
  let consumed = opened.sequence;
  let ackedSent = 0;
  const renew = () => {
    ackedSent = consumed;
    send(FeedRequest_Action.ACTION_RENEW, { ackedSequence: consumed });
  };
  const leaseTimer = setInterval(renew, Math.max(100, Math.floor(opened.leaseMs / 3)));
  let stopped = false;
  let markCaughtUp = () => {};
  const caughtUp = new Promise<void>((resolve) => {
    markCaughtUp = resolve;
  });

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    clearInterval(leaseTimer);
    markCaughtUp();
    if (!nc.isClosed()) send(FeedRequest_Action.ACTION_CLOSE);
    sub.unsubscribe();
  };

  async function* items(): AsyncGenerator<FeedItem> {
    try {
      for (;;) {
        const next = await frames.next();
        if (next.done) return;
        const frame = read(next.value);
        consumed = frame.sequence;
        if (consumed - ackedSent >= renewEvery) renew();
        switch (frame.kind) {
          case FeedFrame_Kind.KIND_ITEM:
            yield feedItemOf(frame, verifier, agency);
            break;
          case FeedFrame_Kind.KIND_CAUGHT_UP:
            markCaughtUp();
            break;
          case FeedFrame_Kind.KIND_END:
            if (frame.code === "" || (stopped && frame.code === "CLOSED")) return;
            throw new FeedError(
              isFeedErrorCode(frame.code) ? frame.code : "FRAME_INVALID",
              `feed ended: ${frame.code}`,
            );
          default:
            throw new FeedError("FRAME_INVALID", "unexpected frame kind");
        }
      }
    } finally {
      await stop();
    }
  }

  const iterator = items();
  return {
    feedId,
    caughtUp,
    stop,
    [Symbol.asyncIterator]: () => iterator,
  };
}
