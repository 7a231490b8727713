import { isIP } from "node:net";
import iso3166 from "i18n-iso-countries/index.js";
import { electronicFormatIBAN, isValidIBAN } from "ibantools";

// The code list without the 80 locale files the package's main entry loads. It includes XK
// (Kosovo), a user-assigned code that EU institutions use; the exchange needs it.
const COUNTRIES: ReadonlySet<string> = new Set(Object.keys(iso3166.getAlpha2Codes()));

/** ISO 3166-1 alpha-2, upper case, as the contract writes countries. */
export function isCountryCode(value: string): boolean {
  return COUNTRIES.has(value);
}

/**
 * A well-formed BCP 47 tag. Intl implements the Unicode BCP 47 locale identifier grammar
 * (RFC 5646 without the irregular grandfathered tags); it checks form, not the subtag registry.
 */
export function isLanguageTag(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/** The span of days a partial ISO 8601 date stands for: "1984-03" is 1984-03-01..1984-03-31. */
export interface DateSpan {
  readonly first: Date;
  readonly last: Date;
}

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export function parsePartialDate(value: string): DateSpan | undefined {
  const m = PARTIAL_DATE.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = m[2] === undefined ? undefined : Number(m[2]);
  const day = m[3] === undefined ? undefined : Number(m[3]);
  if (year < 1900 || year > 2199) return undefined;
  if (month === undefined) return { first: utc(year, 1, 1), last: utc(year, 12, 31) };
  if (month < 1 || month > 12) return undefined;
  const monthEnd = utc(year, month + 1, 0).getUTCDate();
  if (day === undefined) return { first: utc(year, month, 1), last: utc(year, month, monthEnd) };
  if (day < 1 || day > monthEnd) return undefined;
  return { first: utc(year, month, day), last: utc(year, month, day) };
}

function utc(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

/** Completed years between a birth date and a moment. */
export function ageAt(at: Date, birth: Date): number {
  let age = at.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    at.getUTCMonth() < birth.getUTCMonth() ||
    (at.getUTCMonth() === birth.getUTCMonth() && at.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

/** An absolute http(s) URL: what a link to an advertisement or website must be. */
export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
}

/** Country format and ISO 7064 mod-97 check (ibantools), spaces allowed as written on paper. */
export function isIban(value: string): boolean {
  const electronic = electronicFormatIBAN(value);
  return electronic !== null && isValidIBAN(electronic);
}

export function isSha256Hex(value: string): boolean {
  return /^[0-9a-fA-F]{64}$/.test(value);
}

export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

/** A phone number as people write them: optional +, digits and separators, 5 to 15 digits. */
export function isPhoneNumber(value: string): boolean {
  if (!/^\+?[0-9][0-9 ()./-]*$/.test(value)) return false;
  const digits = value.replace(/\D/g, "").length;
  return digits >= 5 && digits <= 15;
}

export function isIpAddress(value: string): boolean {
  return isIP(value) !== 0;
}
