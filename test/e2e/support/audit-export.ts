import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { decodeLeaf, LineSplitter, parseLine } from "@ariadne/audit";
import { AuditEvent } from "@ariadne/contracts";
import { decodeEnvelope, TrustRegistry } from "@ariadne/envelope";
import { runVerifyExport } from "../../../libs/audit/src/cli/run-verify-export.ts";
import type { E2eStack } from "./stack.ts";

export interface ExportedEvent {
  readonly index: number;
  readonly event: AuditEvent;
}

/** The events of an export file, in log order (decoded only: verifyExportFile checks them). */
export function eventsOfExport(file: Uint8Array): ExportedEvent[] {
  const splitter = new LineSplitter();
  const lines = [...splitter.push(file)];
  const last = splitter.end();
  if (last !== undefined) lines.push(last);
  const events: ExportedEvent[] = [];
  for (const raw of lines) {
    const line = parseLine(Buffer.from(raw.bytes).toString("utf8"));
    if (line?.type !== "entry") continue;
    const { entry } = decodeLeaf(Buffer.from(line.leaf, "base64url"));
    events.push({ index: Number(entry.index), event: AuditEvent.decode(decodeEnvelope(entry.event).payload) });
  }
  return events;
}

/**
 * Runs the offline verifier (what `ariadne audit verify` runs) on the export, with the audit
 * service's public key alone, as an auditor would months later. Returns its exit code and JSON report.
 */
export async function verifyExportFile(
  e: E2eStack,
  file: Uint8Array,
): Promise<{ code: number; report: { ok: boolean; entries: number; problems: unknown[] } }> {
  const registry = await TrustRegistry.fromDocument(e.deployment.document, e.deployment.registryJws);
  const kid = registry.signingKid("audit", new Date());
  const jwk = kid === undefined ? undefined : registry.key(kid)?.jwk;
  if (jwk === undefined) throw new Error("no audit key in the registry");
  const exportPath = join(e.dataDir, "audit-export.ndjson");
  const keyPath = join(e.dataDir, "audit-public.jwk");
  await writeFile(exportPath, file);
  await writeFile(keyPath, JSON.stringify(jwk));
  let out = "";
  const code = await runVerifyExport([exportPath, keyPath, "--json"], {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      out += text;
    },
  });
  return { code, report: JSON.parse(out) };
}
