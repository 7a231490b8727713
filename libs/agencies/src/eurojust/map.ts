import { type CaseAlert, DataSubjectCategory, type Person, Purpose } from "@ariadne/contracts";
import { checkDelivery, type DeliveryMeta, handlingTerm, memberStateOf } from "../delivery-meta.ts";
import { compact, isMinor, list, term, terms, text, uniqueSorted } from "../present.ts";
import type { HandlingCodeTerm } from "../primitives.ts";
import { validated } from "../validated.ts";
import {
  EUROJUST_FORMAT,
  type EurojustNotification,
  EurojustNotificationSchema,
  type EurojustNotificationType,
} from "./schema.ts";
import {
  AGE_BAND,
  AUTHORITY_TYPE,
  CRIME_TYPE,
  DEADLINE_MS,
  DOCUMENT_TYPE,
  EU_MEMBER_STATES,
  EXPLOITATION_FORM,
  SEX,
  SUSPECT_STATUS,
  URGENCY,
} from "./vocabulary.ts";

type Use = EurojustNotification["handlingRestrictions"]["judicialUse"];

/** H1 restricts use in judicial proceedings, H2 onward dissemination, H3 says so in words. */
const USE: Readonly<Record<HandlingCodeTerm, { judicialUse: Use; onwardTransmission: Use }>> = {
  H0: { judicialUse: "PERMITTED", onwardTransmission: "PERMITTED" },
  H1: { judicialUse: "PROVIDER_PERMISSION_REQUIRED", onwardTransmission: "PERMITTED" },
  H2: { judicialUse: "PERMITTED", onwardTransmission: "PROVIDER_PERMISSION_REQUIRED" },
  H3: { judicialUse: "SEE_RESTRICTIONS", onwardTransmission: "SEE_RESTRICTIONS" },
};

/** Suspects and convicted persons; every other category stays off this channel. */
function suspect(p: Person) {
  const status = SUSPECT_STATUS[p.category];
  if (status === undefined) return undefined;
  return {
    ref: p.ref,
    status,
    surname: text(p.name?.familyName),
    forenames: text(p.name?.givenNames),
    aliases: list(p.name?.aliases),
    dateOfBirth: text(p.dateOfBirth),
    ageBand: term(AGE_BAND, p.ageBand, "age band"),
    sex: term(SEX, p.sex, "sex"),
    nationalities: list(p.nationalities),
    role: text(p.role),
    identityDocuments: list(
      p.identityDocuments.map((d) => ({
        type: term(DOCUMENT_TYPE, d.kind, "identity document kind"),
        number: text(d.number),
        issuingCountry: text(d.issuingCountry),
      })),
    ),
  };
}

const VICTIM_CATEGORIES: ReadonlySet<number> = new Set([
  DataSubjectCategory.DATA_SUBJECT_CATEGORY_VICTIM,
  DataSubjectCategory.DATA_SUBJECT_CATEGORY_POTENTIAL_VICTIM,
]);

/** Countries the copy ties the case to: the notifying state, authorities, route, places. */
function countriesInvolved(copy: CaseAlert, notifying: string | undefined): string[] {
  const r = copy.route;
  return uniqueSorted(
    [
      notifying ?? "",
      ...copy.competentAuthorities.map((a) => a.country),
      ...(r?.originCountries ?? []),
      ...(r?.transitCountries ?? []),
      ...(r?.destinationCountries ?? []),
      ...(r?.legs ?? []).flatMap((l) => [l.fromCountry, l.toCountry]),
      ...(r?.borderCrossings ?? []).flatMap((b) => [b.country, b.neighbourCountry]),
      ...copy.locations.map((l) => l.country),
    ].filter((c) => c !== ""),
  );
}

/**
 * The documented rule: judicial cooperation among the routed purposes and competent authorities
 * in two or more Member States -> REQUEST_JIT; judicial cooperation and two or more Member States
 * involved -> REQUEST_COORDINATION_MEETING; otherwise an Art. 21 notification.
 */
export function notificationType(
  purposes: readonly Purpose[],
  authorityStates: readonly string[],
  memberStatesInvolved: readonly string[],
): EurojustNotificationType {
  if (!purposes.includes(Purpose.PURPOSE_JUDICIAL_COOPERATION)) return "ART21_NOTIFICATION";
  if (new Set(authorityStates.filter((s) => EU_MEMBER_STATES.has(s))).size >= 2) return "REQUEST_JIT";
  if (memberStatesInvolved.length >= 2) return "REQUEST_COORDINATION_MEETING";
  return "ART21_NOTIFICATION";
}

function urgencyOf(copy: CaseAlert, routedAt: Date) {
  const priority = copy.header?.priority ?? 0;
  const level = term(URGENCY, priority, "priority");
  const respondBy = copy.header?.respondBy;
  const derived = DEADLINE_MS[priority];
  const [deadline, deadlineBasis] =
    respondBy !== undefined
      ? [respondBy, "ORIGINATOR" as const]
      : derived !== undefined
        ? [new Date(routedAt.getTime() + derived), "DIRECTIVE_2023_977" as const]
        : [undefined, undefined];
  if (level === undefined && deadline === undefined) return undefined;
  return { level, deadline: deadline?.toISOString(), deadlineBasis };
}

/** Maps a minimised copy to a Eurojust judicial-cooperation notification or request. Pure. */
export function toEurojustNotification(copy: CaseAlert, meta: DeliveryMeta): EurojustNotification {
  checkDelivery("eurojust", copy, meta);
  const notifying = memberStateOf(meta.originator);
  const countries = countriesInvolved(copy, notifying);
  const memberStatesInvolved = countries.filter((c) => EU_MEMBER_STATES.has(c));
  const authorityStates = copy.competentAuthorities.map((a) => a.country).filter((c) => c !== "");
  const code = handlingTerm(meta.handlingCode);
  const victims = copy.persons.filter((p) => VICTIM_CATEGORIES.has(p.category));
  const notification = compact({
    format: EUROJUST_FORMAT,
    notificationId: `EJN-${meta.alertId}-${meta.version}`,
    ariadneCopyId: meta.copyId,
    type: notificationType(meta.purposes, authorityStates, memberStatesInvolved),
    submittedAt: meta.routedAt.toISOString(),
    notifying: { party: meta.originator, memberState: notifying },
    nationalCaseReferences: list(
      copy.header?.caseReferences.map((r) => ({
        authority: text(r.authority),
        reference: text(r.reference),
        system: text(r.system),
      })),
    ),
    crimeType: term(CRIME_TYPE, copy.crimeArea, "crime area"),
    relatedCrimeTypes: terms(CRIME_TYPE, copy.relatedCrimeAreas, "crime area"),
    exploitationForms: terms(EXPLOITATION_FORM, copy.exploitationForms, "exploitation form"),
    suspects: copy.persons.map(suspect).filter((s) => s !== undefined),
    victims: victims.length > 0 ? { total: victims.length, minors: victims.filter(isMinor).length } : undefined,
    competentAuthorities: copy.competentAuthorities.map((a) => ({
      memberState: text(a.country),
      type: term(AUTHORITY_TYPE, a.kind, "competent authority kind"),
      name: text(a.name),
      reference: text(a.reference),
    })),
    memberStatesInvolved,
    thirdStatesInvolved: countries.filter((c) => !EU_MEMBER_STATES.has(c)),
    urgency: urgencyOf(copy, meta.routedAt),
    handlingRestrictions: {
      code,
      notice: text(meta.handlingNotice),
      ...USE[code],
      restrictions: text(copy.handling?.restrictions),
      permittedRecipients: list(copy.handling?.permittedRecipients),
      thirdPartyConsent: list(copy.handling?.thirdPartyConsent),
    },
    legalBasis: meta.legalBasis,
    factsSummary: text(copy.summary),
  });
  return validated(EurojustNotificationSchema, notification, "Eurojust notification");
}
