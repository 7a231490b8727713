import { createHash } from "node:crypto";
import { newAlertId, Purpose } from "@ariadne/contracts";
import type { AlertRef, EventContext, Justification } from "../../src/mod.ts";

export const sha = (text: string): Uint8Array => Uint8Array.from(createHash("sha256").update(text).digest());

export function alertRef(overrides: Partial<AlertRef> = {}): AlertRef {
  return { alertId: newAlertId(), version: 1, originator: "ncp.de", manifestDigest: sha("manifest"), ...overrides };
}

export const AT = new Date("2025-06-12T10:00:00.000Z");

export function ctx(actor = "router", occurredAt = AT): EventContext {
  return { actor, occurredAt, traceId: "4bf92f3577b34da6a3ce929d0e0e4736" };
}

export const EUROPOL_BASIS =
  "Regulation (EU) 2016/794 (Europol Regulation), Art. 3 and Annex I (trafficking in human beings); Art. 18(2)(a)-(c)";

export const WHY: Justification = {
  purposes: [Purpose.PURPOSE_CRIMINAL_ANALYSIS],
  legalBasis: EUROPOL_BASIS,
  ruleIds: ["europol.thb", "europol.persons.suspect"],
};

export const POLICY_VERSION = "a".repeat(64);
