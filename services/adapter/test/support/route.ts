import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Agency, isAgency } from "@ariadne/agencies";
import { H, subjects } from "@ariadne/bus";
import { type CaseAlert, type Envelope, parseAlertDocument, presentUnits } from "@ariadne/contracts";
import { attest, encodeEnvelope, MESSAGE_TYPES, minimise, openRoutedCopy, sealAlert } from "@ariadne/envelope";
import { type Decision, decide } from "@ariadne/policy";
import { formatTraceparent, newTrace } from "@ariadne/runtime";
import { REPO_ROOT } from "@ariadne/testing";
import { jetstream } from "@nats-io/jetstream";
import { headers as newHeaders } from "@nats-io/transport-node";
import type { World } from "./world.ts";

export const EXAMPLES = [
  "forced-criminality-external-border",
  "labour-fake-job-ads",
  "minor-sexual-exploitation-online",
] as const;
export type ExampleName = (typeof EXAMPLES)[number];

export function example(name: ExampleName): CaseAlert {
  return parseAlertDocument(readFileSync(join(REPO_ROOT, "examples", `${name}.yaml`), "utf8"));
}

/** One copy as the router publishes it, with what the test needs to check the channel's side. */
export interface RoutedCopy {
  readonly agency: Agency;
  readonly copyId: string;
  readonly alert: CaseAlert;
  /** What the copy disclosed, as the agency opens it. */
  readonly copy: CaseAlert;
  readonly decision: Decision;
  readonly bytes: Uint8Array;
  readonly seq: number;
  readonly traceId: string;
}

/** What routing needs: keys to seal and attest with, the mandates to decide under. */
export type RoutingKeys = Pick<World, "keys" | "mandates">;

/** The agencies' copies of an alert, sealed by its originator and attested by the router. */
export async function sealAndAttest(
  world: RoutingKeys,
  alert: CaseAlert,
  opts: { agencies?: readonly Agency[]; routedAt?: Date } = {},
): Promise<{ decision: Decision; copy: Envelope; agency: Agency }[]> {
  const originator = alert.header?.originator ?? "";
  const sealed = sealAlert(alert, await world.keys.signer(originator));
  const router = await world.keys.signer("router");
  return decide(alert, presentUnits(alert), world.mandates)
    .filter(
      (d) => d.delivered && isAgency(d.recipient) && (opts.agencies ?? [d.recipient]).includes(d.recipient as Agency),
    )
    .map((d) => ({
      decision: d,
      agency: d.recipient as Agency,
      copy: attest(
        minimise(sealed, d.allowedUnits),
        {
          recipient: d.recipient,
          policyVersion: d.policyVersion,
          ruleIds: d.ruleIds,
          handlingCode: d.handlingCode,
          handlingNotice: d.handlingNotice,
          legalBasis: d.legalBasis,
          purposes: d.purposes,
          ...(opts.routedAt === undefined ? {} : { routedAt: opts.routedAt }),
        },
        router,
      ),
    }));
}

/** Publishes a copy on ariadne.deliver.<agency> exactly as the router does (dedup id, headers, trace). */
export async function publishCopy(
  world: Pick<World, "nc">,
  agency: Agency,
  copy: Envelope | Uint8Array,
  copyId: string,
  alertId: string,
  version: number,
) {
  const bytes = copy instanceof Uint8Array ? copy : encodeEnvelope(copy);
  const trace = newTrace();
  const h = newHeaders();
  h.set(H.type, MESSAGE_TYPES.RoutingAttestation);
  h.set(H.alertId, alertId);
  h.set(H.alertVersion, String(version));
  h.set(H.traceparent, formatTraceparent(trace));
  const ack = await jetstream(world.nc).publish(subjects.deliver(agency), bytes, { msgID: copyId, headers: h });
  return { bytes, seq: ack.seq, traceId: trace.traceId };
}

/** Routes an example as the router would: one copy per agency its mandates allow. */
export async function routeExample(
  world: World,
  name: ExampleName,
  opts: { agencies?: readonly Agency[]; mutate?: (alert: CaseAlert) => void } = {},
): Promise<RoutedCopy[]> {
  const alert = example(name);
  opts.mutate?.(alert);
  const out: RoutedCopy[] = [];
  for (const { decision, copy, agency } of await sealAndAttest(world, alert, opts)) {
    const h = alert.header;
    const copyId = `${h?.alertId}.${h?.version}.${agency}`;
    const { bytes, seq, traceId } = await publishCopy(world, agency, copy, copyId, h?.alertId ?? "", h?.version ?? 0);
    const opened = openRoutedCopy(bytes, world.keys.verifier(), { recipient: agency });
    out.push({ agency, copyId, alert, copy: opened.alert, decision, bytes, seq, traceId });
  }
  return out;
}
