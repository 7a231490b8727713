import { randomInt } from "node:crypto";
import { type CaseAlert, IdentityDocument_Kind, type Person } from "@ariadne/contracts";

/** Personal data no test, example or code contains: planted in an alert, looked for everywhere else. */
export interface Canary {
  readonly givenNames: string;
  readonly familyName: string;
  readonly passport: string;
  readonly phone: string;
}

const letters = (n: number) => Array.from({ length: n }, () => String.fromCharCode(97 + randomInt(26))).join("");
const digits = (n: number) => Array.from({ length: n }, () => String(randomInt(10))).join("");

export function newCanary(): Canary {
  return {
    givenNames: `Zelio${letters(6)}`,
    familyName: `Kanarek${letters(8)}`,
    passport: `CX${digits(7)}`,
    phone: `+40 7${digits(2)} ${digits(3)} ${digits(3)}`,
  };
}

/** The alert with the canary as its first person's name, passport and phone (a suspect: Europol may receive them). */
export function plantCanary(alert: CaseAlert, canary: Canary): CaseAlert {
  const [first, ...rest] = alert.persons;
  if (!first) throw new Error("the alert has no person");
  const person: Person = {
    ...first,
    name: { givenNames: canary.givenNames, familyName: canary.familyName, aliases: [] },
    identityDocuments: [
      ...first.identityDocuments.map((d, i) =>
        i === 0 ? { ...d, kind: IdentityDocument_Kind.KIND_PASSPORT, number: canary.passport } : d,
      ),
    ],
    onlineIdentifiers: first.onlineIdentifiers.map((o) =>
      o.value.startsWith("+") ? { ...o, value: canary.phone } : o,
    ),
  };
  return { ...alert, persons: [person, ...rest] };
}

/** The base64 spellings of `text` at each of the three byte alignments, only the characters that depend on `text` alone. */
function base64Cores(text: string): string[] {
  const bytes = Buffer.from(text, "utf8");
  const out: string[] = [];
  for (let pad = 0; pad < 3; pad++) {
    const enc = Buffer.concat([Buffer.alloc(pad), bytes]).toString("base64");
    const total = pad + bytes.length;
    const core = enc.slice(Math.ceil((pad * 8) / 6), Math.floor((total * 8) / 6));
    out.push(core, core.replaceAll("+", "-").replaceAll("/", "_"));
  }
  return out;
}

/**
 * Every spelling under which the canary could leak: as written, lower and upper case, the
 * phone's digits alone, hex and base64 (a logged payload would be encoded).
 */
export function canaryNeedles(c: Canary): string[] {
  const phoneDigits = c.phone.replace(/\D/g, "");
  // The digits alone, all of them: a shorter run of digits could occur by chance in a timestamp.
  const words = [c.givenNames, c.familyName, c.passport, c.phone, phoneDigits];
  const needles = new Set<string>();
  for (const w of words) {
    needles.add(w);
    needles.add(w.toLowerCase());
    needles.add(w.toUpperCase());
    needles.add(Buffer.from(w, "utf8").toString("hex"));
    for (const b of base64Cores(w)) needles.add(b);
  }
  return [...needles];
}

/** Which needles occur in the bytes (empty: none). */
export function findNeedles(haystack: Uint8Array | string, needles: readonly string[]): string[] {
  const b = typeof haystack === "string" ? Buffer.from(haystack, "utf8") : Buffer.from(haystack);
  return needles.filter((n) => b.includes(Buffer.from(n, "utf8")));
}
