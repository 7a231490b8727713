import type { Envelope } from "@ariadne/contracts";
import { attest, copyIdOf, encodeEnvelope, minimise, type OpenedAlert, type Signer } from "@ariadne/envelope";
import type { Decision } from "@ariadne/policy";
import { RouterError } from "./errors.ts";

/** One recipient's copy, ready to publish on ariadne.deliver.<recipient>. */
export interface RoutedCopy {
  readonly recipient: string;
  /** "<alertId>.<version>.<recipient>": the attestation's copy id and the DELIVERY dedup id. */
  readonly copyId: string;
  readonly decision: Decision;
  readonly envelope: Envelope;
  /** The exact bytes published. */
  readonly bytes: Uint8Array;
}

/**
 * The copies of the delivered decisions: the originator's signed manifest with only the
 * decision's allowed units (minimise), wrapped in a router-signed attestation of the policy
 * version, rules, handling code and notice, legal basis and purposes. Pure: no I/O. A copy that
 * does not hold exactly the allowed units is never published (fail closed).
 */
export function buildCopies(
  opened: OpenedAlert,
  decisions: readonly Decision[],
  router: Signer,
  routedAt: Date,
): RoutedCopy[] {
  const { alertId, version } = opened.manifest;
  return decisions
    .filter((d) => d.delivered)
    .map((d) => {
      const minimised = minimise(opened.envelope, d.allowedUnits);
      if (minimised.disclosures.length !== d.allowedUnits.length) {
        throw new RouterError("COPY_MISMATCH", `copy for ${d.recipient} does not hold exactly the allowed units`);
      }
      const envelope = attest(
        minimised,
        {
          recipient: d.recipient,
          policyVersion: d.policyVersion,
          ruleIds: d.ruleIds,
          handlingCode: d.handlingCode,
          handlingNotice: d.handlingNotice,
          legalBasis: d.legalBasis,
          purposes: d.purposes,
          routedAt,
        },
        router,
      );
      return {
        recipient: d.recipient,
        copyId: copyIdOf(alertId, version, d.recipient),
        decision: d,
        envelope,
        bytes: encodeEnvelope(envelope),
      };
    });
}
