import { ConfigError, parseConfig } from "@ariadne/runtime";
import { describe, expect, it } from "vitest";
import { AuditEnv, auditOptionsOf, DEFAULT_AUDIT_OPTIONS } from "../src/mod.ts";

const required = { ARIADNE_KEY_FILE: "/keys/audit.jwk", ARIADNE_OPERATOR_KEY_FILE: "/keys/operator.pub.jwk" };

describe("audit service configuration", () => {
  it("defaults to party audit, the documented port and options", () => {
    const env = parseConfig(AuditEnv, required, "audit");
    expect([env.ARIADNE_PARTY, env.ARIADNE_HTTP_PORT]).toEqual(["audit", 8083]);
    expect(auditOptionsOf(env)).toEqual(DEFAULT_AUDIT_OPTIONS);
  });

  it("reads every ARIADNE_AUDIT_* setting", () => {
    const env = parseConfig(
      AuditEnv,
      {
        ...required,
        ARIADNE_AUDIT_LOG_ID: "ariadne-audit/eu-prod",
        ARIADNE_AUDIT_CHECKPOINT_INTERVAL_MS: "5000",
        ARIADNE_AUDIT_MAX_REQUEST_EVENTS: "10",
        ARIADNE_AUDIT_MAX_BATCH_EVENTS: "64",
        ARIADNE_AUDIT_MAX_QUEUED_EVENTS: "1000",
        ARIADNE_AUDIT_MAX_EVENT_AGE_MS: "600000",
        ARIADNE_AUDIT_PUBLISH_TIMEOUT_MS: "1500",
        ARIADNE_AUDIT_MAX_REPLY_BYTES: "65536",
      },
      "audit",
    );
    expect(auditOptionsOf(env)).toMatchObject({
      logId: "ariadne-audit/eu-prod",
      checkpointIntervalMs: 5000,
      maxRequestEvents: 10,
      maxBatchEvents: 64,
      maxQueuedEvents: 1000,
      maxEventAgeMs: 600_000,
      publishTimeoutMs: 1500,
      queryLimits: { maxReplyBytes: 65_536 },
    });
  });

  it("names every bad setting at once", () => {
    let err: unknown;
    try {
      parseConfig(AuditEnv, { ARIADNE_AUDIT_LOG_ID: "Not A Log", ARIADNE_AUDIT_CHECKPOINT_INTERVAL_MS: "-1" }, "audit");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const paths = (err as ConfigError).issues.map((i) => i.split(":")[0]);
    expect(paths.sort()).toEqual(
      [
        "ARIADNE_AUDIT_CHECKPOINT_INTERVAL_MS",
        "ARIADNE_AUDIT_LOG_ID",
        "ARIADNE_KEY_FILE",
        "ARIADNE_OPERATOR_KEY_FILE",
      ].sort(),
    );
  });
});
