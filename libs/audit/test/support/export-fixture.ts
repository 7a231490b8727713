import { AuditEvent, Purpose } from "@ariadne/contracts";
import {
  AuditLog,
  collectionEvent,
  decisionEvent,
  disclosureEvent,
  evidenceEvent,
  PAYLOAD_TYPES,
  signCheckpoint,
  writeExport,
} from "../../src/mod.ts";
import { alertRef, POLICY_VERSION, sha, WHY } from "./events.ts";
import { type TestParty, testParty } from "./signing.ts";

export const LOG_ID = "ariadne-audit/test";

export interface Fixture {
  readonly log: AuditLog;
  readonly leaves: Uint8Array[];
  readonly audit: TestParty;
  readonly parties: Record<"router" | "europol" | "eurojust", TestParty>;
  /** Signed checkpoint envelope bytes per tree size. */
  checkpointAt(size: number): Uint8Array;
  exportRange(from: number, to: number, earlier?: number): Uint8Array;
}

/** A log of `size` realistic, signed events from the router and two adapters. */
export function buildFixture(size: number): Fixture {
  const audit = testParty("audit");
  const parties = {
    router: testParty("router"),
    europol: testParty("adapter.europol"),
    eurojust: testParty("adapter.eurojust"),
  };
  const log = new AuditLog();
  const leaves: Uint8Array[] = [];
  const start = Date.parse("2025-06-12T08:00:00Z");
  for (let i = 0; i < size; i++) {
    const at = new Date(start + i * 1000);
    const alert = alertRef({ version: 1 + (i % 3) });
    const kind = i % 4;
    const [signer, event] =
      kind === 0
        ? [parties.router, collectionEvent({ actor: "router", occurredAt: at }, { alert })]
        : kind === 1
          ? [
              parties.router,
              decisionEvent(
                { actor: "router", occurredAt: at },
                {
                  alert,
                  policyVersion: POLICY_VERSION,
                  purposes: [Purpose.PURPOSE_CRIMINAL_ANALYSIS],
                  decisions: [
                    { recipient: "europol", delivered: true, ruleIds: ["europol.thb"], reasonCode: "ALLOWED" },
                    {
                      recipient: "frontex",
                      delivered: false,
                      ruleIds: ["frontex.areas"],
                      reasonCode: "CRIME_AREA_OUT_OF_MANDATE",
                    },
                  ],
                },
              ),
            ]
          : kind === 2
            ? [
                parties.europol,
                disclosureEvent(
                  { actor: "adapter.europol", occurredAt: at },
                  {
                    alert,
                    recipient: "europol",
                    copyId: `${alert.alertId}.${alert.version}.europol`,
                    copyDigest: sha(`copy ${i}`),
                    why: WHY,
                    step: { kind: "transferred", channel: "siena", channelReference: `SIENA-2025-${i}` },
                  },
                ),
              ]
            : [
                parties.eurojust,
                evidenceEvent(
                  { actor: "adapter.eurojust", occurredAt: at },
                  {
                    kind: "receipt",
                    direction: "issued",
                    artefactId: `receipt-${i}`,
                    artefact: sha(`receipt ${i}`),
                    evidenceCode: "EVIDENCE_DELIVERY",
                    alert,
                    recipient: "eurojust",
                  },
                ),
              ];
    const envelope = signer.signBytes(PAYLOAD_TYPES.AuditEvent, AuditEvent.encode(event).finish());
    const record = log.prepare(envelope, new Date(at.getTime() + 5));
    log.commit(record);
    leaves.push(record.leaf);
  }
  const checkpointAt = (n: number) =>
    signCheckpoint(log.tree, { logId: LOG_ID, issuedAt: new Date(start + n * 1000), size: n }, audit.sign)
      .envelopeBytes;
  const signerKeys = [
    parties.router.signerKey(["router"]),
    parties.europol.signerKey(["recipient"]),
    parties.eurojust.signerKey(["recipient"]),
  ];
  return {
    log,
    leaves,
    audit,
    parties,
    checkpointAt,
    exportRange: (from, to, earlier) =>
      writeExport(
        {
          tree: log.tree,
          from,
          to,
          checkpoint: checkpointAt(to),
          signerKeys,
          exportedAt: new Date(start + size * 1000),
          sign: audit.sign,
          ...(earlier === undefined ? {} : { earlierCheckpoint: checkpointAt(earlier) }),
        },
        leaves.slice(from, to),
      ),
  };
}
