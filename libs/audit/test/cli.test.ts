import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runVerifyExport } from "../src/cli/run-verify-export.ts";
import { joinLines, linesOf } from "./support/export-edit.ts";
import { buildFixture } from "./support/export-fixture.ts";

const run = promisify(execFile);
const REPO = join(import.meta.dirname, "../../..");

describe("verify-export CLI", () => {
  const fixture = buildFixture(12);
  let dir: string;
  let good: string;
  let bad: string;
  let key: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ariadne-audit-cli-"));
    good = join(dir, "good.ndjson");
    bad = join(dir, "bad.ndjson");
    key = join(dir, "audit.jwk");
    const bytes = fixture.exportRange(2, 11, 5);
    await writeFile(good, bytes);
    const lines = linesOf(bytes);
    lines.splice(8, 1); // line 9: entry 6
    await writeFile(bad, joinLines(lines));
    await writeFile(key, JSON.stringify(fixture.audit.publicJwk));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function capture() {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
  }

  it("exits 0 and says what it verified", async () => {
    const c = capture();
    expect(await runVerifyExport([good, key], c.io)).toBe(0);
    const text = c.out.join("");
    expect(text).toContain("range [2, 11)");
    expect(text).toContain("consistent with earlier checkpoint: size 5");
    expect(text).toContain("RESULT: VERIFIED");
  });

  it("exits 1 and lists each problem with its line, entry and code (also as JSON)", async () => {
    const c = capture();
    expect(await runVerifyExport([bad, key], c.io)).toBe(1);
    expect(c.out.join("")).toContain("line 9 (entry 7): INDEX_GAP");
    const j = capture();
    expect(await runVerifyExport([bad, key, "--json"], j.io)).toBe(1);
    const report = JSON.parse(j.out.join(""));
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ code: "INDEX_GAP", line: 9, index: 7 }));
  });

  it("exits 2 on usage errors and unusable keys", async () => {
    expect(await runVerifyExport([good], capture().io)).toBe(2);
    expect(await runVerifyExport([good, good], capture().io)).toBe(2);
    expect(await runVerifyExport([join(dir, "missing"), key], capture().io)).toBe(2);
  });

  it("runs as a script with tsx", async () => {
    const failed = await run(join(REPO, "node_modules/.bin/tsx"), ["libs/audit/src/cli/verify-export.ts", bad, key], {
      cwd: REPO,
    }).catch((e: { code: number; stdout: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stdout: string }).stdout).toContain("line 9 (entry 7): INDEX_GAP");
  });
});
