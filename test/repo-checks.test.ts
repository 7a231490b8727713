import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "@ariadne/testing";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const bin = (name: string) => join(REPO_ROOT, "node_modules/.bin", name);

async function exitOf(cmd: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(cmd, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      maxBuffer: 1 << 24,
    });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, out: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

// The gates a reviewer would run by hand, as part of the one test command.
describe("repository checks", () => {
  it("buf lint is clean", async () => {
    const r = await exitOf(bin("buf"), ["lint", "proto"]);
    expect(r.out).toBe("");
    expect(r.code).toBe(0);
  });

  it("generated code is what proto/ generates", async () => {
    const r = await exitOf("bash", ["scripts/check-codegen.sh"]);
    expect(r.out).toContain("codegen is up to date");
    expect(r.code).toBe(0);
  });

  it("a .proto changed without regenerating makes the codegen check fail", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ariadne-proto-"));
    try {
      await cp(join(REPO_ROOT, "proto"), dir, { recursive: true });
      const file = join(dir, "ariadne/v1/alert.proto");
      const text = await readFile(file, "utf8");
      await writeFile(
        file,
        text.replace("  repeated CrimeArea related_crime_areas = 16;\n", "$&  string added_later = 17;\n"),
      );
      const r = await exitOf("bash", ["scripts/check-codegen.sh"], { PROTO_DIR: dir });
      expect(r.code).toBe(1);
      expect(r.out).toContain("codegen is stale");
      expect(r.out).toContain("alert.pb.ts");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("proto/ stays wire-compatible with every earlier state of proto/", async () => {
    const r = await exitOf("bash", ["scripts/proto-breaking.sh"]);
    expect(r.out).toMatch(/proto-breaking: (proto is wire- and JSON-compatible with \d+ earlier|no earlier commit)/);
    expect(r.code).toBe(0);
  });

  it("a renumbered field makes the breaking check fail", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ariadne-proto-"));
    try {
      await cp(join(REPO_ROOT, "proto"), dir, { recursive: true });
      const file = join(dir, "ariadne/v1/alert.proto");
      const text = await readFile(file, "utf8");
      expect(text).toContain("  Route route = 7;\n");
      await writeFile(file, text.replace("  Route route = 7;\n", "  Route route = 30;\n"));
      // Against HEAD, which every clone has, whatever the depth of its history.
      const r = await exitOf("bash", ["scripts/proto-breaking.sh", "HEAD"], { PROTO_DIR: dir });
      expect(r.code).toBe(1);
      expect(r.out).toContain("breaks the contract of");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("typechecks", async () => {
    const r = await exitOf(bin("tsc"), ["-p", "tsconfig.json", "--noEmit"]);
    expect(r.out).toBe("");
    expect(r.code).toBe(0);
  }, 120_000);

  it("lints and is formatted (biome)", async () => {
    const r = await exitOf(bin("biome"), ["check", "--diagnostic-level=error", "."]);
    expect(r.code, r.out).toBe(0);
  }, 60_000);
});
