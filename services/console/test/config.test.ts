import { Purpose } from "@ariadne/contracts";
import { describe, expect, it } from "vitest";
import { SearchParams } from "../src/api.ts";
import { ConsoleEnv } from "../src/config.ts";

const base = { ARIADNE_KEY_FILE: "k.jwk", ARIADNE_OPERATOR_KEY_FILE: "op.jwk" };

describe("console configuration", () => {
  it("has defaults for everything but the keys", () => {
    const env = ConsoleEnv.parse(base);
    expect(env).toMatchObject({
      ARIADNE_PARTY: "console",
      ARIADNE_HTTP_PORT: 8470,
      ARIADNE_CONSOLE_PURPOSES: [Purpose.PURPOSE_OPERATIONAL_SUPPORT],
      ARIADNE_CONSOLE_REFRESH_MS: 2000,
    });
    expect(env.ARIADNE_CONSOLE_LEGAL_BASIS).toContain("2016/680 Art. 25");
    expect(ConsoleEnv.safeParse({}).success).toBe(false);
  });

  it("reads purposes by name and refuses unknown ones", () => {
    expect(
      ConsoleEnv.parse({ ...base, ARIADNE_CONSOLE_PURPOSES: "criminal-analysis, operational_support" })
        .ARIADNE_CONSOLE_PURPOSES,
    ).toEqual([Purpose.PURPOSE_CRIMINAL_ANALYSIS, Purpose.PURPOSE_OPERATIONAL_SUPPORT]);
    expect(ConsoleEnv.safeParse({ ...base, ARIADNE_CONSOLE_PURPOSES: "curiosity" }).success).toBe(false);
    expect(ConsoleEnv.safeParse({ ...base, ARIADNE_CONSOLE_PURPOSES: "unspecified" }).success).toBe(false);
  });
});

describe("search parameters", () => {
  it("take an id prefix, an NCP and a time range, and nothing that is not an id", () => {
    expect(SearchParams.parse({ q: "01A2", originator: "ncp.nl", since: "2026-11-28T12:00:00.000Z" })).toMatchObject({
      q: "01a2",
      originator: "ncp.nl",
      since: new Date("2026-11-28T12:00:00.000Z"),
      limit: 50,
    });
    expect(SearchParams.safeParse({ q: "Jane Doe" }).success).toBe(false);
    expect(SearchParams.safeParse({ originator: "NCP NL" }).success).toBe(false);
    expect(SearchParams.safeParse({ since: "yesterday" }).success).toBe(false);
    expect(SearchParams.safeParse({ limit: "5000" }).success).toBe(false);
  });
});
