import { H, STREAMS } from "@ariadne/bus";
import { AuditAction, CaseAlert } from "@ariadne/contracts";
import { openRoutedCopy } from "@ariadne/envelope";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLES, freshExample, idOf } from "./support/alerts.ts";
import { type Ctx, EXPECTED } from "./support/channel-expectations.ts";
import { AGENCIES, type AgencyName, type E2eStack, startE2eStack, until } from "./support/stack.ts";

const HOUR = 3_600_000;

/** Every string anywhere in a JSON value. */
function strings(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === "string") out.add(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value !== null && typeof value === "object") for (const v of Object.values(value)) strings(v, out);
  return out;
}

describe("whole pipeline: each shipped example in each entitled agency's channel format, field by field", () => {
  let e: E2eStack;
  beforeAll(async () => {
    // The pipeline alone: router, adapters, stand-ins and audit as separate processes.
    e = await startE2eStack("channels", { console: false });
  }, 120_000);
  afterAll(async () => {
    await e?.[Symbol.asyncDispose]();
  }, 60_000);

  it("records exactly the expected message once per entitled agency, nothing for refused ones, nothing withheld", async () => {
    const published: { file: string; alert: CaseAlert; alertId: string; since: number }[] = [];
    for (const file of EXAMPLES) {
      const alert = freshExample(file);
      const { alertId, originator } = idOf(alert);
      const since = Date.now();
      const { outcome } = await (await e.ncp(originator)).publishAndWait(alert, 60_000);
      expect(outcome.kind, file).toBe("accepted");
      if (outcome.kind !== "accepted") return;
      expect(outcome.item.receipt.recipients, file).toEqual(EXPECTED[file]?.recipients);
      published.push({ file, alert, alertId, since });
    }

    // Wait until each entitled channel acknowledged its copy: by then the adapter is done with it,
    // so a second delivery would already show as a second record.
    for (const { file, alertId } of published) {
      for (const agency of Object.keys(EXPECTED[file]?.channels ?? {}) as AgencyName[]) {
        await until(async () => {
          const events = await e.standin(agency).events();
          return events.some((ev) => ev.ariadneCopyId === `${alertId}.1.${agency}` && ev.type === "acknowledged");
        }, `${agency} to acknowledge ${file}`);
      }
    }

    // What the router actually published for each recipient, read back from DELIVERY.
    const jsm = await jetstreamManager(e.nc);
    const info = await jsm.streams.info(STREAMS.DELIVERY);
    const delivered = new Map<string, Uint8Array>();
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(STREAMS.DELIVERY, { seq });
      const id = m?.header.get(H.msgId);
      if (m && id) delivered.set(id, m.data);
    }

    const records = new Map(await Promise.all(AGENCIES.map(async (a) => [a, await e.standin(a).records()] as const)));
    for (const { file, alert, alertId, since } of published) {
      const expected = EXPECTED[file];
      if (!expected) throw new Error(`no expectation for ${file}`);
      const mine = (a: AgencyName) => (records.get(a) ?? []).filter((r) => r.ariadneCopyId.startsWith(`${alertId}.`));

      // Only the entitled agencies' channels have the alert, each exactly once; the router did
      // not even publish a copy for a refused agency.
      const entitled = Object.keys(expected.channels).sort();
      expect(AGENCIES.filter((a) => mine(a).length > 0).sort(), file).toEqual(entitled);
      for (const agency of AGENCIES) {
        const copyId = `${alertId}.1.${agency}`;
        expect(delivered.has(copyId), `${copyId} in DELIVERY`).toBe(entitled.includes(agency));
        if (!entitled.includes(agency)) continue;
        expect(
          mine(agency).map((r) => r.idempotencyKey),
          copyId,
        ).toEqual([copyId]);
      }
      // Every copy delivered for a recipient the receipt names, and none for anyone else.
      const copiesOfAlert = [...delivered.keys()].filter((id) => id.startsWith(`${alertId}.1.`));
      expect(copiesOfAlert.map((id) => id.slice(`${alertId}.1.`.length)).sort()).toEqual(
        [...expected.recipients].sort(),
      );

      // The routing time every message of the alert carries: one attestation time for all copies,
      // after publishing and before the channel received it.
      const routedTimes = new Set<string>();
      for (const agency of entitled as AgencyName[]) {
        const [record] = mine(agency);
        if (!record) throw new Error(`no record of ${file} at ${agency}`);
        const m = record.message as unknown as Record<string, unknown>;
        const routedAt = String(m["createdAt"] ?? m["submittedAt"] ?? m["reportedAt"]);
        routedTimes.add(routedAt);
        expect(Date.parse(routedAt)).toBeGreaterThanOrEqual(since - 1000);
        expect(Date.parse(routedAt)).toBeLessThanOrEqual(Date.parse(record.receivedAt));
      }
      expect(routedTimes.size, file).toBe(1);
      const routedAt = [...routedTimes][0] as string;
      const ctx: Ctx = {
        alertId,
        routedAt,
        respondBy: alert.header?.respondBy?.toISOString(),
        urgentDeadline: new Date(Date.parse(routedAt) + 8 * HOUR).toISOString(),
      };

      for (const agency of entitled as AgencyName[]) {
        const [record] = mine(agency);
        const message = record?.message;
        // Field by field: the whole message against the literal expectation.
        expect(message, `${file} at ${agency}`).toEqual(expected.channels[agency]?.(ctx));

        // Text only withheld fields hold is nowhere in the message, however nested.
        const sent = JSON.stringify(message);
        for (const needle of expected.withheld[agency] ?? []) {
          expect(sent.includes(needle), `${agency} got withheld "${needle}" of ${file}`).toBe(false);
        }
        // The same from the other side: every string of the original alert that the router's copy
        // for this agency does not hold is absent from the channel message.
        const bytes = delivered.get(`${alertId}.1.${agency}`);
        if (!bytes) throw new Error(`no copy of ${file} for ${agency}`);
        const copy = openRoutedCopy(bytes, e.verifier, { recipient: agency, maxAgeMs: Number.POSITIVE_INFINITY }).alert;
        const disclosed = strings(CaseAlert.toJSON(copy));
        const notInCopy = [...strings(CaseAlert.toJSON(alert))].filter((s) => !disclosed.has(s));
        // Enum names ("SEX_MALE") and very short strings would match by chance.
        const onlyWithheld = notInCopy.filter((s) => s.length >= 4 && !/^[A-Z_]+$/.test(s));
        // Whole values only: a withheld region ("Westland") may well be a word of a disclosed summary.
        const inMessage = strings(message);
        expect(
          onlyWithheld.filter((s) => inMessage.has(s)),
          `${file} at ${agency}`,
        ).toEqual([]);
        // Not vacuous: the hand-written needles are among the strings the copy does not hold.
        for (const needle of expected.withheld[agency] ?? []) {
          expect(
            notInCopy.some((s) => s.includes(needle)),
            `"${needle}" is withheld from ${agency}`,
          ).toBe(true);
        }
      }
    }

    // The decisions behind it, as the audit log records them: granted and refused with the reason.
    const q = await e.queries();
    for (const { file, alertId } of published) {
      const expected = EXPECTED[file];
      const trail = (await q.trail(alertId)).events;
      const decision = trail.find((ev) => ev.event.action === AuditAction.AUDIT_ACTION_DECISION);
      const decisions = decision?.event.decisions ?? [];
      expect(decisions.filter((d) => d.delivered).map((d) => d.recipient)).toEqual(expected?.recipients);
      expect(
        Object.fromEntries(decisions.filter((d) => !d.delivered).map((d) => [d.recipient, d.reasonCode])),
        file,
      ).toEqual(expected?.refused);
      // A refused agency's adapter never saw the alert: no transfer by it is in the trail.
      for (const agency of AGENCIES.filter((a) => !(a in (expected?.channels ?? {})))) {
        expect(
          trail.filter((ev) => ev.event.actor === `adapter.${agency}`),
          `${agency} in the trail of ${file}`,
        ).toEqual([]);
      }
    }
  }, 150_000);
});
