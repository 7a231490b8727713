import { assertPartyId } from "./parties.ts";

/**
 * Every subject Ariadne uses. The party a subject names is part of its meaning: the router
 * checks that an envelope on ariadne.intake.ncp.de is signed by ncp.de, and the NATS
 * permissions (deploy/) let each party publish or read only its own subjects.
 */
export const SUBJECT_ROOT = "ariadne";

export const subjects = {
  /** An NCP publishes its alerts here (stream INTAKE). */
  intake: (publisher: string) => `${SUBJECT_ROOT}.intake.${assertPartyId(publisher)}`,
  intakeAll: `${SUBJECT_ROOT}.intake.>`,
  /** The router publishes each recipient's copy here (stream DELIVERY). */
  deliver: (recipient: string) => `${SUBJECT_ROOT}.deliver.${assertPartyId(recipient)}`,
  deliverAll: `${SUBJECT_ROOT}.deliver.>`,
  /** Receipts, rejection notices and agency replies to a party (stream RETURN). */
  ret: (party: string) => `${SUBJECT_ROOT}.return.${assertPartyId(party)}`,
  returnAll: `${SUBJECT_ROOT}.return.>`,
  /** Dead letters of a stage: router, adapter.europol... (stream DEADLETTER). */
  deadLetter: (stage: string) => `${SUBJECT_ROOT}.dlq.${assertPartyId(stage)}`,
  deadLetterAll: `${SUBJECT_ROOT}.dlq.>`,
  /** Services send signed audit events here and wait for the reply (request/reply, audit service). */
  auditAppend: `${SUBJECT_ROOT}.audit.append`,
  /** The audit service's append-only log (stream AUDIT); only the audit service writes. */
  auditLog: `${SUBJECT_ROOT}.audit.log`,
  /** Signed tree heads (stream AUDIT_CHECKPOINTS). */
  auditCheckpoint: `${SUBJECT_ROOT}.audit.checkpoint`,
  /** Operator queries of the audit service (NATS micro service endpoints under this prefix). */
  auditQuery: `${SUBJECT_ROOT}.audit.query`,
  /** A liaison officer's feed requests for an agency. */
  feed: (agency: string) => `${SUBJECT_ROOT}.feed.${assertPartyId(agency)}`,
} as const;

/** The party named by a subject under a prefix: ("ariadne.intake.ncp.de", "intake") -> "ncp.de". */
export function partyOfSubject(
  subject: string,
  kind: "intake" | "deliver" | "return" | "dlq" | "feed",
): string | undefined {
  const prefix = `${SUBJECT_ROOT}.${kind}.`;
  if (!subject.startsWith(prefix)) return undefined;
  const party = subject.slice(prefix.length);
  try {
    return assertPartyId(party);
  } catch {
    return undefined;
  }
}
