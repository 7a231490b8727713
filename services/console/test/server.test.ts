import { Metrics } from "@ariadne/runtime";
import { afterEach, describe, expect, it } from "vitest";
import { type ConsoleServer, sendJson, startConsoleServer } from "../src/http.ts";
import { staticRoute } from "../src/static.ts";

describe("the console's one HTTP server: health, metrics, page and routes", () => {
  let server: ConsoleServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  const start = async (ready: () => boolean | string) => {
    server = await startConsoleServer({
      host: "127.0.0.1",
      port: 0,
      metrics: new Metrics("console-test"),
      checks: { nats: ready },
      routes: [
        (_req, res, url) => {
          if (url.pathname !== "/api/ping") return false;
          sendJson(res, 200, { pong: true });
          return true;
        },
        staticRoute(),
      ],
    });
    return server.url;
  };

  it("answers /healthz, /readyz with each check, /metrics, the page, its routes and 404", async () => {
    let ready: boolean | string = "disconnected";
    const url = await start(() => ready);
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: "ok" });
    const notReady = await fetch(`${url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: "not ready", checks: { nats: "disconnected" } });
    ready = true;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${url}/metrics`)).text()).toContain('service="console-test"');

    const page = await fetch(`${url}/`);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(await page.text()).toContain("operator console");
    expect((await fetch(`${url}/console.js`)).headers.get("content-type")).toContain("javascript");
    expect(await (await fetch(`${url}/api/ping`)).json()).toEqual({ pong: true });
    // Only the page's own files: nothing else of the disk.
    expect((await fetch(`${url}/../package.json`)).status).toBe(404);
    expect((await fetch(`${url}/src/main.ts`)).status).toBe(404);
  });

  it("goes not ready first when shutting down", async () => {
    const url = await start(() => true);
    server?.setShuttingDown();
    const r = await fetch(`${url}/readyz`);
    expect(r.status).toBe(503);
    expect(await r.json()).toMatchObject({ checks: { shutdown: "shutting down" } });
  });
});
