import type { FeedItem } from "@ariadne/adapter";
import { crimeAreaToJSON, exploitationFormToJSON, priorityToJSON } from "@ariadne/contracts";

/** One item as a JSON line: what the officer's copy disclosed, plus the router's attestation. */
export function itemJson(item: FeedItem): Record<string, unknown> {
  const { alert: _typed, ...rest } = item;
  return {
    ...rest,
    storedAt: item.storedAt?.toISOString(),
    routedAt: item.routedAt?.toISOString(),
  };
}

/** One item as a terminal line: codes and counts (the copy's content is in --json). */
export function itemLine(item: FeedItem): string {
  const a = item.alert;
  const codes = [
    priorityToJSON(a.header?.priority ?? 0).replace(/^PRIORITY_/, ""),
    crimeAreaToJSON(a.crimeArea).replace(/^CRIME_AREA_/, ""),
    ...a.exploitationForms.map((f) => exploitationFormToJSON(f).replace(/^EXPLOITATION_FORM_/, "")),
  ];
  return [
    (item.routedAt?.toISOString() ?? "-").replace("T", " ").replace("Z", ""),
    `${item.alertId} v${item.version}`,
    `from ${item.originator}${item.originatingCountry ? ` (${item.originatingCountry})` : ""}`,
    codes.join(" "),
    `${item.disclosedPaths.length} disclosed, ${item.withheldCount} withheld`,
    item.handling.code,
    `audit #${item.consultation.auditIndex}`,
  ].join("  ");
}
