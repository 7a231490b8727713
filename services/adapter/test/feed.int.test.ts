import { setTimeout as sleep } from "node:timers/promises";
import { STREAMS, subjects } from "@ariadne/bus";
import {
  AuditAction,
  CrimeArea,
  Envelope,
  ExploitationForm,
  FeedFrame,
  FeedFrame_Kind,
  FeedRequest,
  FeedRequest_Action,
  newId,
  Priority,
  Purpose,
} from "@ariadne/contracts";
import { inboxPrefix } from "@ariadne/deploy";
import { encodeEnvelope, MESSAGE_TYPES, type Signer } from "@ariadne/envelope";
import { createTestKeys } from "@ariadne/testing";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Feed, FeedError, type FeedFilters, type FeedItem, openFeed } from "../src/mod.ts";
import { EXAMPLES, type RoutedCopy, routeExample } from "./support/route.ts";
import { World } from "./support/world.ts";

const OFFICER = "officer.europol.liaison-1";
const ANALYSIS = [Purpose.PURPOSE_CRIMINAL_ANALYSIS];

async function collect(feed: Feed): Promise<FeedItem[]> {
  const items: FeedItem[] = [];
  for await (const item of feed) items.push(item);
  return items;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "no error";
  } catch (err) {
    return err instanceof FeedError ? err.code : `not a FeedError: ${(err as Error).name}`;
  }
}

/** A hand-made request (what openFeed does, with the parts a test wants wrong), and the frames it gets. */
async function rawOpen(
  nc: NatsConnection,
  signer: Signer,
  fields: Partial<FeedRequest>,
  natsReply: string,
  until: (frame: FeedFrame) => boolean,
): Promise<FeedFrame[]> {
  const sub = nc.subscribe(natsReply);
  const request = FeedRequest.fromPartial({
    requestId: newId(),
    feedId: newId(),
    action: FeedRequest_Action.ACTION_OPEN,
    officer: signer.party,
    agency: "europol",
    purposes: ANALYSIS,
    ...fields,
  });
  nc.publish(
    subjects.feed("europol"),
    encodeEnvelope(signer.sign(MESSAGE_TYPES.FeedRequest, FeedRequest.encode(request).finish())),
    { reply: natsReply },
  );
  const frames: FeedFrame[] = [];
  for await (const m of sub) {
    const frame = FeedFrame.decode(Envelope.decode(m.data).payload);
    frames.push(frame);
    if (until(frame)) break;
  }
  sub.unsubscribe();
  return frames;
}

describe("liaison-officer feeds", () => {
  let world: World;
  let nc: NatsConnection;
  let officer: Signer;
  let first: RoutedCopy[];
  let second: RoutedCopy[];
  let since: Date;
  const consultations = async () =>
    (await world.auditLog()).filter((l) => l.event.action === AuditAction.AUDIT_ACTION_CONSULTATION);
  const feedOf = (filters: FeedFilters = {}, extra: { since?: Date; follow?: boolean } = {}) =>
    openFeed({
      nc,
      officer,
      verifier: world.keys.verifier(),
      agency: "europol",
      purposes: ANALYSIS,
      filters,
      since: extra.since ?? new Date(0),
      ...(extra.follow === undefined ? {} : { follow: extra.follow }),
    });

  beforeAll(async () => {
    world = await World.start({ audit: "service" });
    const europol = await world.standin("europol");
    // A window of 2 frames: the replays below need the officer's credit several times over.
    await world.adapter("europol", europol.url, { feed: { window: 2, leaseMs: 1500 } });
    nc = await world.connection();
    officer = await world.keys.signer(OFFICER);
    first = [];
    for (const name of EXAMPLES) first.push(...(await routeExample(world, name, { agencies: ["europol"] })));
    const jsm = await jetstreamManager(world.nc);
    const last = await jsm.streams.getMessage(STREAMS.DELIVERY, { seq: first.at(-1)?.seq ?? 0 });
    since = new Date((last?.time.getTime() ?? 0) + 1);
    await sleep(5); // the second batch is stored strictly after `since`
    second = [];
    for (const name of ["labour-fake-job-ads", "minor-sexual-exploitation-online"] as const) {
      second.push(
        ...(await routeExample(world, name, {
          agencies: ["europol"],
          mutate: (a) => {
            if (a.header) a.header.alertId = newId();
          },
        })),
      );
    }
  }, 60_000);
  afterAll(async () => {
    await world?.[Symbol.asyncDispose]();
  });

  it("replays everything the agency received, verified, with what the copy disclosed and the router attested", async () => {
    const items = await collect(await feedOf());
    expect(items.map((i) => i.copyId)).toEqual([...first, ...second].map((c) => c.copyId));
    for (const item of items) {
      const routed = [...first, ...second].find((c) => c.copyId === item.copyId);
      expect(item.originator).toBe(routed?.alert.header?.originator);
      expect(item.handling.notice).toBe(routed?.decision.handlingNotice);
      expect(item.legalBasis).toBe(routed?.decision.legalBasis);
      expect(item.withheldCount).toBe(routed?.decision.withheldCount);
      expect(item.disclosedPaths).toEqual(routed?.decision.allowedUnits);
      expect(item.alert).toEqual(routed?.copy);
      expect(item.purposes).toContain("PURPOSE_CRIMINAL_ANALYSIS");
    }
    // The labour copy withholds one unit from Europol: the JSON has what was disclosed only.
    const labour = items.find((i) => i.copyId === first.find((c) => c.alert.header?.originator === "ncp.nl")?.copyId);
    expect(labour?.withheldCount).toBe(1);
    expect(JSON.stringify(labour?.disclosed)).toContain("Ardeleanu");
  });

  it("filters by crime area, originating country, priority and form of exploitation", async () => {
    const origins = async (f: FeedFilters) => (await collect(await feedOf(f))).map((i) => i.originator);
    expect(await origins({ exploitationForms: [ExploitationForm.EXPLOITATION_FORM_LABOUR] })).toEqual([
      "ncp.nl",
      "ncp.nl",
    ]);
    expect(await origins({ originatingCountries: ["DE"] })).toEqual(["ncp.de", "ncp.de"]);
    expect(await origins({ originatingCountries: ["FR", "NL"] })).toEqual(["ncp.fr", "ncp.nl", "ncp.nl"]);
    expect(await origins({ priorities: [Priority.PRIORITY_HIGH] })).toEqual(["ncp.nl", "ncp.nl"]);
    // A related crime area matches too: the minor case is also child sexual exploitation.
    expect(await origins({ crimeAreas: [CrimeArea.CRIME_AREA_CHILD_SEXUAL_EXPLOITATION] })).toEqual([
      "ncp.de",
      "ncp.de",
    ]);
    expect(
      await origins({
        crimeAreas: [CrimeArea.CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS],
        originatingCountries: ["NL"],
        priorities: [Priority.PRIORITY_IMMEDIATE],
      }),
    ).toEqual([]);
  });

  it("replays from a point in time", async () => {
    const items = await collect(await feedOf({}, { since }));
    expect(items.map((i) => i.copyId)).toEqual(second.map((c) => c.copyId));
  });

  it("follows: after the replay, new copies arrive until the officer stops", async () => {
    const feed = await feedOf({}, { since, follow: true });
    const seen: FeedItem[] = [];
    const loop = (async () => {
      for await (const item of feed) {
        seen.push(item);
        if (seen.length === 3) await feed.stop();
      }
    })();
    await feed.caughtUp;
    const [live] = await routeExample(world, "forced-criminality-external-border", {
      agencies: ["europol"],
      mutate: (a) => {
        if (a.header) a.header.alertId = newId();
      },
    });
    await loop;
    expect(seen.map((i) => i.copyId)).toEqual([...second.map((c) => c.copyId), live?.copyId]);
  });

  it("records every consultation before the officer sees it: who, when, which alert, why, the signed request", async () => {
    const before = (await consultations()).length;
    const items = await collect(await feedOf({ originatingCountries: ["DE"] }));
    const log = await world.auditLog();
    const events = log.filter((l) => l.event.action === AuditAction.AUDIT_ACTION_CONSULTATION);
    expect(events.length - before).toBe(items.length);
    const verifier = world.keys.verifier();
    for (const item of items) {
      const logged = log[item.consultation.auditIndex];
      expect(logged?.event.eventId).toBe(item.consultation.eventId);
      expect(logged?.signer).toBe("adapter.europol");
      const e = logged?.event;
      expect(e?.officer).toBe(OFFICER);
      expect(e?.alertId).toBe(item.alertId);
      expect(e?.version).toBe(item.version);
      expect(e?.originator).toBe(item.originator);
      expect(e?.occurredAt).toBeInstanceOf(Date);
      expect(e?.purposes).toEqual(ANALYSIS);
      expect(e?.legalBasis).toBe(item.legalBasis);
      expect(e?.query).toBe(`feed cursor=${item.streamSequence} since=1970-01-01T00:00:00.000Z`);
      // The officer's own signed request, filters and purposes included.
      const request = verifier.verify(e?.artefact ?? new Uint8Array(), {
        type: MESSAGE_TYPES.FeedRequest,
        maxAgeMs: Number.POSITIVE_INFINITY,
      });
      expect(request.party).toBe(OFFICER);
      expect(FeedRequest.decode(request.payload).filter?.originatingCountries).toEqual(["DE"]);
    }
  });

  it("refuses an officer of another agency, a forged request, a non-officer and a redirected reply subject", async () => {
    const before = (await consultations()).length;
    const asSigner = (signer: Signer) =>
      openFeed({
        nc,
        officer: signer,
        verifier: world.keys.verifier(),
        agency: "europol",
        purposes: ANALYSIS,
        since: new Date(0),
      });
    expect(await codeOf(asSigner(await world.keys.signer("officer.frontex.liaison-2")))).toBe("WRONG_AGENCY");
    // The right name with a key the registry does not know.
    const stranger = await createTestKeys({ parties: [{ id: OFFICER, roles: ["officer"] }] });
    expect(await codeOf(asSigner(await stranger.signer(OFFICER)))).toBe("REQUEST_UNVERIFIED");
    expect(await codeOf(asSigner(await world.keys.signer("ncp.de")))).toBe("NOT_AN_OFFICER");

    // Signed for another officer's inbox but asked from one's own: refused, nothing sent there.
    const mine = `${inboxPrefix(OFFICER)}.feed.${newId()}`;
    const frames = await rawOpen(
      nc,
      officer,
      { replyTo: `${inboxPrefix("officer.europol.analyst-3")}.feed.x`, since: new Date(0) },
      mine,
      () => true,
    );
    expect(frames.map((f) => [f.kind, f.code])).toEqual([[FeedFrame_Kind.KIND_REFUSED, "REPLY_SUBJECT_MISMATCH"]]);
    expect(await consultations()).toHaveLength(before);
  });

  it("ends a feed whose officer stops renewing it", async () => {
    const reply = `${inboxPrefix(OFFICER)}.feed.${newId()}`;
    const frames = await rawOpen(
      nc,
      officer,
      { replyTo: reply, follow: true },
      reply,
      (f) => f.kind === FeedFrame_Kind.KIND_END,
    );
    expect(frames.map((f) => f.kind)).toEqual([
      FeedFrame_Kind.KIND_OPENED,
      FeedFrame_Kind.KIND_CAUGHT_UP,
      FeedFrame_Kind.KIND_END,
    ]);
    expect(frames.at(-1)?.code).toBe("LEASE_EXPIRED");
    expect(frames.map((f) => f.sequence)).toEqual([1, 2, 3]);
  });

  it("shows nothing when the audit log does not confirm the consultation (fail closed)", async () => {
    const backend = world.auditBackend;
    if (backend.kind !== "service") throw new Error("expected the real audit service");
    await backend.stopService();
    try {
      const feed = await feedOf();
      const items: FeedItem[] = [];
      const code = await codeOf(
        (async () => {
          for await (const item of feed) items.push(item);
        })(),
      );
      expect(code).toBe("AUDIT_UNAVAILABLE");
      expect(items).toEqual([]);
    } finally {
      await backend.startService();
    }
  });
});
