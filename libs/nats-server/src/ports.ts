import { readdir, readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

/** What nats-server writes to its ports file (`--ports_file_dir`). */
export interface PortsFile {
  nats: string[];
  monitoring?: string[];
  cluster?: string[];
}

/** Waits for the ports file of process `pid` in `dir`; the server writes it once it listens. */
export async function readPortsFile(
  dir: string,
  pid: number,
  timeoutMs: number,
  alive: () => boolean,
): Promise<PortsFile> {
  const deadline = Date.now() + timeoutMs;
  const name = `nats-server_${pid}.ports`;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error("nats-server exited before it wrote its ports file");
    const files = await readdir(dir).catch(() => [] as string[]);
    if (files.includes(name)) {
      const text = await readFile(`${dir}/${name}`, "utf8").catch(() => "");
      if (text.trim() !== "") {
        try {
          return JSON.parse(text) as PortsFile;
        } catch {
          // Written but not complete yet: read again.
        }
      }
    }
    await sleep(20);
  }
  throw new Error(`nats-server did not write ${name} within ${timeoutMs} ms`);
}

export function portOf(url: string): number {
  return Number(new URL(url.replace(/^nats:/, "http:")).port);
}

/**
 * A port the OS just gave us and took back. Cluster routes must be known before the nodes
 * start (a JetStream seed node refuses to start without routes), so cluster ports cannot be
 * -1; the window in which another process could take the port is a few milliseconds.
 */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
