import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Metrics, ReadinessCheck } from "@ariadne/runtime";

/** A route handler: answers the request, or returns false to let the next one try. */
export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> | boolean;

export interface ConsoleServer extends AsyncDisposable {
  readonly url: string;
  readonly port: number;
  setShuttingDown(): void;
  close(): Promise<void>;
}

export interface ConsoleServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly metrics: Metrics;
  readonly checks: Record<string, ReadinessCheck>;
  /** Page and API routes, tried in order after /healthz, /readyz and /metrics. */
  readonly routes: readonly Route[];
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" })
    .end(JSON.stringify(body));
}

async function readiness(checks: Record<string, ReadinessCheck>, shuttingDown: boolean) {
  const results: Record<string, true | string> = {};
  let ready = !shuttingDown;
  if (shuttingDown) results["shutdown"] = "shutting down";
  for (const [name, check] of Object.entries(checks)) {
    let r: boolean | string;
    try {
      r = await check();
    } catch (err) {
      r = (err as Error).name;
    }
    results[name] = r === true ? true : r === false ? "not ready" : r;
    if (r !== true) ready = false;
  }
  return { ready, results };
}

/**
 * One HTTP server for the page, the API and health: startHealthServer (@ariadne/runtime) serves
 * only its three paths, so this keeps its /healthz, /readyz and /metrics semantics and adds routes.
 */
export async function startConsoleServer(opts: ConsoleServerOptions): Promise<ConsoleServer> {
  let shuttingDown = false;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://console.invalid");
    if (url.pathname === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (url.pathname === "/readyz") {
      const { ready, results } = await readiness(opts.checks, shuttingDown);
      return sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "not ready", checks: results });
    }
    if (url.pathname === "/metrics") {
      const body = await opts.metrics.text();
      res.writeHead(200, { "content-type": opts.metrics.registry.contentType }).end(body);
      return;
    }
    for (const route of opts.routes) if (await route(req, res, url)) return;
    sendJson(res, 404, { error: { code: "NOT_FOUND" } });
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: "INTERNAL" } });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    url: `http://${opts.host}:${port}`,
    port,
    setShuttingDown: () => {
      shuttingDown = true;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
