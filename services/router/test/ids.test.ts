import { describe, expect, it } from "vitest";
import { acceptanceIds, deterministicUuid, rejectionIds } from "../src/mod.ts";

const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("deterministic ids", () => {
  it("are RFC 9562 version 8 UUIDs, the same for the same parts", () => {
    const id = deterministicUuid(["a", "b"]);
    expect(id).toMatch(UUID_V8);
    expect(deterministicUuid(["a", "b"])).toBe(id);
  });

  it("length-prefix their parts, so shifted boundaries never collide", () => {
    const ids = [["ab", "c"], ["a", "bc"], ["abc"], ["a", "b", "c"], ["", "abc"]].map((p) => deterministicUuid(p));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("acceptance: one receipt per alert version; rejection: one notice per intake message", () => {
    const digest = "ab".repeat(32);
    expect(acceptanceIds("a-1", 2, digest)).toEqual(acceptanceIds("a-1", 2, digest));
    expect(acceptanceIds("a-1", 2, digest).msgId).toBe("a-1.2.submission-acceptance");
    expect(acceptanceIds("a-1", 3, digest).receiptId).not.toBe(acceptanceIds("a-1", 2, digest).receiptId);
    expect(rejectionIds(7, digest).msgId).toBe(`rejection.7.${digest.slice(0, 32)}`);
    expect(rejectionIds(7, digest).noticeId).not.toBe(rejectionIds(8, digest).noticeId);
  });
});
