import { type CaseAlert, FinancialInstrument_Kind } from "@ariadne/contracts";
import { type CheckContext, checkCountry, checkPointer, isAfter, requireText } from "./context.ts";
import { isHttpUrl, isIban, isLanguageTag, isSha256Hex } from "./formats.ts";

/** Locations, organisations, vehicles, financial instruments, advertisements, authorities. */
export function checkEntities(alert: CaseAlert, ctx: CheckContext): void {
  alert.locations.forEach((l, i) => {
    const p = `locations[${i}]`;
    if (l.kind === 0) ctx.issues.add(`${p}.kind`, "REQUIRED", "must be set");
    checkCountry(ctx, `${p}.country`, l.country);
    if (Math.abs(l.latitude) > 90) ctx.issues.add(`${p}.latitude`, "INVALID_COORDINATES", "outside -90..90");
    if (Math.abs(l.longitude) > 180) ctx.issues.add(`${p}.longitude`, "INVALID_COORDINATES", "outside -180..180");
  });
  alert.organisations.forEach((o, i) => {
    const p = `organisations[${i}]`;
    if (o.kind === 0) ctx.issues.add(`${p}.kind`, "REQUIRED", "must be set");
    checkCountry(ctx, `${p}.country`, o.country);
    if (o.website !== "" && !isHttpUrl(o.website)) ctx.issues.add(`${p}.website`, "INVALID_URL", "not an http(s) URL");
  });
  alert.vehicles.forEach((v, i) => {
    const p = `vehicles[${i}]`;
    if (v.kind === 0) ctx.issues.add(`${p}.kind`, "REQUIRED", "must be set");
    checkCountry(ctx, `${p}.registrationCountry`, v.registrationCountry);
  });
  alert.financialInstruments.forEach((f, i) => {
    const p = `financialInstruments[${i}]`;
    if (f.kind === 0) ctx.issues.add(`${p}.kind`, "REQUIRED", "must be set");
    if (requireText(ctx, `${p}.identifier`, f.identifier) && f.kind === FinancialInstrument_Kind.KIND_IBAN) {
      if (!isIban(f.identifier))
        ctx.issues.add(`${p}.identifier`, "INVALID_IBAN", "fails the IBAN format or mod-97 check");
    }
    checkCountry(ctx, `${p}.country`, f.country);
    checkPointer(ctx, `${p}.holderRef`, f.holderRef, ["persons", "organisations"]);
  });
  alert.advertisements.forEach((a, i) => {
    const p = `advertisements[${i}]`;
    if (requireText(ctx, `${p}.url`, a.url) && !isHttpUrl(a.url)) {
      ctx.issues.add(`${p}.url`, "INVALID_URL", "not an http(s) URL");
    }
    if (a.language !== "" && !isLanguageTag(a.language)) {
      ctx.issues.add(`${p}.language`, "INVALID_LANGUAGE", "not a BCP 47 language tag");
    }
    if (a.captureSha256 !== "" && !isSha256Hex(a.captureSha256)) {
      ctx.issues.add(`${p}.captureSha256`, "INVALID_DIGEST", "expected 64 hex digits");
    }
    const limit = ctx.createdAt ?? ctx.now;
    if (a.capturedAt && isAfter(a.capturedAt, limit, ctx.maxClockSkewMs)) {
      ctx.issues.add(`${p}.capturedAt`, "IN_FUTURE", "captured after the alert was created");
    }
    checkPointer(ctx, `${p}.posterRef`, a.posterRef, ["persons", "organisations"]);
  });
  alert.competentAuthorities.forEach((c, i) => {
    const p = `competentAuthorities[${i}]`;
    if (c.kind === 0) ctx.issues.add(`${p}.kind`, "REQUIRED", "must be set");
    requireText(ctx, `${p}.name`, c.name);
    checkCountry(ctx, `${p}.country`, c.country);
  });
}
