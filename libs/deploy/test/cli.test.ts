import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "@ariadne/nats-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { layout, loadDeployment, usersOf } from "../src/mod.ts";

const run = promisify(execFile);
const CLI = join(REPO_ROOT, "libs/deploy/src/cli/main.ts");
const SHIPPED = join(REPO_ROOT, "deploy/deployment.yaml");

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: REPO_ROOT });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, out: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

describe("ariadne-deploy CLI on the shipped deploy/deployment.yaml", () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "ariadne-cli-"));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it("generates every identity of the shipped deployment", async () => {
    const r = await cli("generate", "-f", SHIPPED, "-o", out);
    expect(r.code).toBe(0);
    const d = await loadDeployment(SHIPPED);
    const manifest = JSON.parse(await readFile(layout.manifest(out), "utf8")) as { users: unknown[] };
    expect(manifest.users).toHaveLength(usersOf(d).length);
  });

  it("prints a party's permissions for review", async () => {
    const r = await cli("permissions", "-f", SHIPPED, "-p", "ncp.de");
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as { party: string; publish: { allow: string[] } }[];
    expect(rows.map((x) => x.party)).toEqual(["ncp.de"]);
    expect(rows[0]?.publish.allow).toContain("ariadne.intake.ncp.de");
  });

  it("ends a bad deployment with its code on one line and a non-zero exit", async () => {
    const bad = join(out, "bad.yaml");
    await writeFile(bad, "name: x\nncps: [DE]\n");
    const r = await cli("generate", "-f", bad, "-o", join(out, "bad"));
    expect(r.code).toBe(1);
    expect(r.out.trim().split("\n")).toHaveLength(1);
    expect(r.out.startsWith("DEPLOYMENT_INVALID:")).toBe(true);
  });
});
