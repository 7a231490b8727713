import type {
  Agency,
  ChannelMessages,
  EurojustNotification,
  FrontexIncident,
  ReplyKind,
  SienaMessage,
} from "@ariadne/agencies";

/** A reply an agency gives to a message it retrieved: codes and references only, no personal data. */
export interface ReplySpec {
  readonly kind: ReplyKind;
  readonly agencyReference: string;
  readonly text: string;
}

/** Europol analysis projects (Europol's public names) by SIENA crime area; THB is AP Phoenix. */
const ANALYSIS_PROJECTS: Readonly<Record<string, string>> = {
  "Trafficking in human beings": "AP PHOENIX",
  "Illegal immigrant smuggling": "AP MIGRANT SMUGGLING",
  "Sexual abuse and sexual exploitation, including child abuse material": "AP TWINS",
  "Money-laundering activities": "AP SUSTRANS",
  "Computer crime": "AP CYBORG",
};

/**
 * Europol: a message in which a suspect (or convicted person) uses a means of communication or
 * posted a web page matches an analysis project (by crime area, AP PHOENIX by default);
 * anything else is a no-match.
 */
export function europolReplies(m: SienaMessage): ReplySpec[] {
  const suspects = new Set(
    m.entities.persons
      .filter((p) => p.dataSubjectCategory === "SUSPECT" || p.dataSubjectCategory === "CONVICTED")
      .map((p) => p.entityId),
  );
  const online = m.links.some((l) => (l.type === "USES" || l.type === "POSTED") && suspects.has(l.from));
  if (!online) {
    return [{ kind: "NO_MATCH", agencyReference: "NO-MATCH", text: "no match in Europol analysis projects" }];
  }
  const project = (m.crimeArea && ANALYSIS_PROJECTS[m.crimeArea]) ?? "AP PHOENIX";
  return [{ kind: "MATCH_FOUND", agencyReference: project, text: `matches an existing analysis project (${project})` }];
}

/**
 * Eurojust: the national desk of the notifying Member State is assigned (or of the first Member
 * State involved when the notifier is not an NCP); no desk, no reply.
 */
export function eurojustReplies(n: EurojustNotification): ReplySpec[] {
  const desk = n.notifying.memberState ?? n.memberStatesInvolved[0];
  if (desk === undefined) return [];
  return [
    {
      kind: "DESK_ASSIGNED",
      agencyReference: `NATIONAL-DESK-${desk}`,
      text: `national desk ${desk} assigned (${n.type})`,
    },
  ];
}

/**
 * Frontex: the risk assessment of the border section crossed is updated: the first external
 * border section, else the first section named; no section, no reply.
 */
export function frontexReplies(r: FrontexIncident): ReplySpec[] {
  const crossings = r.borderCrossings ?? [];
  const crossing =
    crossings.find((c) => c.externalBorder && c.borderSection !== undefined) ??
    crossings.find((c) => c.borderSection !== undefined);
  const section = crossing?.borderSection;
  if (section === undefined) return [];
  return [
    {
      kind: "RISK_ASSESSMENT_UPDATED",
      agencyReference: `RA-${section}`,
      text: `risk assessment updated for border section ${section} (impact ${r.impactLevel})`,
    },
  ];
}

const RULES: { readonly [A in Agency]: (message: ChannelMessages[A]) => ReplySpec[] } = {
  europol: europolReplies,
  eurojust: eurojustReplies,
  frontex: frontexReplies,
};

/** The replies an agency gives to a message it retrieved (deterministic: same message, same replies). */
export function repliesFor<A extends Agency>(agency: A, message: ChannelMessages[A]): ReplySpec[] {
  const rule: (message: ChannelMessages[A]) => ReplySpec[] = RULES[agency];
  return rule(message);
}
