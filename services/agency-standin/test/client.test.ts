import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { AgencyError, createChannelClient } from "@ariadne/agencies";
import { describe, expect, it } from "vitest";
import { example, messageFor, standin } from "./helpers.ts";

const labour = example("labour-fake-job-ads");

async function failure(p: Promise<unknown>): Promise<AgencyError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AgencyError);
  return err as AgencyError;
}

describe("createChannelClient against a stand-in", () => {
  it("delivers, reports a replay, and reads events", async () => {
    await using s = await standin("frontex");
    const client = createChannelClient({ agency: "frontex", baseUrl: `${s.url}/` });
    const first = await client.deliver(messageFor("frontex", labour), "copy-1");
    expect(first).toMatchObject({ status: "RECEIVED", idempotencyKey: "copy-1", replayed: false });
    expect((await client.deliver(messageFor("frontex", labour), "copy-1")).replayed).toBe(true);
    expect((await client.events()).next).toMatch(/^\d+$/);
  });

  it("a refused message is CHANNEL_REJECTED with the channel's code, not retryable", async () => {
    await using s = await standin("eurojust");
    const client = createChannelClient({ agency: "eurojust", baseUrl: s.url });
    const wrong = messageFor("europol", labour) as unknown as Parameters<typeof client.deliver>[0];
    const err = await failure(client.deliver(wrong, "k"));
    expect([err.code, err.status, err.channelCode, err.retryable]).toEqual([
      "CHANNEL_REJECTED",
      422,
      "SCHEMA_VIOLATION",
      false,
    ]);
    expect(err.paths).toContain("format");
  });

  it("a channel that is down is CHANNEL_UNAVAILABLE, retryable", async () => {
    await using s = await standin("eurojust", { control: { mode: "fail" } });
    const client = createChannelClient({ agency: "eurojust", baseUrl: s.url });
    const err = await failure(client.deliver(messageFor("eurojust", labour), "k"));
    expect([err.code, err.status, err.channelCode, err.retryable]).toEqual([
      "CHANNEL_UNAVAILABLE",
      503,
      "CHANNEL_UNAVAILABLE",
      true,
    ]);
    expect((await failure(client.events())).code).toBe("CHANNEL_UNAVAILABLE");
  });

  it("a channel that is gone is CHANNEL_UNAVAILABLE, retryable", async () => {
    const s = await standin("europol");
    await s.close();
    const client = createChannelClient({ agency: "europol", baseUrl: s.url });
    const err = await failure(client.deliver(messageFor("europol", labour), "k"));
    expect([err.code, err.retryable]).toEqual(["CHANNEL_UNAVAILABLE", true]);
  });

  it("an answer outside the protocol is CHANNEL_PROTOCOL_ERROR; a bad key never leaves the client", async () => {
    const server = createServer((_req, res) => res.writeHead(200).end("hello"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const client = createChannelClient({
        agency: "europol",
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      });
      expect((await failure(client.deliver(messageFor("europol", labour), "k"))).code).toBe("CHANNEL_PROTOCOL_ERROR");
      expect((await failure(client.events())).code).toBe("CHANNEL_PROTOCOL_ERROR");
      expect((await failure(client.deliver(messageFor("europol", labour), "two words"))).code).toBe("INVALID_METADATA");
    } finally {
      server.close();
    }
  });
});
