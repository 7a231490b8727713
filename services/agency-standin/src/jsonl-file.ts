import type { FileHandle } from "node:fs/promises";
import { mkdir, open, readFile, truncate } from "node:fs/promises";
import { dirname } from "node:path";
import { StandinError } from "./errors.ts";

/**
 * An append-only JSON-lines file. Appends are flushed to disk (datasync) before they resolve,
 * so what a stand-in confirmed to a client survives a crash. A torn last line (a crash
 * mid-write) is cut off on open; any other unreadable line is STORE_CORRUPT.
 *
 * Group commit: appends that arrive while a write+datasync is in progress are queued and
 * written together with one datasync afterwards. An fsync costs 50-200 ms on these disks, so
 * one per record capped a stand-in at a few records per second; each caller still resolves
 * only once its own lines are on disk, and order is kept.
 */
export class JsonlFile<T> {
  private queued: { data: string; done: () => void; failed: (err: unknown) => void }[] = [];
  private writing = false;
  private idle: Promise<void> = Promise.resolve();
  private settleIdle: () => void = () => undefined;

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
  ) {}

  static async open<T>(path: string, parse: (value: unknown) => T): Promise<{ file: JsonlFile<T>; entries: T[] }> {
    await mkdir(dirname(path), { recursive: true });
    let text = "";
    try {
      text = await readFile(path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    const complete = text.lastIndexOf("\n") + 1;
    if (complete < text.length) await truncate(path, Buffer.byteLength(text.slice(0, complete)));
    const entries: T[] = [];
    const lines = text.slice(0, complete).split("\n");
    lines.forEach((line, i) => {
      if (line === "") return;
      try {
        entries.push(parse(JSON.parse(line)));
      } catch {
        throw new StandinError("STORE_CORRUPT", `${path}: line ${i + 1} is not a valid entry`);
      }
    });
    return { file: new JsonlFile<T>(await open(path, "a"), path), entries };
  }

  append(entries: readonly T[]): Promise<void> {
    const data = entries.map((e) => `${JSON.stringify(e)}\n`).join("");
    return new Promise<void>((done, failed) => {
      this.queued.push({ data, done, failed });
      if (!this.writing) {
        this.writing = true;
        this.idle = new Promise((r) => {
          this.settleIdle = r;
        });
        void this.flush();
      }
    });
  }

  /** Writes what is queued, one datasync per batch, until nothing is left. */
  private async flush(): Promise<void> {
    while (this.queued.length > 0) {
      const batch = this.queued;
      this.queued = [];
      try {
        await this.handle.appendFile(batch.map((b) => b.data).join(""), "utf8");
        await this.handle.datasync();
        for (const b of batch) b.done();
      } catch (err) {
        // One failed write must not wedge later ones; this batch's callers see the error.
        for (const b of batch) b.failed(err);
      }
    }
    this.writing = false;
    this.settleIdle();
  }

  async close(): Promise<void> {
    await this.idle;
    await this.handle.close();
  }
}
