import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StandinError, startStandin } from "../src/mod.ts";
import { accepted, example, messageFor, post } from "./helpers.ts";

const labour = example("labour-fake-job-ads");
const forced = example("forced-criminality-external-border");
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ariadne-standin-persist-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a restarted stand-in keeps what it recorded", () => {
  it("keeps records and keys: a repeat after restart answers the first result", async () => {
    const first = await startStandin({ agency: "eurojust", dataDir: dir });
    const a = accepted(await post(first, messageFor("eurojust", labour), "k1"));
    await vi.waitFor(() => expect(first.events().length).toBeGreaterThanOrEqual(1));
    await first.close();

    await using second = await startStandin({ agency: "eurojust", dataDir: dir });
    expect(second.records().map((r) => r.reference)).toEqual([a.reference]);
    const again = await post(second, messageFor("eurojust", labour), "k1");
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(accepted(again)).toEqual(a);
    const b = accepted(await post(second, messageFor("eurojust", forced), "k2"));
    expect(b.reference.slice(-6)).toBe("000002");
    expect(second.records()).toHaveLength(2);
  });

  it("keeps events, continues their cursor, and never acknowledges a message twice", async () => {
    const first = await startStandin({ agency: "europol", dataDir: dir });
    await post(first, messageFor("europol", labour), "k1");
    await vi.waitFor(() => expect(first.events().map((e) => e.type)).toEqual(["acknowledged", "reply"]));
    await first.close();

    await using second = await startStandin({ agency: "europol", dataDir: dir });
    expect(second.events().map((e) => e.cursor)).toEqual(["1", "2"]);
    await post(second, messageFor("europol", forced), "k2");
    await vi.waitFor(() => expect(second.events()).toHaveLength(4));
    expect(second.events().map((e) => [e.cursor, e.type, e.idempotencyKey])).toEqual([
      ["1", "acknowledged", "k1"],
      ["2", "reply", "k1"],
      ["3", "acknowledged", "k2"],
      ["4", "reply", "k2"],
    ]);
  });

  it("retrieves after restart what it recorded but had not yet retrieved", async () => {
    const first = await startStandin({ agency: "frontex", dataDir: dir, control: { ackDelayMs: 600_000 } });
    await post(first, messageFor("frontex", forced), "k1");
    expect(first.events()).toEqual([]);
    await first.close();

    await using second = await startStandin({ agency: "frontex", dataDir: dir });
    await vi.waitFor(() => expect(second.events().map((e) => e.type)).toEqual(["acknowledged", "reply"]));
  });

  it("drops a torn last line (a crash mid-write) and keeps the rest", async () => {
    const first = await startStandin({ agency: "europol", dataDir: dir, control: { ackDelayMs: 600_000 } });
    await post(first, messageFor("europol", labour), "k1");
    await first.close();
    await appendFile(join(dir, "records.jsonl"), '{"reference":"SIENA-2025-0000');

    await using second = await startStandin({ agency: "europol", dataDir: dir, control: { ackDelayMs: 600_000 } });
    expect(second.records().map((r) => r.idempotencyKey)).toEqual(["k1"]);
    await post(second, messageFor("europol", forced), "k2");
    const lines = (await readFile(join(dir, "records.jsonl"), "utf8")).trim().split("\n");
    expect(lines.map((l) => JSON.parse(l).idempotencyKey)).toEqual(["k1", "k2"]);
  });

  it("refuses to start on a store with a corrupt line", async () => {
    await writeFile(join(dir, "records.jsonl"), '{"not":"a record"}\n');
    const err = await startStandin({ agency: "europol", dataDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StandinError);
    expect((err as StandinError).code).toBe("STORE_CORRUPT");
  });

  it("refuses another agency's store", async () => {
    const first = await startStandin({ agency: "europol", dataDir: dir, control: { ackDelayMs: 600_000 } });
    await post(first, messageFor("europol", labour), "k1");
    await first.close();
    const err = await startStandin({ agency: "frontex", dataDir: dir }).catch((e: unknown) => e);
    expect((err as StandinError).code).toBe("STORE_CORRUPT");
  });
});
