import { open } from "node:fs/promises";

/**
 * What the stand-in endpoints confirmed, read from their records.jsonl (a record is written
 * and fsynced before the endpoint answers, so a line there is "delivered at the endpoint").
 * Per alert id: how many copies arrived and when the last one did (endpoint clock, ms).
 */
export class Deliveries {
  readonly byAlert = new Map<string, { copies: number; lastAt: number }>();
  private readonly offsets = new Map<string, number>();
  private readonly partial = new Map<string, string>();

  constructor(private readonly files: readonly string[]) {}

  /** Reads what the files gained since the last call. */
  async poll(): Promise<void> {
    for (const file of this.files) {
      const handle = await open(file, "r").catch(() => undefined);
      if (!handle) continue;
      try {
        const from = this.offsets.get(file) ?? 0;
        const { size } = await handle.stat();
        if (size <= from) continue;
        const buf = Buffer.alloc(size - from);
        await handle.read(buf, 0, buf.length, from);
        this.offsets.set(file, size);
        const text = (this.partial.get(file) ?? "") + buf.toString("utf8");
        const end = text.lastIndexOf("\n") + 1;
        this.partial.set(file, text.slice(end));
        for (const line of text.slice(0, end).split("\n")) {
          if (line === "") continue;
          const r = JSON.parse(line) as { ariadneCopyId: string; receivedAt: string };
          // ariadneCopyId is <alertId>.<version>.<recipient>; alert ids are UUIDs (36 chars).
          const alertId = r.ariadneCopyId.slice(0, 36);
          const at = Date.parse(r.receivedAt);
          const seen = this.byAlert.get(alertId);
          if (seen) {
            seen.copies++;
            seen.lastAt = Math.max(seen.lastAt, at);
          } else this.byAlert.set(alertId, { copies: 1, lastAt: at });
        }
      } finally {
        await handle.close();
      }
    }
  }

  /** Polls until every alert has its expected copies, or the deadline; returns how many are complete. */
  async waitFor(expected: ReadonlyMap<string, number>, deadline: number): Promise<number> {
    for (;;) {
      await this.poll();
      let complete = 0;
      for (const [id, n] of expected) if ((this.byAlert.get(id)?.copies ?? 0) >= n) complete++;
      if (complete === expected.size || Date.now() > deadline) return complete;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
