import { PARTY_ID } from "@ariadne/bus";
import { CITATION_WORDS, PHRASE_WORDS } from "./vocabulary.ts";

// Tokens that carry a digit are numbers, versions, references and citations ("2016/794",
// "18(2)(a)", "H1", "SIENA-2025-0042", UUIDs, timestamps): not names.
const WITH_DIGIT = /^(?=.*\d)[A-Za-z0-9][A-Za-z0-9._:/()+§–-]*$/u;
/** A stable code: UPPER_SNAKE with at least one underscore or digit (a bare word could be a name). */
const MULTI_PART_CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$|^(?=[A-Z0-9]*\d)[A-Z][A-Z0-9]*$/;
/** Any code, as the value of key=value where the key says what it is. */
const CODE_VALUE = /^[A-Z][A-Z0-9_]{0,63}$/;
const HEX = /^[0-9a-f]{8,128}$/;
// Bare single-token parties and agencies; other party ids have a dot (ncp.de, adapter.europol).
const BARE_PARTIES: ReadonlySet<string> = new Set(["router", "audit", "operator", "europol", "eurojust", "frontex"]);
const PARTY_PREFIXES: ReadonlySet<string> = new Set(["ncp", "adapter", "officer", "operator"]);

function isPartyToken(token: string): boolean {
  if (BARE_PARTIES.has(token)) return true;
  if (!PARTY_ID.test(token)) return false;
  const [prefix] = token.split(".");
  return prefix !== undefined && PARTY_PREFIXES.has(prefix) && token.includes(".");
}

function isValue(value: string): boolean {
  return (
    PHRASE_WORDS.has(value) ||
    CODE_VALUE.test(value) ||
    WITH_DIGIT.test(value) ||
    HEX.test(value) ||
    isPartyToken(value)
  );
}

// Keys whose value names a technical thing (a channel, a stage): a lowercase slug is fine there.
const SLUG_KEYS: ReadonlySet<string> = new Set(["channel", "stage"]);
const SLUG = /^[a-z][a-z0-9.-]{0,31}$/;

function isPhraseToken(token: string): boolean {
  const eq = token.indexOf("=");
  if (eq > 0) {
    const key = token.slice(0, eq);
    const value = token.slice(eq + 1);
    return PHRASE_WORDS.has(key) && (isValue(value) || (SLUG_KEYS.has(key) && SLUG.test(value)));
  }
  return (
    PHRASE_WORDS.has(token) ||
    MULTI_PART_CODE.test(token) ||
    WITH_DIGIT.test(token) ||
    HEX.test(token) ||
    isPartyToken(token)
  );
}

/**
 * A phrase for `detail` and `query`: single spaces between tokens, each a vocabulary word,
 * key=value with a vocabulary key, a code, a number or reference, a digest or a party id.
 */
export function isSafePhrase(text: string, maxLength: number): boolean {
  if (text === "") return true;
  if (text.length > maxLength) return false;
  return text.split(" ").every((token) => token !== "" && isPhraseToken(token.replace(/[,;:]$/, "")));
}

const PUNCTUATION = /^[()[\],;:.'"’“”–—-]+|[()[\],;:.'"’“”–—-]+$/gu;
const LOWER_WORD = /^[a-z][a-z'’-]*$/u;
const ACRONYM = /^[A-Z]{1,6}$/;
/** A lowercase dotted field or rule path (handling.third_party_consent): no capital, so no name. */
const LOWER_PATH = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/;
const POSSESSIVE = /['’]s$/u;

/**
 * Config text for `legal_basis`, handling notices and decision reasons: one line of words where
 * every capitalised word is a legal or procedural term (or its possessive: "the Agency's tasks"),
 * so no proper name passes. Lowercase words and dotted paths, party ids (the policy's reasons name
 * recipients: ncp.de), acronyms, codes and tokens with digits (act numbers, articles) are free.
 */
export function isSafeCitation(text: string, maxLength: number): boolean {
  if (text === "") return true;
  if (text.length > maxLength || /[\p{Cc}\p{Cf}]/u.test(text)) return false;
  return text.split(/\s+/u).every((raw) => {
    const token = raw.replace(PUNCTUATION, "");
    return (
      token === "" ||
      LOWER_WORD.test(token) ||
      CITATION_WORDS.has(token) ||
      CITATION_WORDS.has(token.replace(POSSESSIVE, "")) ||
      LOWER_PATH.test(token) ||
      isPartyToken(token) ||
      ACRONYM.test(token) ||
      MULTI_PART_CODE.test(token) ||
      WITH_DIGIT.test(token)
    );
  });
}
