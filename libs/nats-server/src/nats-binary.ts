import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Oldest nats-server we accept: 2.10 brought sync_interval and fixed the cross-account bug of 2.9. */
export const MIN_NATS_SERVER = [2, 10] as const;

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const PINNED = join(REPO_ROOT, ".tools/nats-server/usr/sbin/nats-server");

export interface NatsBinary {
  readonly path: string;
  readonly version: string;
}

export class NatsBinaryError extends Error {
  readonly code = "NATS_SERVER_MISSING";
  override readonly name = "NatsBinaryError";
}

function versionOf(path: string): string | undefined {
  try {
    const out = execFileSync(path, ["--version"], { encoding: "utf8", timeout: 5000 });
    return /v(\d+\.\d+\.\d+)/.exec(out)?.[1];
  } catch {
    return undefined;
  }
}

export function isNewEnough(version: string): boolean {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const [wantMajor, wantMinor] = MIN_NATS_SERVER;
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}

function onPath(): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(":")) {
    const candidate = join(dir, "nats-server");
    if (dir !== "" && existsSync(candidate)) return candidate;
  }
  return undefined;
}

let cached: NatsBinary | undefined;

/**
 * The nats-server to run: $ARIADNE_NATS_SERVER, else the pinned one in .tools/, else one on
 * PATH when it is >= 2.10. Never an older one: tests would pass for the wrong reasons.
 */
export function findNatsServer(): NatsBinary {
  if (cached) return cached;
  const candidates = [process.env["ARIADNE_NATS_SERVER"], PINNED, onPath()].filter(
    (p): p is string => p !== undefined && p !== "" && existsSync(p),
  );
  const seen: string[] = [];
  for (const path of candidates) {
    const version = versionOf(path);
    seen.push(`${path} (${version ?? "does not run"})`);
    if (version && isNewEnough(version)) {
      cached = { path, version };
      return cached;
    }
  }
  throw new NatsBinaryError(
    `no nats-server >= ${MIN_NATS_SERVER.join(".")} found${seen.length ? `; found ${seen.join(", ")}` : ""}. ` +
      "Run `npm run setup:nats` (fetches Debian trixie's 2.10.27 into .tools/) or set ARIADNE_NATS_SERVER.",
  );
}
