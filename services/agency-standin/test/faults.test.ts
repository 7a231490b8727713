import { AgencyError, createChannelClient } from "@ariadne/agencies";
import { describe, expect, it, vi } from "vitest";
import { accepted, errorCode, example, messageFor, post, request, standin } from "./helpers.ts";

const message = messageFor("europol", example("minor-sexual-exploitation-online"));

const control = (url: string, body: unknown) =>
  request(`${url}/_control`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

async function failure(p: Promise<unknown>): Promise<AgencyError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AgencyError);
  return err as AgencyError;
}

describe("fault modes, switched at runtime through /_control", () => {
  it("fail: 503 CHANNEL_UNAVAILABLE for deliveries and polls, nothing recorded; ok again delivers", async () => {
    await using s = await standin("europol");
    expect((await control(s.url, { mode: "fail" })).body).toMatchObject({ mode: "fail" });
    const a = await post(s, message, "k1");
    expect([a.status, errorCode(a), a.headers.get("retry-after")]).toEqual([503, "CHANNEL_UNAVAILABLE", "1"]);
    const poll = await request(`${s.url}/events?after=0`);
    expect([poll.status, errorCode(poll)]).toEqual([503, "CHANNEL_UNAVAILABLE"]);
    expect(s.records()).toEqual([]);
    await control(s.url, { mode: "ok" });
    expect((await post(s, message, "k1")).status).toBe(201);
    expect(s.records()).toHaveLength(1);
  });

  it("failNext: the next n deliveries fail, then the channel works", async () => {
    await using s = await standin("europol");
    await control(s.url, { failNext: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(s, message, "k1")).status);
    expect(statuses).toEqual([503, 503, 201]);
    expect((await request(`${s.url}/_control`)).body).toMatchObject({ failNext: 0, mode: "ok" });
    expect(s.records()).toHaveLength(1);
  });

  it("hang: the request is never answered nor recorded; the client times out and retries later", async () => {
    await using s = await standin("europol");
    const client = createChannelClient({ agency: "europol", baseUrl: s.url, timeoutMs: 300 });
    await control(s.url, { mode: "hang" });
    const err = await failure(client.deliver(message, "k1"));
    expect([err.code, err.retryable]).toEqual(["CHANNEL_TIMEOUT", true]);
    expect(s.records()).toEqual([]);
    await control(s.url, { mode: "ok" });
    expect((await client.deliver(message, "k1")).replayed).toBe(false);
    expect(s.records()).toHaveLength(1);
  });

  it("slow: answers after delayMs, normally", async () => {
    await using s = await standin("europol", { control: { mode: "slow", delayMs: 50 } });
    expect(s.control()).toMatchObject({ mode: "slow", delayMs: 50 });
    expect(accepted(await post(s, message, "k1")).idempotencyKey).toBe("k1");
    expect(s.records()).toHaveLength(1);
  });

  it("dropNext: records, then loses the answer; the retry with the same key gets the first result", async () => {
    await using s = await standin("europol");
    const client = createChannelClient({ agency: "europol", baseUrl: s.url });
    s.control({ dropNext: 1 });
    const err = await failure(client.deliver(message, "k1"));
    expect([err.code, err.retryable]).toEqual(["CHANNEL_UNAVAILABLE", true]);
    expect(s.records()).toHaveLength(1);
    const retry = await client.deliver(message, "k1");
    expect(retry.replayed).toBe(true);
    expect(retry.reference).toBe(s.records()[0]?.reference);
    expect(s.records()).toHaveLength(1);
  });

  it("starts in the mode given in its options", async () => {
    await using s = await standin("eurojust", { control: { mode: "fail" } });
    expect((await post(s, messageFor("eurojust", example("labour-fake-job-ads")), "k")).status).toBe(503);
  });

  it("refuses a malformed control request and keeps its state", async () => {
    await using s = await standin("frontex");
    for (const body of [{ mode: "broken" }, { delayMs: -1 }, { failNext: 1.5 }, { unknown: 1 }]) {
      const a = await control(s.url, body);
      expect([a.status, errorCode(a)]).toEqual([400, "INVALID_CONTROL"]);
    }
    expect((await request(`${s.url}/_control`)).body).toEqual({
      mode: "ok",
      delayMs: 0,
      failNext: 0,
      dropNext: 0,
      ackDelayMs: 0,
    });
  });

  it("abandons hanging requests on close", async () => {
    const s = await standin("europol", { control: { mode: "hang" } });
    const pending = post(s, message, "k1").then(
      () => "answered",
      () => "connection closed",
    );
    await vi.waitFor(async () =>
      expect(await (await fetch(`${s.url}/metrics`)).text()).toMatch(/ariadne_standin_hanging_requests\{[^}]*\} 1/),
    );
    await s.close();
    expect(await pending).toBe("connection closed");
  });
});
