import { ConfigError, parseConfig } from "@ariadne/runtime";
import { describe, expect, it } from "vitest";
import { auditTimeoutOf, RouterEnv, routerOptionsOf, safeCode } from "../src/mod.ts";

const required = { ARIADNE_KEY_FILE: "k.jwk", ARIADNE_OPERATOR_KEY_FILE: "op.jwk", ARIADNE_MANDATES_FILE: "m.yaml" };

describe("router configuration", () => {
  it("defaults", () => {
    const env = parseConfig(RouterEnv, required, "router");
    expect(env.ARIADNE_PARTY).toBe("router");
    expect(routerOptionsOf(env)).toEqual({
      concurrency: 16,
      maxDeliveries: 5,
      ackWaitMs: 30_000,
      backoff: { baseMs: 500, maxMs: 30_000 },
      auditRetry: { baseMs: 250, maxMs: 5_000 },
      maxEnvelopeBytes: 1024 * 1024,
    });
    expect(auditTimeoutOf(env)).toBe(5_000);
  });

  it("keeps audit waits well inside the ack wait, so a held message is never redelivered", () => {
    const env = parseConfig(RouterEnv, { ...required, ARIADNE_ROUTER_ACK_WAIT_MS: "3000" }, "router");
    expect(routerOptionsOf(env).auditRetry.maxMs).toBe(1000);
    expect(auditTimeoutOf(env)).toBe(1000);
  });

  const bad: [string, Record<string, string>][] = [
    ["no key file", { ARIADNE_OPERATOR_KEY_FILE: "op", ARIADNE_MANDATES_FILE: "m" }],
    ["no mandates file", { ARIADNE_KEY_FILE: "k", ARIADNE_OPERATOR_KEY_FILE: "op" }],
    ["zero concurrency", { ...required, ARIADNE_ROUTER_CONCURRENCY: "0" }],
    ["a party id with capitals", { ...required, ARIADNE_PARTY: "Router" }],
    ["envelopes larger than a stream accepts", { ...required, ARIADNE_ROUTER_MAX_ENVELOPE_BYTES: "9999999" }],
  ];
  for (const [name, env] of bad) {
    it(`refuses ${name} (CONFIG_INVALID)`, () => {
      let code: string | undefined;
      try {
        parseConfig(RouterEnv, env, "router");
      } catch (err) {
        code = err instanceof ConfigError ? err.code : "OTHER";
      }
      expect(code).toBe("CONFIG_INVALID");
    });
  }
});

describe("safeCode: what may travel as a code", () => {
  const cases: [unknown, string][] = [
    [Object.assign(new Error("x"), { code: "PUBLISH_FAILED" }), "PUBLISH_FAILED"],
    [Object.assign(new Error("x"), { code: "503" }), "INTERNAL"],
    [Object.assign(new Error("x"), { code: "seen in Bucharest" }), "INTERNAL"],
    [new Error("no code"), "INTERNAL"],
    ["APPEND_REFUSED", "APPEND_REFUSED"],
    [undefined, "INTERNAL"],
  ];
  for (const [input, expected] of cases) {
    it(`${String((input as { code?: string })?.code ?? input)} -> ${expected}`, () => {
      expect(safeCode(input)).toBe(expected);
    });
  }
});
