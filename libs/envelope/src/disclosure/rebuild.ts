import { AlertHeader, type AlertManifest, CaseAlert } from "@ariadne/contracts";
import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { EnvelopeError } from "../errors.ts";
import { concatBytes, lengthDelimited, WireType } from "../wire.ts";
import type { CheckedDisclosure } from "./check.ts";
import { alertLayout } from "./layout.ts";

type Parts = { fieldNo: number; value: Uint8Array }[];

/** A message body from field values, in ascending field number (each value keeps its own order). */
function body(head: Uint8Array, parts: Parts): Uint8Array {
  const sorted = [...parts].sort((a, b) => a.fieldNo - b.fieldNo);
  return concatBytes([head, ...sorted.map((p) => p.value)]);
}

/**
 * Rebuilds the (partial) alert from checked disclosures by concatenating their wire bytes:
 * disclosed values are never re-encoded. The header's identity is encoded from the signed
 * manifest; an entity's ref from its path. Top-level fields, and fields within a message, go
 * in ascending field number; entities of a list in the order their first disclosure appears.
 */
export function rebuildAlert(manifest: AlertManifest, disclosures: readonly CheckedDisclosure[]): CaseAlert {
  const layout = alertLayout();
  const top: Parts = [];
  const groups = new Map<string, Parts>();
  const entities = new Map<string, Map<string, Parts>>();
  for (const d of disclosures) {
    const u = d.unit;
    const part = { fieldNo: d.fieldNo, value: d.value };
    if (u.kind === "field") top.push(part);
    else if (u.kind === "group") groups.set(u.group, [...(groups.get(u.group) ?? []), part]);
    else {
      const list = entities.get(u.list) ?? new Map<string, Parts>();
      list.set(u.ref, [...(list.get(u.ref) ?? []), part]);
      entities.set(u.list, list);
    }
  }

  const noOf = (name: string): number => (layout.topByName.get(name) as { no: number }).no;
  const identity = AlertHeader.encode(
    AlertHeader.fromPartial({
      alertId: manifest.alertId,
      version: manifest.version,
      originator: manifest.originator,
      createdAt: manifest.createdAt,
    }),
  ).finish();
  const headerNo = noOf("header");
  top.push({ fieldNo: headerNo, value: lengthDelimited(headerNo, body(identity, groups.get("header") ?? [])) });
  for (const [group, parts] of groups) {
    if (group === "header") continue;
    const no = noOf(group);
    top.push({ fieldNo: no, value: lengthDelimited(no, body(new Uint8Array(0), parts)) });
  }
  for (const [list, byRef] of entities) {
    const no = noOf(list);
    const items = [...byRef].map(([ref, parts]) => {
      const refField = new BinaryWriter().tag(layout.refNo, WireType.LengthDelimited).string(ref).finish();
      return lengthDelimited(no, body(refField, parts));
    });
    top.push({ fieldNo: no, value: concatBytes(items) });
  }
  try {
    return CaseAlert.decode(body(new Uint8Array(0), top));
  } catch {
    throw new EnvelopeError("DISCLOSURE_MALFORMED", "disclosed values do not decode as an alert");
  }
}
