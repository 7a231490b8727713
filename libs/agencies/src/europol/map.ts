import { type CaseAlert, type Evaluation, InformationAccuracy, SourceReliability } from "@ariadne/contracts";
import { checkDelivery, type DeliveryMeta, handlingTerm, memberStateOf } from "../delivery-meta.ts";
import { compact, flag, list, term, terms, text } from "../present.ts";
import { validated } from "../validated.ts";
import { sienaEntities } from "./entities.ts";
import { SIENA_FORMAT, type SienaMessage, SienaMessageSchema } from "./schema.ts";
import { CRIME_AREA, EXPLOITATION, MODUS_OPERANDI, PRIORITY, PROCESSING_PURPOSES, PURPOSE } from "./vocabulary.ts";

const RELIABILITY: Readonly<Record<number, string>> = {
  [SourceReliability.SOURCE_RELIABILITY_A]: "A",
  [SourceReliability.SOURCE_RELIABILITY_B]: "B",
  [SourceReliability.SOURCE_RELIABILITY_C]: "C",
  [SourceReliability.SOURCE_RELIABILITY_X]: "X",
};
const ACCURACY: Readonly<Record<number, string>> = {
  [InformationAccuracy.INFORMATION_ACCURACY_1]: "1",
  [InformationAccuracy.INFORMATION_ACCURACY_2]: "2",
  [InformationAccuracy.INFORMATION_ACCURACY_3]: "3",
  [InformationAccuracy.INFORMATION_ACCURACY_4]: "4",
};

/** "B2"; absent unless both halves are known (an "X" would claim an assessment nobody made). */
export function evaluationCode(e: Evaluation | undefined): string | undefined {
  const r = term(RELIABILITY, e?.sourceReliability, "source reliability");
  const a = term(ACCURACY, e?.informationAccuracy, "information accuracy");
  return r !== undefined && a !== undefined ? `${r}${a}` : undefined;
}

/** The SIENA subject line, from codes only: no names, no free text. */
function subjectLine(crimeArea: string | undefined, exploitation: readonly string[] | undefined, from: string): string {
  const parts = ["Ariadne early alert"];
  if (crimeArea !== undefined) parts.push(crimeArea);
  if (exploitation !== undefined) parts.push(exploitation.join(", "));
  parts.push(`from ${from}`);
  return parts.join(" - ");
}

/**
 * Maps a minimised copy to a SIENA-like message for Europol. Pure: the same copy and metadata
 * give the same message, so a redelivery sends the same bytes under the same idempotency key.
 */
export function toSienaMessage(copy: CaseAlert, meta: DeliveryMeta): SienaMessage {
  checkDelivery("europol", copy, meta);
  const memberState = memberStateOf(meta.originator);
  const crimeArea = term(CRIME_AREA, copy.crimeArea, "crime area");
  const exploitationTypes = terms(EXPLOITATION, copy.exploitationForms, "exploitation form");
  const purposes = new Set(terms(PURPOSE, meta.purposes, "purpose"));
  const { entities, links } = sienaEntities(copy);
  const route = copy.route && {
    originCountries: list(copy.route.originCountries),
    transitCountries: list(copy.route.transitCountries),
    destinationCountries: list(copy.route.destinationCountries),
  };
  const message = compact({
    format: SIENA_FORMAT,
    messageId: `ARD-${meta.alertId}-${meta.version}`,
    ariadneCopyId: meta.copyId,
    createdAt: meta.routedAt.toISOString(),
    originator: { party: meta.originator, memberState },
    recipient: "EUROPOL",
    handling: {
      code: handlingTerm(meta.handlingCode),
      notice: text(meta.handlingNotice),
      restrictions: text(copy.handling?.restrictions),
      disseminationPermittedTo: list(copy.handling?.permittedRecipients),
      thirdPartyConsent: list(copy.handling?.thirdPartyConsent),
    },
    evaluation: evaluationCode(copy.evaluation),
    subject: subjectLine(crimeArea, exploitationTypes, memberState ?? meta.originator),
    priority: term(PRIORITY, copy.header?.priority, "priority"),
    legalBasis: meta.legalBasis,
    processingPurposes: PROCESSING_PURPOSES.filter((p) => purposes.has(p)),
    caseReferences: list(
      copy.header?.caseReferences.map((r) => ({
        system: text(r.system),
        reference: text(r.reference),
        authority: text(r.authority),
      })),
    ),
    crimeArea,
    associatedCrimeAreas: terms(CRIME_AREA, copy.relatedCrimeAreas, "crime area"),
    exploitationTypes,
    modusOperandi: terms(MODUS_OPERANDI, copy.modusOperandi, "modus operandi"),
    route: route && Object.values(route).some((v) => v !== undefined) ? route : undefined,
    containsDataOnMinors: flag(copy.persons.some((p) => p.minor)),
    entities,
    links,
    narrative: text(copy.summary),
  });
  return validated(SienaMessageSchema, message, "SIENA message");
}
