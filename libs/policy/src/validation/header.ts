import { PARTY_ID } from "@ariadne/bus";
import { type CaseAlert, CrimeArea, HandlingCode, isAlertId } from "@ariadne/contracts";
import { type CheckContext, checkUnique, isAfter, requireText } from "./context.ts";
import { isLanguageTag } from "./formats.ts";

/** Header: identity, time, priority, purposes, language, case references and links. */
export function checkHeader(alert: CaseAlert, ctx: CheckContext): void {
  const h = alert.header;
  if (!h) {
    ctx.issues.add("header", "REQUIRED", "an alert needs its header");
    return;
  }
  if (h.alertId === "") ctx.issues.add("header.alertId", "REQUIRED", "must be set");
  else if (!isAlertId(h.alertId)) ctx.issues.add("header.alertId", "INVALID_ALERT_ID", "must be a UUIDv7");
  if (h.version < 1) ctx.issues.add("header.version", "INVALID_VERSION", "versions start at 1");
  if (h.originator === "") ctx.issues.add("header.originator", "REQUIRED", "must be set");
  else if (!PARTY_ID.test(h.originator)) ctx.issues.add("header.originator", "INVALID_PARTY", "not a party id");
  if (!h.createdAt) ctx.issues.add("header.createdAt", "REQUIRED", "must be set");
  else if (isAfter(h.createdAt, ctx.now, ctx.maxClockSkewMs)) {
    ctx.issues.add("header.createdAt", "IN_FUTURE", "later than now beyond the allowed clock skew");
  }
  if (h.respondBy && h.createdAt && h.respondBy.getTime() <= h.createdAt.getTime()) {
    ctx.issues.add("header.respondBy", "DATE_ORDER", "must be after createdAt");
  }
  if (h.priority === 0) ctx.issues.add("header.priority", "REQUIRED", "must be set");
  if (h.purposes.length === 0) ctx.issues.add("header.purposes", "REQUIRED", "at least one purpose");
  checkUnique(ctx, "header.purposes", h.purposes);
  if (requireText(ctx, "header.language", h.language) && !isLanguageTag(h.language)) {
    ctx.issues.add("header.language", "INVALID_LANGUAGE", "not a BCP 47 language tag");
  }
  h.caseReferences.forEach((r, i) => {
    requireText(ctx, `header.caseReferences[${i}].system`, r.system);
    requireText(ctx, `header.caseReferences[${i}].reference`, r.reference);
  });
  h.links.forEach((l, i) => {
    const p = `header.links[${i}]`;
    if (!isAlertId(l.alertId)) ctx.issues.add(`${p}.alertId`, "INVALID_ALERT_ID", "must be a UUIDv7");
    else if (l.alertId === h.alertId) ctx.issues.add(`${p}.alertId`, "SELF_LINK", "an alert cannot link to itself");
    if (l.relation === 0) ctx.issues.add(`${p}.relation`, "REQUIRED", "must be set");
  });
}

/** Crime area, forms of exploitation, related areas and modus operandi. */
export function checkScope(alert: CaseAlert, ctx: CheckContext): void {
  if (alert.crimeArea === CrimeArea.CRIME_AREA_UNSPECIFIED) ctx.issues.add("crimeArea", "REQUIRED", "must be set");
  if (alert.crimeArea === CrimeArea.CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS && alert.exploitationForms.length === 0) {
    ctx.issues.add("exploitationForms", "REQUIRED", "a trafficking alert names at least one form of exploitation");
  }
  checkUnique(ctx, "exploitationForms", alert.exploitationForms);
  checkUnique(ctx, "modusOperandi", alert.modusOperandi);
  checkUnique(ctx, "relatedCrimeAreas", alert.relatedCrimeAreas);
  alert.relatedCrimeAreas.forEach((a, i) => {
    if (a === alert.crimeArea) ctx.issues.add(`relatedCrimeAreas[${i}]`, "DUPLICATE", "repeats the crime area");
  });
}

/** Handling code and what goes with it: H3 states its restrictions, H2/H3 name who may receive. */
export function checkHandling(alert: CaseAlert, ctx: CheckContext): void {
  const h = alert.handling;
  if (!h) {
    ctx.issues.add("handling", "REQUIRED", "an alert needs a handling code");
    return;
  }
  const code = h.code;
  if (code === HandlingCode.HANDLING_CODE_UNSPECIFIED) ctx.issues.add("handling.code", "REQUIRED", "must be set");
  const restricted = code === HandlingCode.HANDLING_CODE_H2 || code === HandlingCode.HANDLING_CODE_H3;
  if (code === HandlingCode.HANDLING_CODE_H3) requireText(ctx, "handling.restrictions", h.restrictions);
  else if (h.restrictions !== "") {
    ctx.issues.add("handling.restrictions", "NOT_APPLICABLE", "restrictions in words are only carried with H3");
  }
  if (restricted && h.permittedRecipients.length === 0) {
    ctx.issues.add("handling.permittedRecipients", "REQUIRED", "H2/H3 name at least one permitted recipient");
  }
  if (!restricted && h.permittedRecipients.length > 0) {
    ctx.issues.add("handling.permittedRecipients", "NOT_APPLICABLE", "only H2/H3 restrict the recipients");
  }
  checkParties(ctx, "handling.permittedRecipients", h.permittedRecipients);
  checkParties(ctx, "handling.thirdPartyConsent", h.thirdPartyConsent);
}

function checkParties(ctx: CheckContext, path: string, parties: readonly string[]): void {
  parties.forEach((p, i) => {
    if (!PARTY_ID.test(p)) ctx.issues.add(`${path}[${i}]`, "INVALID_PARTY", "not a party id");
  });
  checkUnique(ctx, path, parties);
}

/** The 4x4 evaluation: both axes. */
export function checkEvaluation(alert: CaseAlert, ctx: CheckContext): void {
  const e = alert.evaluation;
  if (!e) {
    ctx.issues.add("evaluation", "REQUIRED", "source reliability and information accuracy must be set");
    return;
  }
  if (e.sourceReliability === 0) ctx.issues.add("evaluation.sourceReliability", "REQUIRED", "must be set");
  if (e.informationAccuracy === 0) ctx.issues.add("evaluation.informationAccuracy", "REQUIRED", "must be set");
}
