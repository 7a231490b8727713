/**
 * The Nats-Msg-Id of a stored leaf: the event id, then the first 128 bits of the leaf hash.
 *
 * Unique per leaf, not per event, on purpose: JetStream checks a duplicate Nats-Msg-Id before
 * any publish expectation and answers "duplicate" without storing. Were the id the bare event
 * id, a leaf another writer stored for the same event would answer for ours, and our next leaf,
 * published before that answer and expecting the last message id to be the event id, would be
 * stored linked to a leaf that is not in the log. Event ids are de-duplicated by the writer's
 * own index instead (docs/operations-audit.md, "Writers").
 */
export function leafMsgId(eventId: string, leafHash: Uint8Array): string {
  return `${eventId}.${Buffer.from(leafHash.buffer, leafHash.byteOffset, 16).toString("hex")}`;
}
