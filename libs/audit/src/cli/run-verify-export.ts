import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { toHex } from "../bytes.ts";
import { LineSplitter } from "../export/lines.ts";
import type { ExportReport } from "../export/problems.ts";
import { ExportVerifier } from "../export/verifier.ts";
import { OfflineEnvelopeCrypto } from "./envelope-crypto.ts";

const USAGE = "usage: verify-export <export-file> <audit-public-key.jwk> [--json]";

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** Exit status: 0 verified, 1 problems found, 2 the command could not run. */
export async function runVerifyExport(argv: readonly string[], io: Io): Promise<number> {
  const json = argv.includes("--json");
  const args = argv.filter((a) => a !== "--json");
  const [file, keyFile] = args;
  if (file === undefined || keyFile === undefined || args.length !== 2) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  let crypto: OfflineEnvelopeCrypto;
  try {
    crypto = await OfflineEnvelopeCrypto.create(JSON.parse(await readFile(keyFile, "utf8")));
  } catch (err) {
    io.err(`cannot use ${keyFile} as the audit service's public key: ${(err as Error).message}\n`);
    return 2;
  }
  let report: ExportReport;
  try {
    report = await verifyFile(file, crypto);
  } catch (err) {
    io.err(`cannot read ${file}: ${(err as Error).message}\n`);
    return 2;
  }
  io.out(json ? `${JSON.stringify(toJson(report), null, 2)}\n` : render(file, report));
  return report.ok ? 0 : 1;
}

/** verifyExportStream, with each line's keys prepared (asynchronously) before the line is checked. */
async function verifyFile(file: string, crypto: OfflineEnvelopeCrypto): Promise<ExportReport> {
  const verifier = new ExportVerifier(crypto);
  const splitter = new LineSplitter();
  for await (const chunk of createReadStream(file)) {
    for (const line of splitter.push(chunk as Buffer)) {
      await crypto.prime(line);
      verifier.line(line);
    }
  }
  const last = splitter.end();
  if (last !== undefined) {
    await crypto.prime(last);
    verifier.line(last);
  }
  return verifier.finish();
}

function toJson(report: ExportReport): unknown {
  const head = (c: ExportReport["checkpoint"]) =>
    c === undefined
      ? undefined
      : { logId: c.logId, treeSize: c.treeSize, rootHash: toHex(c.rootHash), issuedAt: c.issuedAt?.toISOString() };
  return {
    ok: report.ok,
    logId: report.logId,
    from: report.from,
    to: report.to,
    entries: report.entries,
    checkpoint: head(report.checkpoint),
    earlierCheckpoint: head(report.earlierCheckpoint),
    problems: report.problems,
  };
}

function render(file: string, report: ExportReport): string {
  const lines = [`export: ${file}`];
  if (report.logId !== undefined) {
    lines.push(`log: ${report.logId}  range [${report.from}, ${report.to})  entry records: ${report.entries}`);
  }
  const cp = report.checkpoint;
  if (cp !== undefined) {
    lines.push(`checkpoint: size ${cp.treeSize}  root ${toHex(cp.rootHash)}  issued ${cp.issuedAt?.toISOString()}`);
  }
  const earlier = report.earlierCheckpoint;
  if (earlier !== undefined) {
    lines.push(`consistent with earlier checkpoint: size ${earlier.treeSize}  root ${toHex(earlier.rootHash)}`);
  }
  for (const p of report.problems) {
    const where = p.index === undefined ? `line ${p.line}` : `line ${p.line} (entry ${p.index})`;
    lines.push(`${where}: ${p.code} ${p.message}`);
  }
  lines.push(
    report.ok
      ? "RESULT: VERIFIED — every signature, the hash chain, the indexes and the Merkle root check out"
      : `RESULT: FAILED — ${report.problems.length} problem(s)`,
  );
  return `${lines.join("\n")}\n`;
}
