import type { ChannelEvent } from "@ariadne/agencies";
import { AgencyReply, AgencyReply_Kind, Receipt, Receipt_Evidence } from "@ariadne/contracts";
import { describe, expect, it } from "vitest";
import { translateEvent } from "../src/events/translate.ts";
import type { CopyRecord } from "../src/state/copy-index.ts";

const copyId = "019380a2-6c1e-7a3b-9f10-2b7c4d5e6f01.1.europol";
const record: CopyRecord = {
  copyId,
  alertId: "019380a2-6c1e-7a3b-9f10-2b7c4d5e6f01",
  version: 1,
  originator: "ncp.nl",
  recipient: "europol",
  manifestDigest: "ab".repeat(32),
  state: "delivered",
  reference: "SIENA-2025-000001",
  traceparent: "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01",
};
const base = {
  cursor: "7",
  reference: "SIENA-2025-000001",
  idempotencyKey: copyId,
  ariadneCopyId: copyId,
  at: "2025-11-05T07:00:05.000Z",
};
const ack: ChannelEvent = { type: "acknowledged", ...base };
const reply: ChannelEvent = {
  type: "reply",
  ...base,
  cursor: "8",
  kind: "MATCH_FOUND",
  agencyReference: "AP PHOENIX",
  text: "matches an existing analysis project",
};

describe("translateEvent", () => {
  it("turns an acknowledgement into a RETRIEVAL receipt linked to the alert, signed at the event's time", () => {
    const d = translateEvent(ack, record, "adapter.europol", "europol");
    if (d.kind !== "issue") throw new Error(d.kind);
    expect(d.item.id).toBe(`${copyId}.retrieval`);
    expect(d.item.at.toISOString()).toBe(base.at);
    expect(d.item.traceparent).toBe(record.traceparent);
    const r = Receipt.decode(d.item.payload);
    expect(r).toMatchObject({
      receiptId: `${copyId}.retrieval`,
      alertId: record.alertId,
      version: 1,
      originator: "ncp.nl",
      issuer: "adapter.europol",
      recipient: "europol",
      evidence: Receipt_Evidence.EVIDENCE_RETRIEVAL,
      channelReference: "SIENA-2025-000001",
    });
    expect(Buffer.from(r.manifestDigest).toString("hex")).toBe(record.manifestDigest);
  });

  it("turns a reply into an AgencyReply with one id per channel event", () => {
    const d = translateEvent(reply, record, "adapter.europol", "europol");
    if (d.kind !== "issue") throw new Error(d.kind);
    expect(d.item.id).toBe(`${copyId}.reply.8`);
    expect(d.item.evidenceCode).toBe("KIND_MATCH_FOUND");
    expect(AgencyReply.decode(d.item.payload)).toMatchObject({
      replyId: `${copyId}.reply.8`,
      agency: "europol",
      issuer: "adapter.europol",
      kind: AgencyReply_Kind.KIND_MATCH_FOUND,
      agencyReference: "AP PHOENIX",
      originator: "ncp.nl",
    });
  });

  it("holds events of a delivery in progress, relays those of a dead-lettered one, skips unknown copies", () => {
    expect(translateEvent(ack, { ...record, state: "pending" }, "adapter.europol", "europol").kind).toBe("hold");
    expect(translateEvent(ack, { ...record, state: "dead" }, "adapter.europol", "europol").kind).toBe("issue");
    expect(translateEvent(ack, undefined, "adapter.europol", "europol").kind).toBe("unknown");
    expect(translateEvent(ack, { ...record, copyId: `${copyId}x` }, "adapter.europol", "europol").kind).toBe("unknown");
  });

  it("is deterministic: the same event gives the same payload (a repeat is stored once)", () => {
    const a = translateEvent(reply, record, "adapter.europol", "europol");
    const b = translateEvent(reply, record, "adapter.europol", "europol");
    if (a.kind !== "issue" || b.kind !== "issue") throw new Error("not issued");
    expect(Buffer.from(a.item.payload).equals(Buffer.from(b.item.payload))).toBe(true);
  });
});
