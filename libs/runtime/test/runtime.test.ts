import { Writable } from "node:stream";
import { headers } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ConfigError,
  createLogger,
  formatTraceparent,
  injectTrace,
  Metrics,
  NatsConfig,
  parseConfig,
  parseTraceparent,
  startHealthServer,
  traceFromHeaders,
} from "../src/mod.ts";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { lines, stream };
}

describe("trace context", () => {
  const tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  it("parses and formats W3C traceparent", () => {
    const ctx = parseTraceparent(tp);
    expect(ctx).toEqual({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", sampled: true });
    expect(ctx && formatTraceparent(ctx)).toBe(tp);
  });
  it.each(["", "garbage", `01${tp.slice(2)}`, "00-00000000000000000000000000000000-00f067aa0ba902b7-01"])(
    "refuses %j",
    (bad) => expect(parseTraceparent(bad)).toBeUndefined(),
  );
  it("propagates the trace id through NATS headers with a new span", () => {
    const h = headers();
    h.set("traceparent", tp);
    const incoming = traceFromHeaders(h);
    const out = headers();
    const child = injectTrace(out, incoming);
    expect(child.traceId).toBe(incoming.traceId);
    expect(child.spanId).not.toBe(incoming.spanId);
    expect(parseTraceparent(out.get("traceparent"))).toEqual(child);
    expect(traceFromHeaders(undefined).traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("logger", () => {
  it("redacts personal data logged by mistake, at any usual depth", async () => {
    const { lines, stream } = capture();
    const log = createLogger({ service: "t", destination: stream });
    const canary = "Zyxwvut Canaryname";
    log.info({ alert: { summary: canary } }, "x");
    log.info({ ctx: { person: { name: { familyName: canary } } } }, "x");
    log.info({ deep: { persons: [{ name: canary }] }, alertId: "a-1" }, "x");
    log.info({ a: { b: { summary: canary } } }, "x");
    log.flush();
    await new Promise((r) => setTimeout(r, 10));
    const all = lines.join("");
    expect(lines.length).toBe(4);
    expect(all).not.toContain("Canaryname");
    expect(all).toContain('"alertId":"a-1"');
    expect(all).toContain("[redacted]");
  });
  it("logs error codes", async () => {
    const { lines, stream } = capture();
    const log = createLogger({ service: "t", destination: stream });
    log.error({ err: Object.assign(new Error("bad"), { code: "SIGNATURE_INVALID" }) }, "refused");
    log.flush();
    await new Promise((r) => setTimeout(r, 10));
    expect(JSON.parse(lines[0] ?? "{}").err.code).toBe("SIGNATURE_INVALID");
  });
});

describe("config", () => {
  it("lists every bad setting by path", () => {
    const schema = z.object({ nats: NatsConfig, port: z.coerce.number().int().min(0) });
    try {
      parseConfig(schema, { nats: { servers: [], bogus: 1 }, port: "x" }, "router");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const issues = (err as ConfigError).issues.join("\n");
      expect(issues).toContain("nats.servers");
      expect(issues).toContain("nats");
      expect(issues).toContain("port");
    }
    expect(parseConfig(schema, { nats: {}, port: "8080" }, "router").port).toBe(8080);
  });
});

describe("health server", () => {
  it("serves liveness, readiness with reasons, and Prometheus metrics", async () => {
    const metrics = new Metrics("test");
    metrics.counter("things_total", "things").inc(3);
    let natsUp: boolean | string = "disconnected";
    await using health = await startHealthServer({
      host: "127.0.0.1",
      port: 0,
      metrics,
      checks: { nats: () => natsUp },
    });
    expect((await fetch(`${health.url}/healthz`)).status).toBe(200);
    const r = await fetch(`${health.url}/readyz`);
    expect(r.status).toBe(503);
    expect(await r.json()).toEqual({ status: "not ready", checks: { nats: "disconnected" } });
    natsUp = true;
    expect((await fetch(`${health.url}/readyz`)).status).toBe(200);
    health.setShuttingDown();
    expect((await fetch(`${health.url}/readyz`)).status).toBe(503);
    const text = await (await fetch(`${health.url}/metrics`)).text();
    expect(text).toContain('ariadne_things_total{service="test"} 3');
    expect(text).toContain("ariadne_process_resident_memory_bytes");
  });
});
