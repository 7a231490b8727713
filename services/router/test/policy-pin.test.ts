import { mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadMandatesFile, type MandateSet, MandateStore } from "@ariadne/policy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { choosePolicy } from "../src/mod.ts";
import { SHIPPED_MANDATES } from "./support/alerts.ts";

const V1 = await readFile(SHIPPED_MANDATES, "utf8");
/** A different but valid file: another policy version. */
const variant = (n: number) => `${V1}\n# revision ${n}\n`;

describe("choosePolicy: a redelivery is decided under its first attempt's version", () => {
  const current = { version: "b".repeat(64), recipients: [] } as MandateSet;
  const earlier = { version: "a".repeat(64), recipients: [] } as MandateSet;
  const source = { current, byVersion: (v: string) => (v === earlier.version ? earlier : undefined) };

  it("a fresh claim, or a first attempt under the current version: the current one", () => {
    expect(choosePolicy(source, current, undefined)).toEqual({ mandates: current, pinned: false });
    expect(choosePolicy(source, current, current.version)).toEqual({ mandates: current, pinned: false });
  });

  it("an earlier version still at hand decides again", () => {
    expect(choosePolicy(source, current, earlier.version)).toEqual({ mandates: earlier, pinned: true });
  });

  it("an earlier version no longer at hand: the current one, and the fact is kept", () => {
    const gone = "c".repeat(64);
    expect(choosePolicy(source, current, gone)).toEqual({ mandates: current, pinned: false, firstPolicyVersion: gone });
    expect(choosePolicy({ current }, current, earlier.version)).toMatchObject({ firstPolicyVersion: earlier.version });
  });
});

describe("MandateStore.byVersion: loaded versions stay at hand, bounded", () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "router-pin-"));
    file = join(dir, "mandates.yaml");
    await writeFile(file, V1);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function replace(text: string): Promise<void> {
    await writeFile(`${file}.tmp`, text);
    await rename(`${file}.tmp`, file);
  }

  it("keeps the last keepVersions sets it loaded, the current one included", async () => {
    using store = await MandateStore.open(file, { watch: false, pollIntervalMs: 0, keepVersions: 2 });
    const v1 = store.version;
    expect(store.byVersion(v1)).toBe(store.current);
    await replace(variant(2));
    expect(await store.reload()).toBe("changed");
    const v2 = store.version;
    expect(store.byVersion(v1)?.version).toBe(v1);
    expect(store.byVersion(v2)).toBe(store.current);
    await replace(variant(3));
    expect(await store.reload()).toBe("changed");
    expect(store.byVersion(v1)).toBeUndefined(); // beyond the bound
    expect(store.byVersion(v2)?.version).toBe(v2);
    expect(store.byVersion("0".repeat(64))).toBeUndefined();
    // The decisions a kept version makes are that version's.
    expect(store.byVersion(v2)?.recipients.map((m) => m.id)).toEqual(
      (await loadMandatesFile(file)).recipients.map((m) => m.id),
    );
  });

  it("a version loaded again (a rollback) is the newest again", async () => {
    using store = await MandateStore.open(file, { watch: false, pollIntervalMs: 0, keepVersions: 2 });
    const v1 = store.version;
    await replace(variant(2));
    await store.reload();
    await replace(V1);
    await store.reload();
    await replace(variant(3));
    await store.reload();
    expect(store.byVersion(v1)?.version).toBe(v1);
  });
});
