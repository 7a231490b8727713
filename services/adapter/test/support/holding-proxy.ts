import { createServer, request, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An HTTP proxy in front of a stand-in channel that can hold back the answers to deliveries:
 * the channel records the message and answers, the proxy keeps the answer, and the adapter is
 * left waiting, which is the moment between "the endpoint recorded it" and "the adapter acked".
 * Event polls always pass.
 */
export class HoldingProxy implements AsyncDisposable {
  hold = false;
  /** Answers withheld so far. */
  held = 0;
  readonly #waiting = new Set<ServerResponse>();

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly url: string,
  ) {}

  static async start(upstream: string): Promise<HoldingProxy> {
    const target = new URL(upstream);
    let proxy: HoldingProxy | undefined;
    const server = createServer((req, res) => {
      const up = request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on("data", (c: Buffer) => chunks.push(c));
          answer.on("end", () => {
            if (proxy?.hold && req.method === "POST") {
              proxy.held += 1;
              proxy.#waiting.add(res);
              return;
            }
            res.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(chunks));
          });
        },
      );
      up.on("error", () => res.destroy());
      req.pipe(up);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    proxy = new HoldingProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return proxy;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    for (const res of this.#waiting) res.destroy();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** A port nothing listens on right now (for a child process's health server). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
