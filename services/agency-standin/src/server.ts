import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { type Agency, CHANNELS, type ChannelEvent, Cursor } from "@ariadne/agencies";
import { createLogger, type Logger } from "@ariadne/runtime";
import { applyControl, type ControlState, ControlUpdate, DEFAULT_CONTROL, gate } from "./control.ts";
import { handleDelivery } from "./deliver.ts";
import { readBody, sendError, sendJson } from "./http.ts";
import { Ledger, type StandinRecord } from "./ledger.ts";
import { standinMetrics } from "./metrics.ts";

export interface StandinOptions<A extends Agency = Agency> {
  readonly agency: A;
  /** Default 127.0.0.1: the control endpoint is for tests and the local stack. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /** Where records.jsonl and events.jsonl live; reopening the same folder keeps them. */
  readonly dataDir: string;
  /** The initial fault state (see control.ts); POST /_control changes it later. */
  readonly control?: Partial<ControlState>;
  readonly logger?: Logger;
  /** Clock for receivedAt, references and event times. */
  readonly now?: () => Date;
  /** Largest body accepted (default 1 MiB). */
  readonly maxBodyBytes?: number;
}

export interface Standin<A extends Agency = Agency> extends AsyncDisposable {
  readonly agency: A;
  /** "http://host:port" */
  readonly url: string;
  readonly port: number;
  /** The path deliveries go to, e.g. "/siena/v1/messages". */
  readonly path: string;
  readonly dataDir: string;
  /** Reads, or changes then reads, the fault state: the same as POST /_control. */
  control(update?: ControlUpdate): ControlState;
  records(): readonly StandinRecord<A>[];
  events(): readonly ChannelEvent[];
  /** Stops listening, abandons hanging requests, cancels pending retrievals, closes the logs. */
  close(): Promise<void>;
}

const MAX_EVENTS_PAGE = 1000;
const KNOWN_ROUTES = new Set(["/events", "/records", "/healthz", "/metrics", "/_control"]);

/**
 * Starts one agency's stand-in channel (see docs/agency-channels.md for the HTTP API):
 * its own format on its own path, idempotent by key, persistent, faulty on demand, replying.
 */
export async function startStandin<A extends Agency>(opts: StandinOptions<A>): Promise<Standin<A>> {
  const agency = opts.agency;
  const spec = CHANNELS[agency];
  const logger = opts.logger ?? createLogger({ service: `agency-standin-${agency}`, level: "silent" });
  const now = opts.now ?? (() => new Date());
  const control: ControlState = { ...DEFAULT_CONTROL, ...opts.control };
  const m = standinMetrics(agency);
  const ledger = await Ledger.open(agency, opts.dataDir, {
    now,
    logger,
    ackDelayMs: () => control.ackDelayMs,
    onEvent: (e) => m.events.inc({ type: e.type }),
  });
  m.records.set(ledger.records().length);
  const stopping = new AbortController();
  const hanging = new Set<ServerResponse>();

  // A closed set of labels: a scanner's random paths must not grow the metric without bound.
  const routeLabel = (path: string) => (path === spec.path ? "deliver" : KNOWN_ROUTES.has(path) ? path : "other");

  /** Applies the fault gate; true when the request may go on. */
  async function passGate(route: "deliver" | "events", res: ServerResponse): Promise<boolean> {
    const decision = gate(control, route);
    if (decision.kind === "fail") {
      sendError(res, 503, "CHANNEL_UNAVAILABLE", `${agency} channel unavailable`, undefined, { "retry-after": "1" });
      return false;
    }
    if (decision.kind === "hang") {
      hanging.add(res);
      m.hanging.set(hanging.size);
      res.on("close", () => {
        hanging.delete(res);
        m.hanging.set(hanging.size);
      });
      return false;
    }
    if (decision.delayMs > 0) await sleep(decision.delayMs, undefined, { signal: stopping.signal });
    return true;
  }

  async function route(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) {
    const method = req.method ?? "GET";
    const only = (allowed: string) => {
      if (method === allowed) return true;
      sendError(res, 405, "METHOD_NOT_ALLOWED", `use ${allowed}`, undefined, { allow: allowed });
      return false;
    };
    switch (path) {
      case spec.path:
        if (only("POST") && (await passGate("deliver", res))) {
          await handleDelivery(
            { agency, ledger, control, metrics: m, logger, maxBodyBytes: opts.maxBodyBytes ?? 1 << 20 },
            req,
            res,
          );
        }
        return;
      case "/events": {
        if (!only("GET") || !(await passGate("events", res))) return;
        const after = Cursor.safeParse(query.get("after") ?? "0");
        const limit = Number(query.get("limit") ?? "100");
        if (!after.success || !Number.isInteger(limit) || limit < 1 || limit > MAX_EVENTS_PAGE) {
          sendError(res, 400, "INVALID_CURSOR", `after must be a cursor, limit 1-${MAX_EVENTS_PAGE}`);
          return;
        }
        sendJson(res, 200, ledger.eventsAfter(Number(after.data), limit));
        return;
      }
      case "/records":
        if (only("GET")) sendJson(res, 200, { agency, records: ledger.records() });
        return;
      case "/healthz":
        if (only("GET")) sendJson(res, 200, { status: "ok", agency });
        return;
      case "/metrics":
        if (only("GET"))
          res.writeHead(200, { "content-type": m.metrics.registry.contentType }).end(await m.metrics.text());
        return;
      case "/_control": {
        if (method === "GET") return sendJson(res, 200, control);
        if (!only("POST")) return;
        let update: ControlUpdate;
        try {
          update = ControlUpdate.parse(JSON.parse((await readBody(req, 4096)).toString("utf8")));
        } catch {
          sendError(res, 400, "INVALID_CONTROL", "expected {mode?, delayMs?, failNext?, dropNext?, ackDelayMs?}");
          return;
        }
        applyControl(control, update);
        logger.info({ control }, "control changed");
        sendJson(res, 200, control);
        return;
      }
      default:
        sendError(res, 404, "NOT_FOUND", `no such endpoint on the ${agency} channel`);
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://standin");
    res.on("finish", () => m.requests.inc({ route: routeLabel(url.pathname), status: res.statusCode }));
    route(req, res, url.pathname, url.searchParams).catch((err: unknown) => {
      if (stopping.signal.aborted) {
        res.destroy();
        return;
      }
      logger.error({ err }, "request failed");
      sendError(res, 500, "INTERNAL", "internal error");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? "127.0.0.1";
  logger.info({ agency, port, path: spec.path }, "stand-in listening");

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      stopping.abort();
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await ledger.close();
    })();
    return closing;
  };

  return {
    agency,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    path: spec.path,
    dataDir: opts.dataDir,
    control: (update) =>
      update === undefined ? { ...control } : { ...applyControl(control, ControlUpdate.parse(update)) },
    records: () => ledger.records(),
    events: () => ledger.events(),
    close,
    [Symbol.asyncDispose]: close,
  };
}
