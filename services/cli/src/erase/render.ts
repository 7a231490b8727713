import type { ErasureReport } from "./erase.ts";

function streams(s: Readonly<Record<string, number | undefined>>): string {
  const parts = Object.entries(s)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([k, n]) => `${k} ${n}`);
  return parts.length === 0 ? "no messages" : parts.join(", ");
}

/** The text result of `ariadne erase`: ids, codes and counts only. */
export function renderErasure(r: ErasureReport): string {
  const lines = [`erasure of alert ${r.alertId} (${r.reasonCode})`];
  for (const v of r.versions) {
    const logged = v.duplicate ? `already logged as #${v.auditIndex}` : `logged as #${v.auditIndex}`;
    lines.push(
      `v${v.version}  ${logged} (${v.eventId}): found ${v.scope.messages} message(s) [${streams(v.scope.streams)}], ${v.scope.records} state record(s)`,
      `    deleted ${v.deleted.messages} message(s), ${v.deleted.records} record(s)${v.alreadyGone > 0 ? `; ${v.alreadyGone} already gone` : ""}`,
    );
  }
  for (const u of r.unidentified) {
    lines.push(
      `v${u.version || "?"}  not erased: ${u.messages} message(s), ${u.records} record(s) name the alert, but the audit log records no collection of this version`,
    );
  }
  if (r.failed.length > 0) lines.push(`${r.failed.length} message(s) could not be deleted: run the same erase again`);
  return lines.join("\n");
}
