import { type Agency, ChannelEventsPage, createChannelClient } from "@ariadne/agencies";
import { describe, expect, it, vi } from "vitest";
import { type ExampleName, errorCode, example, messageFor, post, request, standin } from "./helpers.ts";

async function repliesTo(agency: Agency, name: ExampleName) {
  await using s = await standin(agency);
  const key = `${name}.${agency}`;
  await post(s, messageFor(agency, example(name)), key);
  await vi.waitFor(() => expect(s.events().some((e) => e.type === "acknowledged")).toBe(true));
  const page = ChannelEventsPage.parse((await request(`${s.url}/events?after=0`)).body);
  const reference = s.records()[0]?.reference;
  for (const e of page.events) expect([e.reference, e.idempotencyKey]).toEqual([reference, key]);
  expect(page.events[0]?.type).toBe("acknowledged");
  return page.events.slice(1).map((e) => (e.type === "reply" ? [e.kind, e.agencyReference, e.text] : [e.type]));
}

describe("events: the agency acknowledges, then replies by its documented rules", () => {
  it("Europol: a suspect with online identifiers matches analysis project Phoenix", async () => {
    expect(await repliesTo("europol", "minor-sexual-exploitation-online")).toEqual([
      ["MATCH_FOUND", "AP PHOENIX", "matches an existing analysis project (AP PHOENIX)"],
    ]);
  });

  it("Eurojust: the national desk of the notifying Member State is assigned", async () => {
    expect(await repliesTo("eurojust", "labour-fake-job-ads")).toEqual([
      ["DESK_ASSIGNED", "NATIONAL-DESK-NL", "national desk NL assigned (REQUEST_COORDINATION_MEETING)"],
    ]);
  });

  it("Frontex: the risk assessment of the external border section crossed is updated", async () => {
    expect(await repliesTo("frontex", "forced-criminality-external-border")).toEqual([
      [
        "RISK_ASSESSMENT_UPDATED",
        "RA-RO-MD-LAND",
        "risk assessment updated for border section RO-MD-LAND (impact CRITICAL)",
      ],
    ]);
  });

  it("Frontex: no border crossing, only the acknowledgement", async () => {
    expect(await repliesTo("frontex", "labour-fake-job-ads")).toEqual([]);
  });

  it("pages with after/limit and a cursor that only moves forward", async () => {
    await using s = await standin("europol");
    const client = createChannelClient({ agency: "europol", baseUrl: s.url });
    await client.deliver(messageFor("europol", example("labour-fake-job-ads")), "k1");
    await client.deliver(messageFor("europol", example("forced-criminality-external-border")), "k2");
    await vi.waitFor(() => expect(s.events()).toHaveLength(4));
    const first = await client.events("0", 3);
    expect(first.events.map((e) => e.cursor)).toEqual(["1", "2", "3"]);
    expect(first.next).toBe("3");
    const rest = await client.events(first.next);
    expect(rest.events.map((e) => [e.cursor, e.idempotencyKey])).toEqual([["4", "k2"]]);
    const none = await client.events(rest.next);
    expect(none).toEqual({ events: [], next: "4" });
  });

  it("refuses a malformed cursor or limit", async () => {
    await using s = await standin("eurojust");
    for (const q of ["after=-1", "after=abc", "limit=0", "limit=5000"]) {
      const a = await request(`${s.url}/events?${q}`);
      expect([a.status, errorCode(a)]).toEqual([400, "INVALID_CURSOR"]);
    }
  });

  it("waits ackDelayMs before retrieving; the delay can be changed at runtime", async () => {
    await using s = await standin("eurojust", { control: { ackDelayMs: 600_000 } });
    await post(s, messageFor("eurojust", example("labour-fake-job-ads")), "k1");
    expect(s.events()).toEqual([]);
    s.control({ ackDelayMs: 0 });
    await post(s, messageFor("eurojust", example("forced-criminality-external-border")), "k2");
    await vi.waitFor(() =>
      expect(s.events().map((e) => [e.type, e.idempotencyKey])).toContainEqual(["acknowledged", "k2"]),
    );
    expect(s.events().some((e) => e.idempotencyKey === "k1")).toBe(false);
  });
});
