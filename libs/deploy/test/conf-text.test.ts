import { describe, expect, it } from "vitest";
import { Bare, COMMENT, confText } from "../src/mod.ts";

describe("nats-server configuration text", () => {
  it("quotes every string, so $-subjects are never read as variables, and writes units bare", () => {
    const text = confText({ a: "$JS.API.>", b: new Bare("2MB"), c: true, d: 5 });
    expect(text).toBe('"a": "$JS.API.>"\n"b": 2MB\n"c": true\n"d": 5');
  });

  it("writes comments, nested blocks and long subject lists one per line", () => {
    const long = Array.from({ length: 5 }, (_, i) => `ariadne.deliver.agency-number-${i}`);
    const text = confText({ users: [{ [COMMENT]: "router (router)", nkey: "UX", allow: long }], empty: [] });
    expect(text).toContain('  {\n    # router (router)\n    "nkey": "UX"');
    for (const s of long) expect(text).toContain(`\n      "${s}"\n`.trimEnd());
    expect(text).toContain('"empty": []');
  });
});
