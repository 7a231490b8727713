import { AGENCIES, type Agency, type ChannelMessages, deliveryMetaOf, mapToChannel } from "@ariadne/agencies";
import type { Standin } from "@ariadne/agency-standin";
import { AgencyReply_Kind, AuditAction, Receipt_Evidence } from "@ariadne/contracts";
import { openRoutedCopy } from "@ariadne/envelope";
import { describe, expect, it } from "vitest";
import { openStateBucket } from "../src/state/bucket.ts";
import { CopyIndex } from "../src/state/copy-index.ts";
import { expectEurojust, expectFrontex, expectNothingWithheld, expectSiena } from "./support/channel-oracle.ts";
import { EXAMPLES, type RoutedCopy, routeExample } from "./support/route.ts";
import { eventually, World } from "./support/world.ts";

function checkMessage(agency: Agency, message: unknown, c: RoutedCopy) {
  const e = { copyId: c.copyId, alert: c.alert, copy: c.copy, decision: c.decision };
  if (agency === "europol") expectSiena(message as ChannelMessages["europol"], e);
  if (agency === "eurojust") expectEurojust(message as ChannelMessages["eurojust"], e);
  if (agency === "frontex") expectFrontex(message as ChannelMessages["frontex"], e);
  expectNothingWithheld(message, e);
}

describe("delivery: the examples, routed as the router does, through each adapter to each stand-in channel", () => {
  it("delivers every copy once in the channel's format, returns signed receipts and replies, and audits each step", async () => {
    // The real audit service: every event below is in the AUDIT stream, verified and chained.
    await using world = await World.start({ audit: "service" });
    const standins = new Map<Agency, Standin>();
    for (const agency of AGENCIES) {
      const s = await world.standin(agency);
      standins.set(agency, s);
      await world.adapter(agency, s.url);
    }
    // A second Europol replica shares the durable consumer and the events cursor.
    await world.adapter("europol", standins.get("europol")?.url ?? "");

    const copies: RoutedCopy[] = [];
    for (const name of EXAMPLES) copies.push(...(await routeExample(world, name)));
    // Under deploy/mandates.yaml: Europol gets all three, Eurojust and Frontex two each.
    expect(copies.map((c) => c.agency).sort()).toEqual(
      ["eurojust", "eurojust", "europol", "europol", "europol", "frontex", "frontex"].sort(),
    );

    for (const c of copies) {
      const standin = standins.get(c.agency) as Standin;
      const record = await eventually(`${c.copyId} at ${c.agency}`, () =>
        standin.records().find((r) => r.idempotencyKey === c.copyId),
      );
      checkMessage(c.agency, record.message, c);
      // Exactly the library's mapping of the verified copy, byte for byte.
      const opened = openRoutedCopy(c.bytes, world.keys.verifier(), { recipient: c.agency });
      expect(JSON.stringify(record.message)).toBe(
        JSON.stringify(mapToChannel(c.agency, opened.alert, deliveryMetaOf(opened.attestation))),
      );
    }

    // Every copy: a delivery receipt with the channel's reference, a retrieval receipt, the replies.
    for (const c of copies) {
      const originator = c.alert.header?.originator ?? "";
      const standin = standins.get(c.agency) as Standin;
      const reference = standin.records().find((r) => r.idempotencyKey === c.copyId)?.reference;
      const repliesAtChannel = standin.events().filter((e) => e.type === "reply" && e.idempotencyKey === c.copyId);
      const mine = await eventually(`evidence of ${c.copyId}`, async () => {
        const items = (await world.returns(originator)).filter(
          (i) =>
            (i.receipt?.recipient ?? i.reply?.agency) === c.agency &&
            (i.receipt?.alertId ?? i.reply?.alertId) === c.alert.header?.alertId,
        );
        const done =
          items.some((i) => i.receipt?.evidence === Receipt_Evidence.EVIDENCE_RETRIEVAL) &&
          items.filter((i) => i.reply).length === repliesAtChannel.length;
        return done ? items : undefined;
      });
      const delivery = mine.filter((i) => i.receipt?.evidence === Receipt_Evidence.EVIDENCE_DELIVERY);
      const retrieval = mine.filter((i) => i.receipt?.evidence === Receipt_Evidence.EVIDENCE_RETRIEVAL);
      expect(delivery).toHaveLength(1);
      expect(retrieval).toHaveLength(1);
      for (const i of [...delivery, ...retrieval]) {
        expect(i.party).toBe(`adapter.${c.agency}`);
        expect(i.receipt?.issuer).toBe(`adapter.${c.agency}`);
        expect(i.receipt?.originator).toBe(originator);
        expect(i.receipt?.channelReference).toBe(reference);
        expect(i.receipt?.version).toBe(c.alert.header?.version);
        expect(Buffer.from(i.receipt?.manifestDigest ?? []).toString("hex")).toBe(
          Buffer.from(openRoutedCopy(c.bytes, world.keys.verifier(), { recipient: c.agency }).manifestDigest).toString(
            "hex",
          ),
        );
      }
      // The delivery receipt comes before the retrieval receipt.
      expect((delivery[0]?.seq ?? 0) < (retrieval[0]?.seq ?? 0)).toBe(true);
      const replies = mine.filter((i) => i.reply);
      expect(replies.map((r) => r.reply?.agencyReference).sort()).toEqual(
        repliesAtChannel.map((e) => (e.type === "reply" ? e.agencyReference : "")).sort(),
      );
      for (const r of replies) expect(r.party).toBe(`adapter.${c.agency}`);
    }
    // The agencies answered as their rules say: Europol a match, Eurojust a desk, Frontex a risk assessment.
    const kinds = new Set(
      (await Promise.all(["ncp.de", "ncp.fr", "ncp.nl"].map((p) => world.returns(p))))
        .flat()
        .map((i) => i.reply?.kind)
        .filter((k) => k !== undefined),
    );
    expect(kinds).toEqual(
      new Set([
        AgencyReply_Kind.KIND_MATCH_FOUND,
        AgencyReply_Kind.KIND_DESK_ASSIGNED,
        AgencyReply_Kind.KIND_RISK_ASSESSMENT_UPDATED,
      ]),
    );

    // Nothing twice at any endpoint, nothing twice on the return subjects.
    for (const s of standins.values()) {
      const keys = s.records().map((r) => r.idempotencyKey);
      expect(new Set(keys).size).toBe(keys.length);
    }
    const returned = (await Promise.all(["ncp.de", "ncp.fr", "ncp.nl"].map((p) => world.returns(p)))).flat();
    const ids = returned.map((i) => i.receipt?.receiptId ?? i.reply?.replyId);
    expect(new Set(ids).size).toBe(ids.length);

    // The audit trail: each transfer logged before its delivery receipt; every receipt and reply logged.
    const logged = await world.auditLog();
    for (const c of copies) {
      const disclosure = logged.find(
        (l) =>
          l.event.action === AuditAction.AUDIT_ACTION_DISCLOSURE &&
          l.event.detail.includes(`channel=${c.agency}`) &&
          l.event.alertId === c.alert.header?.alertId,
      );
      const delivered = logged.find(
        (l) =>
          l.event.action === AuditAction.AUDIT_ACTION_EVIDENCE &&
          l.event.detail.includes("EVIDENCE_DELIVERY") &&
          l.event.alertId === c.alert.header?.alertId &&
          l.event.recipients.includes(c.agency),
      );
      expect(disclosure?.signer).toBe(`adapter.${c.agency}`);
      expect(disclosure?.event.legalBasis).toBe(c.decision.legalBasis);
      expect((disclosure?.index ?? Number.POSITIVE_INFINITY) < (delivered?.index ?? -1)).toBe(true);
    }
    expect(logged.filter((l) => l.event.action === AuditAction.AUDIT_ACTION_EVIDENCE)).toHaveLength(returned.length);

    // The copy index maps each copy to its alert and reference, delivered.
    const nc = await world.connection();
    for (const c of copies) {
      const record = await new CopyIndex(await openStateBucket(nc, c.agency)).get(c.copyId);
      expect(record?.state).toBe("delivered");
      expect(record?.originator).toBe(c.alert.header?.originator);
      expect(record?.reference).toBe(
        standins
          .get(c.agency)
          ?.records()
          .find((r) => r.idempotencyKey === c.copyId)?.reference,
      );
    }
  }, 90_000);
});
