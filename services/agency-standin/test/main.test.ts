import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { ConfigError, parseConfig } from "@ariadne/runtime";
import { describe, expect, it } from "vitest";
import { StandinEnv } from "../src/mod.ts";
import { example, messageFor, post, request } from "./helpers.ts";

const MAIN = join(import.meta.dirname, "../src/main.ts");

describe("main.ts", () => {
  it("parses its environment strictly", () => {
    const ok = parseConfig(StandinEnv, { STANDIN_AGENCY: "frontex", STANDIN_DATA_DIR: "/tmp/x" }, "agency-standin");
    expect(ok).toMatchObject({
      STANDIN_HOST: "127.0.0.1",
      STANDIN_PORT: 0,
      STANDIN_MODE: "ok",
      STANDIN_ACK_DELAY_MS: 0,
    });
    let err: unknown;
    try {
      parseConfig(StandinEnv, { STANDIN_AGENCY: "interpol", STANDIN_PORT: "70000" }, "agency-standin");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe("CONFIG_INVALID");
    expect((err as ConfigError).issues.map((i) => i.split(":")[0])).toEqual([
      "STANDIN_AGENCY",
      "STANDIN_PORT",
      "STANDIN_DATA_DIR",
    ]);
  });

  it("serves on a random port from the environment and stops gracefully on SIGTERM", { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "ariadne-standin-main-"));
    try {
      const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
        env: { ...process.env, STANDIN_AGENCY: "europol", STANDIN_PORT: "0", STANDIN_DATA_DIR: dir, LOG_LEVEL: "info" },
        stdio: ["ignore", "pipe", "inherit"],
      });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      let url = "";
      for await (const line of createInterface({ input: child.stdout })) {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === "ready" && entry.url) {
          url = entry.url;
          break;
        }
      }
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await request(`${url}/healthz`)).body).toEqual({ status: "ok", agency: "europol" });
      const delivered = await post(
        { url, path: "/siena/v1/messages" } as Parameters<typeof post>[0],
        messageFor("europol", example("labour-fake-job-ads")),
        "k1",
      );
      expect(delivered.status).toBe(201);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
