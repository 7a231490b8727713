import { PARTY_ID } from "@ariadne/bus";
import { type CaseAlert, HandlingCode, isAlertId, Purpose, type RoutingAttestation } from "@ariadne/contracts";
import type { Agency } from "./agency.ts";
import { AgencyError } from "./errors.ts";
import type { HandlingCodeTerm } from "./primitives.ts";

/**
 * What the adapter knows about a copy besides its content: the router-signed attestation's
 * facts (ids, handling, legal basis, purposes, routing time). Identity comes from here, not
 * from the copy, because the attestation is what the router vouched for.
 */
export interface DeliveryMeta {
  readonly alertId: string;
  readonly version: number;
  /** Party id of the originating NCP, e.g. "ncp.de". */
  readonly originator: string;
  /** "<alertId>.<version>.<recipient>": the copy's dedup id, and the idempotency key towards the channel. */
  readonly copyId: string;
  readonly handlingCode: HandlingCode;
  /** The stamped handling notice; may be empty. */
  readonly handlingNotice: string;
  readonly legalBasis: string;
  /** Purposes the copy was routed for (never empty). */
  readonly purposes: readonly Purpose[];
  readonly routedAt: Date;
}

/** The delivery metadata stated by a routing attestation (checked by `checkDelivery`, not here). */
export function deliveryMetaOf(attestation: RoutingAttestation): DeliveryMeta {
  return {
    alertId: attestation.alertId,
    version: attestation.version,
    originator: attestation.originator,
    copyId: attestation.copyId,
    handlingCode: attestation.handlingCode,
    handlingNotice: attestation.handlingNotice,
    legalBasis: attestation.legalBasis,
    purposes: attestation.purposes,
    routedAt: attestation.routedAt ?? new Date(Number.NaN),
  };
}

const HANDLING_TERMS: Readonly<Record<number, HandlingCodeTerm>> = {
  [HandlingCode.HANDLING_CODE_H0]: "H0",
  [HandlingCode.HANDLING_CODE_H1]: "H1",
  [HandlingCode.HANDLING_CODE_H2]: "H2",
  [HandlingCode.HANDLING_CODE_H3]: "H3",
};

export function handlingTerm(code: HandlingCode): HandlingCodeTerm {
  const t = HANDLING_TERMS[code];
  if (t === undefined) throw new AgencyError("INVALID_METADATA", `handling code ${code} is not H0-H3`);
  return t;
}

const KNOWN_PURPOSES = new Set<number>(
  Object.values(Purpose).filter((v): v is number => typeof v === "number" && v > 0),
);

/** The member state of an NCP party ("ncp.de" -> "DE"); undefined for other parties. */
export function memberStateOf(party: string): string | undefined {
  return /^ncp\.([a-z]{2})$/.exec(party)?.[1]?.toUpperCase();
}

function invalid(what: string): never {
  throw new AgencyError("INVALID_METADATA", `delivery metadata: ${what}`);
}

/**
 * Refuses to map a copy whose metadata is malformed, that belongs to another recipient, or whose
 * header (when disclosed) disagrees with the metadata. Every mapper calls this first.
 */
export function checkDelivery(agency: Agency, copy: CaseAlert, meta: DeliveryMeta): void {
  if (!isAlertId(meta.alertId)) invalid("alertId is not a UUIDv7");
  if (!Number.isInteger(meta.version) || meta.version < 1) invalid("version must be an integer >= 1");
  if (!PARTY_ID.test(meta.originator)) invalid("originator is not a party id");
  handlingTerm(meta.handlingCode);
  if (meta.legalBasis.trim() === "" || meta.legalBasis.length > 1000) invalid("legalBasis must be 1-1000 characters");
  if (meta.handlingNotice.length > 1000) invalid("handlingNotice longer than 1000 characters");
  if (meta.purposes.length === 0) invalid("no purposes");
  if (meta.purposes.some((p) => !KNOWN_PURPOSES.has(p))) invalid("unknown purpose code");
  if (!(meta.routedAt instanceof Date) || Number.isNaN(meta.routedAt.getTime())) invalid("routedAt is not a time");
  const prefix = `${meta.alertId}.${meta.version}.`;
  if (!meta.copyId.startsWith(prefix)) invalid("copyId is not <alertId>.<version>.<recipient>");
  const recipient = meta.copyId.slice(prefix.length);
  if (recipient !== agency) {
    throw new AgencyError("WRONG_RECIPIENT", `copy for recipient ${JSON.stringify(recipient)} mapped to ${agency}`);
  }
  const handling = copy.handling?.code ?? 0;
  if (handling !== 0 && handling !== meta.handlingCode) {
    throw new AgencyError("COPY_MISMATCH", "the copy's handling code differs from the attested one");
  }
  const h = copy.header;
  if (h === undefined) return;
  if ((h.alertId !== "" && h.alertId !== meta.alertId) || (h.version !== 0 && h.version !== meta.version)) {
    throw new AgencyError("COPY_MISMATCH", "the copy's header names another alert or version than the attestation");
  }
  if (h.originator !== "" && h.originator !== meta.originator) {
    throw new AgencyError("COPY_MISMATCH", "the copy's header names another originator than the attestation");
  }
}
