import { ConfigError, parseConfig } from "@ariadne/runtime";
import { describe, expect, it } from "vitest";
import { StackConfig, stackConfigFromEnv } from "../src/config.ts";

const parse = (env: NodeJS.ProcessEnv, argv: string[] = []) =>
  parseConfig(StackConfig, stackConfigFromEnv(env, argv), "stack");

describe("stack configuration", () => {
  it("keeps the local defaults when nothing is given", () => {
    const c = parse({});
    expect(c).toMatchObject({ natsPort: -1, deploymentFile: "deploy/deployment.yaml", console: true });
    expect(c.natsUrl).toBeUndefined();
    expect(c.credentialsDir).toBeUndefined();
  });

  it("reads an existing NATS with its credentials folder from flags and from the environment", () => {
    const flags = ["--nats", "nats://a:4222,nats://b:4222", "--credentials", "deploy/generated"];
    expect(parse({}, [...flags, "--deployment", "my/deployment.yaml"])).toMatchObject({
      natsUrl: "nats://a:4222,nats://b:4222",
      credentialsDir: "deploy/generated",
      deploymentFile: "my/deployment.yaml",
    });
    const env = {
      ARIADNE_NATS_URL: "nats://a:4222",
      ARIADNE_CREDENTIALS_DIR: "/srv/generated",
      ARIADNE_DEPLOYMENT_FILE: "/srv/deployment.yaml",
    };
    expect(parse(env)).toMatchObject({
      natsUrl: "nats://a:4222",
      credentialsDir: "/srv/generated",
      deploymentFile: "/srv/deployment.yaml",
    });
  });

  it("takes the local nats-server's port from --nats-port or ARIADNE_NATS_PORT", () => {
    expect(parse({ ARIADNE_NATS_PORT: "14222" }).natsPort).toBe(14222);
    expect(parse({}, ["--nats-port", "0"]).natsPort).toBe(0);
    expect(() => parse({}, ["--nats-port", "70000"])).toThrow(ConfigError);
  });

  it("refuses credentials without the NATS they are for (the stack's own server has no users)", () => {
    let caught: unknown;
    try {
      parse({}, ["--credentials", "deploy/generated"]);
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: "CONFIG_INVALID" });
    expect((caught as ConfigError).issues.some((i) => i.startsWith("credentialsDir:"))).toBe(true);
  });
});
