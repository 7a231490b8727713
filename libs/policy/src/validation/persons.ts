import { AgeBand, type CaseAlert, OnlineIdentifier_Kind, type Person } from "@ariadne/contracts";
import { type CheckContext, checkCountries, checkCountry, checkDate, checkPointer, requireText } from "./context.ts";
import { ageAt, isEmail, isIpAddress, isPhoneNumber } from "./formats.ts";

/** Age bands in years, inclusive. */
const BAND_YEARS: ReadonlyMap<AgeBand, readonly [number, number]> = new Map([
  [AgeBand.AGE_BAND_0_12, [0, 12]],
  [AgeBand.AGE_BAND_13_15, [13, 15]],
  [AgeBand.AGE_BAND_16_17, [16, 17]],
  [AgeBand.AGE_BAND_18_24, [18, 24]],
  [AgeBand.AGE_BAND_25_34, [25, 34]],
  [AgeBand.AGE_BAND_35_49, [35, 49]],
  [AgeBand.AGE_BAND_50_PLUS, [50, 200]],
]);

/** The age bands of a minor (under 18). */
export const MINOR_AGE_BANDS: ReadonlySet<AgeBand> = new Set([
  AgeBand.AGE_BAND_0_12,
  AgeBand.AGE_BAND_13_15,
  AgeBand.AGE_BAND_16_17,
]);

export function checkPersons(alert: CaseAlert, ctx: CheckContext): void {
  alert.persons.forEach((person, i) => {
    checkPerson(person, `persons[${i}]`, ctx);
  });
}

function checkPerson(person: Person, p: string, ctx: CheckContext): void {
  if (person.category === 0) ctx.issues.add(`${p}.category`, "REQUIRED", "every person has a data-subject category");
  checkMinor(person, p, ctx);
  checkCountries(ctx, `${p}.nationalities`, person.nationalities);
  person.identityDocuments.forEach((d, j) => {
    const dp = `${p}.identityDocuments[${j}]`;
    if (d.kind === 0) ctx.issues.add(`${dp}.kind`, "REQUIRED", "must be set");
    checkCountry(ctx, `${dp}.issuingCountry`, d.issuingCountry);
    checkDate(ctx, `${dp}.expiresOn`, d.expiresOn);
  });
  person.onlineIdentifiers.forEach((o, j) => {
    const op = `${p}.onlineIdentifiers[${j}]`;
    if (o.kind === 0) ctx.issues.add(`${op}.kind`, "REQUIRED", "must be set");
    if (requireText(ctx, `${op}.value`, o.value) && !identifierFits(o.kind, o.value)) {
      ctx.issues.add(`${op}.value`, "INVALID_IDENTIFIER", "does not look like its kind");
    }
  });
  person.locationRefs.forEach((r, j) => {
    checkPointer(ctx, `${p}.locationRefs[${j}]`, r, ["locations"]);
  });
  person.organisationRefs.forEach((r, j) => {
    checkPointer(ctx, `${p}.organisationRefs[${j}]`, r, ["organisations"]);
  });
  if (
    person.name &&
    person.name.givenNames === "" &&
    person.name.familyName === "" &&
    person.name.aliases.length === 0
  ) {
    ctx.issues.add(`${p}.name`, "REQUIRED", "a name, when given, has at least one part");
  }
}

function identifierFits(kind: OnlineIdentifier_Kind, value: string): boolean {
  switch (kind) {
    case OnlineIdentifier_Kind.KIND_EMAIL:
      return isEmail(value);
    case OnlineIdentifier_Kind.KIND_PHONE_NUMBER:
      return isPhoneNumber(value);
    case OnlineIdentifier_Kind.KIND_IP_ADDRESS:
      return isIpAddress(value);
    default:
      return true;
  }
}

/**
 * The minor flag, the age band and the date of birth must agree, measured at the alert's
 * creation: recipients' rules for minors depend on them, so a child must never pass as an adult.
 */
function checkMinor(person: Person, p: string, ctx: CheckContext): void {
  const minorBand = MINOR_AGE_BANDS.has(person.ageBand);
  if (person.minor && !minorBand) {
    ctx.issues.add(`${p}.ageBand`, "MINOR_WITHOUT_AGE_BAND", "a minor carries a minor's age band (0_12, 13_15, 16_17)");
  }
  if (!person.minor && minorBand)
    ctx.issues.add(`${p}.minor`, "AGE_BAND_IMPLIES_MINOR", "a minor's age band, not marked minor");
  const span = checkDate(ctx, `${p}.dateOfBirth`, person.dateOfBirth);
  if (!span || !ctx.createdAt) return;
  if (span.first.getTime() > ctx.createdAt.getTime()) {
    ctx.issues.add(`${p}.dateOfBirth`, "IN_FUTURE", "after the alert was created");
    return;
  }
  // The youngest and oldest the person can be, given a partial date of birth.
  const minAge = Math.max(0, ageAt(ctx.createdAt, span.last));
  const maxAge = ageAt(ctx.createdAt, span.first);
  const band = BAND_YEARS.get(person.ageBand);
  if (band && (maxAge < band[0] || minAge > band[1])) {
    ctx.issues.add(`${p}.dateOfBirth`, "AGE_INCONSISTENT", "date of birth outside the age band");
  } else if (person.minor && minAge >= 18) {
    ctx.issues.add(`${p}.dateOfBirth`, "AGE_INCONSISTENT", "marked minor, but born 18 or more years before the alert");
  } else if (!person.minor && maxAge < 18) {
    ctx.issues.add(`${p}.dateOfBirth`, "AGE_INCONSISTENT", "under 18 at the alert, but not marked minor");
  }
}
