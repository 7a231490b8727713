import { AGENCIES } from "@ariadne/agencies";
import { describe, expect, it } from "vitest";
import { accepted, errorCode, example, messageFor, post, standin } from "./helpers.ts";

const labour = example("labour-fake-job-ads");
const forced = example("forced-criminality-external-border");

describe.each(AGENCIES)("%s stand-in: Idempotency-Key", (agency) => {
  const message = messageFor(agency, labour);

  it("records a key once; a repeat answers the first result, marked as replayed", async () => {
    await using s = await standin(agency);
    const first = await post(s, message, "019380a2.1.x");
    const again = await post(s, message, "019380a2.1.x");
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(s.records()).toHaveLength(1);
  });

  it("records a key once under concurrent requests", async () => {
    await using s = await standin(agency);
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(s, message, "same-key")));
    expect(new Set(answers.map((a) => accepted(a).reference)).size).toBe(1);
    expect(s.records()).toHaveLength(1);
  });

  it("treats the same message with its keys in another order as the same message", async () => {
    await using s = await standin(agency);
    const reversed = Object.fromEntries(Object.entries(message).reverse());
    await post(s, message, "k");
    const again = await post(s, reversed, "k");
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(s.records()).toHaveLength(1);
  });

  it("refuses a key reused for a different message", async () => {
    await using s = await standin(agency);
    await post(s, message, "k");
    const other = await post(s, messageFor(agency, forced), "k");
    expect([other.status, errorCode(other)]).toEqual([422, "IDEMPOTENCY_KEY_REUSED"]);
    expect(s.records()).toHaveLength(1);
  });

  it("gives different keys their own records and consecutive references", async () => {
    await using s = await standin(agency);
    const a = accepted(await post(s, message, "k1"));
    const b = accepted(await post(s, messageFor(agency, forced), "k2"));
    expect([a.reference.slice(-6), b.reference.slice(-6)]).toEqual(["000001", "000002"]);
    expect(s.records().map((r) => r.idempotencyKey)).toEqual(["k1", "k2"]);
  });
});
