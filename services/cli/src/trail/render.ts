import { table } from "../output.ts";
import type { InclusionReport } from "./inclusion.ts";
import type { Timeline, TimelineEntry } from "./timeline.ts";

const when = (iso: string | undefined) => (iso ? iso.replace("T", " ").replace("Z", "") : "-");
const yes = (b: boolean) => (b ? "yes" : "-");

function describe(e: TimelineEntry): string {
  const to = e.recipients.length > 0 ? ` -> ${e.recipients.join(", ")}` : "";
  switch (e.stage) {
    case "received":
    case "new-version":
      return `v${e.version} ${e.detail}`;
    case "rejected":
    case "dead-letter":
    case "erasure":
      return `v${e.version} ${e.code ?? ""} ${e.detail}`.trim();
    case "decision":
      return `v${e.version} ${e.detail}`;
    case "transferred":
    case "routed":
      return `v${e.version}${to}`;
    case "delivered":
    case "not-delivered":
    case "acknowledged":
    case "receipt":
    case "reply":
      return `v${e.version}${to} ${(e.evidence ?? "").replace(/^(EVIDENCE|KIND)_/, "")}`.trimEnd();
    case "consultation":
      return `by ${e.officer ?? "?"}: ${e.query ?? ""} (${(e.purposes ?? []).join(", ")})`;
    default:
      return e.detail;
  }
}

function decisionLines(e: TimelineEntry): string[] {
  return (e.decisions ?? []).map((d) => {
    const mark = d.delivered ? "+" : "x";
    const counts = d.delivered
      ? `${d.disclosedCount} disclosed, ${d.withheldCount} withheld`
      : `${d.withheldCount} withheld: ${d.reason}`;
    return `        ${mark} ${d.recipient.padEnd(10)} ${d.reasonCode.padEnd(24)} ${counts}`;
  });
}

export function renderInclusion(r: InclusionReport | undefined): string {
  if (r === undefined) return "inclusion: no events to prove";
  const head =
    r.anchor === "published"
      ? `the latest published checkpoint (size ${r.treeSize}, root ${r.rootHash.slice(0, 16)}..)`
      : `a head signed on demand (size ${r.treeSize}, root ${r.rootHash.slice(0, 16)}..)${
          r.extendsPublished === undefined
            ? ", no checkpoint published yet"
            : `, proven to extend the published checkpoint of size ${r.extendsPublished}`
        }`;
  const result = r.failure
    ? `FAILED: entry ${r.failure.index}: ${r.failure.problem}`
    : `${r.proven}/${r.total} events proven in the log`;
  return `inclusion: ${result}, against ${head}`;
}

export function renderTimeline(t: Timeline, inclusion: InclusionReport | undefined): string {
  const lines = [`trail of alert ${t.alertId}: ${t.entries.length} events`, ""];
  for (const e of t.entries) {
    lines.push(
      `${when(e.loggedAt)}  #${String(e.index).padEnd(5)} ${e.stage.padEnd(13)} ${e.actor.padEnd(17)} ${describe(e)}`,
    );
    lines.push(...decisionLines(e));
  }
  if (t.recipients.length > 0) {
    lines.push(
      "",
      table(
        t.recipients.map((r) => [
          r.recipient,
          r.decision,
          r.reasonCode,
          yes(r.transferred),
          yes(r.delivered),
          yes(r.acknowledged),
          r.replies.map((k) => k.replace(/^KIND_/, "")).join(", ") || "-",
        ]),
        ["recipient", "decision", "reason", "transferred", "delivered", "acknowledged", "replies"],
      ),
    );
  }
  lines.push("", renderInclusion(inclusion));
  return lines.join("\n");
}
