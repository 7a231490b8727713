import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type CaseAlert, newAlertId, parseAlertDocument } from "@ariadne/contracts";
import { REPO_ROOT } from "@ariadne/nats-server";

/**
 * An example alert (examples/*.yaml) as a new alert: a fresh id, version 1, created now (the
 * router refuses alerts outside its replay window), its deadline kept at the same distance.
 */
export function freshExample(file: string, now = new Date()): CaseAlert {
  const alert = parseAlertDocument(readFileSync(join(REPO_ROOT, "examples", file), "utf8"));
  const header = alert.header;
  if (!header) throw new Error(`${file} has no header`);
  const respondBy =
    header.respondBy && header.createdAt
      ? new Date(now.getTime() + (header.respondBy.getTime() - header.createdAt.getTime()))
      : header.respondBy;
  return { ...alert, header: { ...header, alertId: newAlertId(), version: 1, createdAt: now, respondBy, links: [] } };
}
