import { AGENCIES, ChannelErrorBody } from "@ariadne/agencies";
import { describe, expect, it } from "vitest";
import { accepted, errorCode, example, messageFor, post, request, standin } from "./helpers.ts";

const alert = example("labour-fake-job-ads");
const senderId = (m: object) => {
  const ids = m as { messageId?: string; notificationId?: string; incidentId?: string };
  return ids.messageId ?? ids.notificationId ?? ids.incidentId;
};
const PATHS = {
  europol: "/siena/v1/messages",
  eurojust: "/eurojust/v1/notifications",
  frontex: "/frontex/v1/incidents",
};

describe.each(AGENCIES)("%s stand-in: its own format on its own path", (agency) => {
  const own = messageFor(agency, alert);

  it("records its own format and answers with a channel reference", async () => {
    await using s = await standin(agency, { now: () => new Date("2025-11-05T07:00:01.000Z") });
    expect(s.path).toBe(PATHS[agency]);
    const a = await post(s, own, "copy-1");
    expect(a.status).toBe(201);
    const prefix = { europol: "SIENA", eurojust: "EJ", frontex: "JORA" }[agency];
    expect(accepted(a)).toEqual({
      status: "RECEIVED",
      reference: `${prefix}-2025-000001`,
      idempotencyKey: "copy-1",
      messageId: senderId(own),
      receivedAt: "2025-11-05T07:00:01.000Z",
    });
    expect(s.records()).toHaveLength(1);
    expect(s.records()[0]?.message).toEqual(own);
    const listed = await request(`${s.url}/records`);
    expect(listed.body).toEqual({ agency, records: JSON.parse(JSON.stringify(s.records())) });
  });

  for (const other of AGENCIES.filter((a) => a !== agency)) {
    it(`refuses a ${other} message with 422 SCHEMA_VIOLATION naming the format`, async () => {
      await using s = await standin(agency);
      const a = await post(s, messageFor(other, alert), "copy-x");
      expect(a.status).toBe(422);
      expect(errorCode(a)).toBe("SCHEMA_VIOLATION");
      expect(ChannelErrorBody.parse(a.body).error.issues).toContainEqual({ path: "format", code: "invalid_value" });
      expect(s.records()).toEqual([]);
    });

    it(`does not serve the ${other} path`, async () => {
      await using s = await standin(agency);
      const a = await request(`${s.url}${PATHS[other]}`, { method: "POST", body: "{}" });
      expect([a.status, errorCode(a)]).toEqual([404, "NOT_FOUND"]);
    });
  }

  it("refuses what no channel would take, each with a stable code, and records nothing", async () => {
    await using s = await standin(agency, { maxBodyBytes: 64 * 1024 });
    const cases: [Promise<{ status: number; body: unknown; headers: Headers }>, number, string][] = [
      [post(s, own, undefined), 400, "IDEMPOTENCY_KEY_REQUIRED"],
      [post(s, own, "has space"), 400, "IDEMPOTENCY_KEY_INVALID"],
      [post(s, "{not json", "k"), 400, "MALFORMED_JSON"],
      [post(s, own, "k", { "content-type": "text/plain" }), 415, "UNSUPPORTED_MEDIA_TYPE"],
      [post(s, { ...own, padding: "x".repeat(70_000) }, "k"), 413, "PAYLOAD_TOO_LARGE"],
      [post(s, { ...own, extra: true }, "k"), 422, "SCHEMA_VIOLATION"],
      [post(s, [], "k"), 422, "SCHEMA_VIOLATION"],
      [request(`${s.url}${s.path}`), 405, "METHOD_NOT_ALLOWED"],
      [request(`${s.url}/nowhere`), 404, "NOT_FOUND"],
    ];
    for (const [answer, status, code] of cases) {
      const a = await answer;
      expect([a.status, errorCode(a)]).toEqual([status, code]);
    }
    expect(s.records()).toEqual([]);
  });

  it("answers /healthz and /metrics", async () => {
    await using s = await standin(agency);
    await post(s, own, "copy-1");
    expect((await request(`${s.url}/healthz`)).body).toEqual({ status: "ok", agency });
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/ariadne_standin_deliveries_total\{[^}]*outcome="recorded"[^}]*\} 1/);
    expect(metrics).toMatch(/ariadne_standin_records\{[^}]*\} 1/);
  });
});
