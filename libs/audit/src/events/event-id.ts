import type { AuditAction } from "@ariadne/contracts";
import { sha256, toHex } from "../bytes.ts";

/** "ev1-" + 32 hex digits: 128 bits of SHA-256 over what identifies the operation. */
export const EVENT_ID = /^ev1-[0-9a-f]{32}$/;

const DOMAIN = "ariadne.audit.event-id.v1";

/**
 * The id of one operation, the same however often it is emitted: a retried emission carries the
 * same id, so JetStream's de-duplication (Nats-Msg-Id) and the audit service log it once. Built
 * from the action, the actor and the ids that tell this operation apart — never from a clock.
 * Parts are length-prefixed so that ("a.b", "c") and ("a", "b.c") never collide.
 */
export function deterministicEventId(action: AuditAction, actor: string, parts: readonly string[]): string {
  const fields = [DOMAIN, String(action), actor, ...parts];
  const chunks = fields.flatMap((f) => {
    const bytes = Buffer.from(f, "utf8");
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return [length, bytes];
  });
  return `ev1-${toHex(sha256(Buffer.concat(chunks))).slice(0, 32)}`;
}
