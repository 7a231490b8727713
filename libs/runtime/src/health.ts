import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Metrics } from "./metrics.ts";

/** A readiness check: true when ready, or a short non-personal reason why not. */
export type ReadinessCheck = () => boolean | string | Promise<boolean | string>;

export interface HealthServer extends AsyncDisposable {
  readonly url: string;
  readonly port: number;
  /** Readiness goes false first on shutdown, so load balancers stop sending before we drain. */
  setShuttingDown(): void;
  close(): Promise<void>;
}

export interface HealthOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly metrics: Metrics;
  readonly checks: Record<string, ReadinessCheck>;
}

/**
 * /healthz: the process answers (liveness). /readyz: every check passes (readiness), as JSON
 * with each check's state. /metrics: Prometheus text format.
 */
export async function startHealthServer(opts: HealthOptions): Promise<HealthServer> {
  let shuttingDown = false;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    void (async () => {
      try {
        if (path === "/healthz") {
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok" }));
        } else if (path === "/readyz") {
          const results: Record<string, true | string> = {};
          let ready = !shuttingDown;
          if (shuttingDown) results["shutdown"] = "shutting down";
          for (const [name, check] of Object.entries(opts.checks)) {
            let r: boolean | string;
            try {
              r = await check();
            } catch (err) {
              r = (err as Error).name;
            }
            results[name] = r === true ? true : r === false ? "not ready" : r;
            if (r !== true) ready = false;
          }
          res
            .writeHead(ready ? 200 : 503, { "content-type": "application/json" })
            .end(JSON.stringify({ status: ready ? "ready" : "not ready", checks: results }));
        } else if (path === "/metrics") {
          const body = await opts.metrics.text();
          res.writeHead(200, { "content-type": opts.metrics.registry.contentType }).end(body);
        } else {
          res.writeHead(404).end();
        }
      } catch {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      }
    })();
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
