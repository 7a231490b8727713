import { createHash } from "node:crypto";
import { type Agency, type ChannelMessages, type DeliveryMeta, deliveryMetaOf, mapToChannel } from "@ariadne/agencies";
import { type OpenedCopy, openRoutedCopy, type Verifier } from "@ariadne/envelope";
import { type CopyRef, copyRefOfOpened } from "../evidence/copy-ref.ts";

/** A verified copy, mapped to the agency's channel format, ready to be transferred. */
export interface PreparedCopy<A extends Agency> {
  readonly opened: OpenedCopy;
  readonly meta: DeliveryMeta;
  readonly ref: CopyRef;
  readonly message: ChannelMessages[A];
  /** SHA-256 of the exact JSON the channel receives: the disclosure's copy digest. */
  readonly copyDigest: Uint8Array;
}

export interface PrepareOptions {
  /** How old the router's signature may be (copies wait in DELIVERY while a channel is down). */
  readonly maxAgeMs: number;
  readonly now?: Date;
}

/**
 * Opens a routed copy as the agency (router attestation, originator's manifest, every disclosed
 * field) and maps it to the channel's format. Throws EnvelopeError when the copy does not verify
 * and AgencyError when it cannot be mapped: both are permanent for this copy.
 */
export function prepareCopy<A extends Agency>(
  agency: A,
  bytes: Uint8Array,
  verifier: Verifier,
  opts: PrepareOptions,
): PreparedCopy<A> {
  const opened = openRoutedCopy(bytes, verifier, {
    recipient: agency,
    maxAgeMs: opts.maxAgeMs,
    ...(opts.now === undefined ? {} : { now: opts.now }),
  });
  const meta = deliveryMetaOf(opened.attestation);
  const message = mapToChannel(agency, opened.alert, meta);
  // The channel client sends JSON.stringify(message); mappings are deterministic, so this is it.
  const copyDigest = createHash("sha256").update(JSON.stringify(message), "utf8").digest();
  return { opened, meta, ref: copyRefOfOpened(opened), message, copyDigest: new Uint8Array(copyDigest) };
}
