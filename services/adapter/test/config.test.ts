import { ConfigError } from "@ariadne/runtime";
import { describe, expect, it } from "vitest";
import { adapterConfigFromEnv } from "../src/config.ts";

const base = {
  ARIADNE_AGENCY: "frontex",
  ARIADNE_CHANNEL_URL: "http://127.0.0.1:8403",
  ARIADNE_KEY_FILE: "/keys/adapter.frontex/k.jwk",
  ARIADNE_OPERATOR_KEY_FILE: "/keys/operator.pub.jwk",
};

function issues(env: Record<string, string>): readonly string[] {
  try {
    adapterConfigFromEnv(env);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    expect(err.code).toBe("CONFIG_INVALID");
    return err.issues;
  }
}

describe("adapterConfigFromEnv", () => {
  it("reads the agency, its channel and the defaults", () => {
    const c = adapterConfigFromEnv({ ...base, ARIADNE_NATS_URL: "nats://a:4222,nats://b:4222" });
    expect(c.party).toBe("adapter.frontex");
    expect(c.nats.servers).toEqual(["nats://a:4222", "nats://b:4222"]);
    expect(c.delivery).toEqual({
      maxAttempts: 10,
      backoff: { baseMs: 1000, maxMs: 60_000 },
      concurrency: 4,
      ackWaitMs: 30_000,
      copyMaxAgeMs: 30 * 24 * 3_600_000,
      stopGraceMs: 10_000,
    });
    expect(c.feed.enabled).toBe(true);
    expect(c.http).toEqual({ host: "127.0.0.1", port: 8470 });
  });

  it("takes the attempt and backoff settings", () => {
    const c = adapterConfigFromEnv({
      ...base,
      ARIADNE_ADAPTER_MAX_ATTEMPTS: "3",
      ARIADNE_ADAPTER_BACKOFF_BASE_MS: "200",
      ARIADNE_ADAPTER_BACKOFF_MAX_MS: "800",
      ARIADNE_FEED_ENABLED: "false",
    });
    expect(c.delivery.maxAttempts).toBe(3);
    expect(c.delivery.backoff).toEqual({ baseMs: 200, maxMs: 800 });
    expect(c.feed.enabled).toBe(false);
  });

  it("lists every bad variable at once", () => {
    const found = issues({
      ...base,
      ARIADNE_AGENCY: "interpol",
      ARIADNE_CHANNEL_URL: "ftp://x",
      ARIADNE_ADAPTER_MAX_ATTEMPTS: "0",
    });
    expect(found.map((i) => i.split(":")[0])).toEqual([
      "ARIADNE_AGENCY",
      "ARIADNE_CHANNEL_URL",
      "ARIADNE_ADAPTER_MAX_ATTEMPTS",
    ]);
  });

  it("refuses a party that is not the agency's adapter and a backoff ceiling below its base", () => {
    expect(issues({ ...base, ARIADNE_PARTY: "adapter.europol" }).map((i) => i.split(":")[0])).toEqual([
      "ARIADNE_PARTY",
    ]);
    expect(
      issues({ ...base, ARIADNE_ADAPTER_BACKOFF_BASE_MS: "5000", ARIADNE_ADAPTER_BACKOFF_MAX_MS: "100" }).map(
        (i) => i.split(":")[0],
      ),
    ).toEqual(["ARIADNE_ADAPTER_BACKOFF_MAX_MS"]);
  });
});
