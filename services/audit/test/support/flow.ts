import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type AlertRef, collectionEvent, decisionEvent, disclosureEvent, evidenceEvent, LIMITS } from "@ariadne/audit";
import { type AuditEvent, type CaseAlert, newAlertId, parseAlertDocument, presentUnits } from "@ariadne/contracts";
import { encodeEnvelope, openAlert, sealAlert } from "@ariadne/envelope";
import { decide, parseMandates, toRoutingDecision } from "@ariadne/policy";
import { REPO_ROOT, type TestKeys } from "@ariadne/testing";

/** The name planted in alerts to show it never reaches the audit log, its replies or its logs. */
export const CANARY = "Zyxwvut Canaryname";

const sha = (bytes: Uint8Array | string) => Uint8Array.from(createHash("sha256").update(bytes).digest());
const mandates = parseMandates(readFileSync(join(REPO_ROOT, "deploy/mandates.yaml")));

/** The labour example as a new alert of ncp.nl, its summary naming the canary. */
export function canaryAlert(): CaseAlert {
  const alert = parseAlertDocument(readFileSync(join(REPO_ROOT, "examples/labour-fake-job-ads.yaml"), "utf8"));
  if (!alert.header) throw new Error("example without header");
  alert.header.alertId = newAlertId();
  alert.summary = `${alert.summary} ${CANARY} was seen recruiting.`;
  return alert;
}

export interface AlertFlow {
  readonly alert: CaseAlert;
  readonly ref: AlertRef;
  /** What the router logs before anything leaves: collection and the decision per candidate. */
  readonly routed: AuditEvent[];
  /** One routed-disclosure event per delivered recipient (router). */
  readonly disclosures: AuditEvent[];
  /** Europol's adapter: the transfer to its channel and the receipt it issued. */
  readonly europol: AuditEvent[];
  /** Recipients the policy refused, with their reason codes. */
  readonly refused: { recipient: string; reasonCode: string; withheldCount: number }[];
}

/**
 * The audit events an alert's way through Ariadne produces, built as the router and the
 * adapters build them: sealed by its NCP and opened (manifest digest), decided under the
 * shipped mandates, every event from @ariadne/audit's builders.
 */
export async function alertFlow(keys: TestKeys, alert: CaseAlert = canaryAlert(), at = new Date()): Promise<AlertFlow> {
  const originator = alert.header?.originator ?? "ncp.nl";
  const sealed = encodeEnvelope(sealAlert(alert, await keys.signer(originator)));
  const opened = openAlert(sealed, keys.verifier());
  const ref: AlertRef = {
    alertId: opened.manifest.alertId,
    version: opened.manifest.version,
    originator: opened.manifest.originator,
    manifestDigest: opened.manifestDigest,
  };
  const decisions = decide(opened.alert, presentUnits(opened.alert), mandates);
  const router = { actor: "router", occurredAt: at };
  const routed = [
    collectionEvent(router, { alert: ref }),
    decisionEvent(router, {
      alert: ref,
      policyVersion: mandates.version,
      purposes: opened.alert.header?.purposes ?? [],
      decisions: decisions.map((d) => {
        const r = toRoutingDecision(d);
        return { ...r, reason: r.reason.slice(0, LIMITS.reason) };
      }),
    }),
  ];
  const delivered = decisions.filter((d) => d.delivered);
  const why = (d: (typeof delivered)[number]) => ({
    purposes: [...d.purposes],
    legalBasis: d.legalBasis,
    ruleIds: [...d.ruleIds],
  });
  const disclosures = delivered.map((d) =>
    disclosureEvent(router, {
      alert: ref,
      recipient: d.recipient,
      copyId: `${ref.alertId}.${ref.version}.${d.recipient}`,
      copyDigest: sha(`copy ${d.recipient}`),
      why: why(d),
      step: { kind: "routed" },
      policyVersion: mandates.version,
      disclosedCount: d.allowedUnits.length,
      withheldCount: d.withheldCount,
    }),
  );
  const toEuropol = delivered.find((d) => d.recipient === "europol");
  if (toEuropol === undefined) throw new Error("the example should reach Europol");
  const adapter = { actor: "adapter.europol", occurredAt: at };
  const europol = [
    disclosureEvent(adapter, {
      alert: ref,
      recipient: "europol",
      copyId: `${ref.alertId}.${ref.version}.europol`,
      copyDigest: sha("copy europol"),
      why: why(toEuropol),
      step: { kind: "transferred", channel: "siena", channelReference: "SIENA-2025-000417" },
    }),
    evidenceEvent(adapter, {
      kind: "receipt",
      direction: "issued",
      artefactId: newAlertId(),
      artefact: sha("receipt bytes"),
      evidenceCode: "EVIDENCE_DELIVERY",
      alert: ref,
      recipient: "europol",
    }),
  ];
  const refused = decisions
    .filter((d) => !d.delivered)
    .map((d) => ({ recipient: d.recipient, reasonCode: d.reasonCode, withheldCount: d.withheldCount }));
  return { alert, ref, routed, disclosures, europol, refused };
}

/** A distinct, valid event from `actor` (a collection of a fresh alert id). */
export function someEvent(actor: string, at = new Date()): AuditEvent {
  return collectionEvent(
    { actor, occurredAt: at },
    { alert: { alertId: newAlertId(), version: 1, originator: "ncp.de", manifestDigest: sha(newAlertId()) } },
  );
}
