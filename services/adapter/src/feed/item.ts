import { memberStateOf } from "@ariadne/agencies";
import { CaseAlert, type FeedFrame, handlingCodeToJSON, purposeToJSON } from "@ariadne/contracts";
import { openRoutedCopy, type Verifier } from "@ariadne/envelope";
import { FeedError } from "../errors.ts";

/**
 * One copy as a liaison officer sees it: what the copy disclosed (JSON, proto3 JSON names,
 * withheld fields absent), what the router attested about it, and where its consultation is
 * logged. Built from the copy's own signed bytes, verified on the officer's side.
 */
export interface FeedItem {
  readonly feedId: string;
  /** Frame sequence within the feed. */
  readonly sequence: number;
  /** Position of the copy in the DELIVERY stream and when it was stored there. */
  readonly streamSequence: number;
  readonly storedAt: Date | undefined;
  readonly alertId: string;
  readonly version: number;
  readonly copyId: string;
  readonly originator: string;
  /** ISO 3166-1 alpha-2 of the originating member state, when the originator is an NCP. */
  readonly originatingCountry: string | undefined;
  readonly routedAt: Date | undefined;
  readonly handling: { readonly code: string; readonly notice: string };
  readonly legalBasis: string;
  readonly purposes: readonly string[];
  readonly ruleIds: readonly string[];
  readonly policyVersion: string;
  /** Units disclosed to the agency, and how many the originator's manifest lists beyond them. */
  readonly disclosedPaths: readonly string[];
  readonly withheldCount: number;
  /** The copy as JSON (CaseAlert.toJSON): only what was disclosed. */
  readonly disclosed: unknown;
  /** The same, as the typed message. */
  readonly alert: CaseAlert;
  /** The CONSULTATION audit event logged before this item was sent. */
  readonly consultation: { readonly eventId: string; readonly auditIndex: number };
}

/** Verifies an ITEM frame's copy end to end (router and originator) and presents it. */
export function feedItemOf(frame: FeedFrame, verifier: Verifier, agency: string): FeedItem {
  let opened: ReturnType<typeof openRoutedCopy>;
  try {
    // Replays reach back in time: the signatures are checked, not their age.
    opened = openRoutedCopy(frame.routedCopy, verifier, { recipient: agency, maxAgeMs: Number.POSITIVE_INFINITY });
  } catch (cause) {
    throw new FeedError("FRAME_INVALID", "a feed item's copy does not verify", { cause });
  }
  const a = opened.attestation;
  return {
    feedId: frame.feedId,
    sequence: frame.sequence,
    streamSequence: frame.streamSequence,
    storedAt: frame.storedAt,
    alertId: a.alertId,
    version: a.version,
    copyId: a.copyId,
    originator: a.originator,
    originatingCountry: memberStateOf(a.originator),
    routedAt: a.routedAt,
    handling: { code: handlingCodeToJSON(a.handlingCode), notice: a.handlingNotice },
    legalBasis: a.legalBasis,
    purposes: a.purposes.map(purposeToJSON),
    ruleIds: [...a.ruleIds],
    policyVersion: a.policyVersion,
    disclosedPaths: [...opened.paths],
    withheldCount: opened.withheldCount,
    disclosed: CaseAlert.toJSON(opened.alert),
    alert: opened.alert,
    consultation: { eventId: frame.consultationEventId, auditIndex: frame.auditIndex },
  };
}
