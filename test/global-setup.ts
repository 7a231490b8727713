import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { findNatsServer, REPO_ROOT } from "@ariadne/testing";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of the Chromium binary the console's browser test drives. */
    chromium: string;
  }
}

/**
 * Runs once before the suite and installs what the tests need, so that `npm ci && npm test`
 * works on a fresh machine: a nats-server >= 2.10 (the pinned one when none is on the PATH)
 * and Debian's chromium for the browser test (or the binary ARIADNE_CHROMIUM names).
 */
export default function setup(project: TestProject): void {
  try {
    findNatsServer();
  } catch {
    execFileSync("bash", [join(REPO_ROOT, "scripts/install-nats-server.sh")], { stdio: "inherit" });
  }
  const bin = findNatsServer();
  process.stdout.write(`nats-server ${bin.version} (${bin.path})\n`);
  const out = execFileSync("bash", [join(REPO_ROOT, "scripts/install-chromium.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const chromium = /chromium ready: (.+)$/m.exec(out)?.[1]?.trim() ?? "";
  process.stdout.write(`chromium ${chromium}\n`);
  project.provide("chromium", chromium);
}
