import type { AlertRef } from "@ariadne/audit";
import { AuditAction, type AuditEvent, type Purpose } from "@ariadne/contracts";

/** What the audit log says identifies one alert version: the ref an erasure event names, and its purposes. */
export interface KnownVersion {
  readonly ref: AlertRef;
  /** The purposes the version was collected for (empty when only later events name it). */
  readonly purposes: readonly Purpose[];
}

function refOf(e: AuditEvent): AlertRef | undefined {
  if (e.version < 1 || e.originator === "" || e.manifestDigest.length !== 32) return undefined;
  return { alertId: e.alertId, version: e.version, originator: e.originator, manifestDigest: e.manifestDigest };
}

/**
 * The versions of an alert the audit log knows, by version. The log is the one record an
 * erasure never touches, so a second run finds the same refs (and so the same event ids) after
 * every message is gone. The collection event wins; a version the log only names in a rejection
 * has no manifest digest and is not identifiable.
 */
export function knownVersions(events: readonly AuditEvent[], alertId: string): Map<number, KnownVersion> {
  const known = new Map<number, KnownVersion>();
  for (const e of events) {
    if (e.alertId !== alertId) continue;
    const ref = refOf(e);
    if (ref === undefined) continue;
    const collected = e.action === AuditAction.AUDIT_ACTION_COLLECTION;
    if (known.has(ref.version) && !collected) continue;
    known.set(ref.version, { ref, purposes: collected ? [...e.purposes] : (known.get(ref.version)?.purposes ?? []) });
  }
  return known;
}
