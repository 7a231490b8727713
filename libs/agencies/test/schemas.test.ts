import { AgencyReply_Kind } from "@ariadne/contracts";
import { describe, expect, it } from "vitest";
import { AGENCIES, agencyReplyKind, CHANNELS, ChannelEvent, mapToChannel, REPLY_KINDS } from "../src/mod.ts";
import { example, metaFor } from "./fixtures.ts";

const alert = example("minor-sexual-exploitation-online.yaml");
const messages = Object.fromEntries(AGENCIES.map((a) => [a, mapToChannel(a, alert, metaFor(alert, a))]));
const issuesOf = (agency: (typeof AGENCIES)[number], body: unknown) => {
  const r = CHANNELS[agency].schema.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}:${i.code}`);
};

describe("each channel accepts only its own format", () => {
  for (const agency of AGENCIES) {
    for (const other of AGENCIES.filter((a) => a !== agency)) {
      it(`${agency} refuses a ${other} message`, () => {
        expect(issuesOf(agency, messages[other])).toContain("format:invalid_value");
      });
    }
    it(`${agency} refuses unknown fields, wrong types and a missing id`, () => {
      const m = messages[agency] as Record<string, unknown>;
      expect(issuesOf(agency, { ...m, note: "x" })).toEqual([":unrecognized_keys"]);
      expect(issuesOf(agency, { ...m, legalBasis: 42 })).toEqual(["legalBasis:invalid_type"]);
      expect(issuesOf(agency, { ...m, ariadneCopyId: undefined })).toEqual(["ariadneCopyId:invalid_type"]);
      expect(issuesOf(agency, null)).toEqual([":invalid_type"]);
    });
  }
});

describe("SIENA message semantics", () => {
  const m = messages["europol"] as ReturnType<typeof mapToChannel<"europol">>;
  it("refuses a link to an entity the message does not carry", () => {
    expect(issuesOf("europol", { ...m, links: [...m.links, { from: "P2", to: "P9", type: "USES" }] })).toEqual([
      "links.7.to:custom",
    ]);
  });
  it("refuses two entities under one id", () => {
    const dup = { ...m.entities, vehicles: [{ entityId: "P1" }] };
    expect(issuesOf("europol", { ...m, entities: dup })).toEqual(["entities:custom"]);
  });
  it("refuses an evaluation outside the 4x4 grid", () => {
    expect(issuesOf("europol", { ...m, evaluation: "D5" })).toEqual(["evaluation:invalid_format"]);
  });
});

describe("channel events", () => {
  const base = {
    cursor: "7",
    reference: "SIENA-2025-000001",
    idempotencyKey: "k-1",
    ariadneCopyId: "c",
    at: "2025-11-05T07:00:00.000Z",
  };
  it("are acknowledgements or replies of a known kind", () => {
    expect(ChannelEvent.safeParse({ ...base, type: "acknowledged" }).success).toBe(true);
    const reply = { ...base, type: "reply", kind: "MATCH_FOUND", agencyReference: "AP PHOENIX", text: "t" };
    expect(ChannelEvent.safeParse(reply).success).toBe(true);
    expect(ChannelEvent.safeParse({ ...reply, kind: "MAYBE" }).success).toBe(false);
    expect(ChannelEvent.safeParse({ ...base, type: "deleted" }).success).toBe(false);
  });
  it("map onto ariadne.v1.AgencyReply kinds one to one", () => {
    const kinds = REPLY_KINDS.map(agencyReplyKind);
    expect(new Set(kinds).size).toBe(REPLY_KINDS.length);
    expect(agencyReplyKind("MATCH_FOUND")).toBe(AgencyReply_Kind.KIND_MATCH_FOUND);
    expect(agencyReplyKind("DESK_ASSIGNED")).toBe(AgencyReply_Kind.KIND_DESK_ASSIGNED);
    expect(agencyReplyKind("RISK_ASSESSMENT_UPDATED")).toBe(AgencyReply_Kind.KIND_RISK_ASSESSMENT_UPDATED);
  });
});
