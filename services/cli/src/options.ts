import { existsSync } from "node:fs";
import { Purpose } from "@ariadne/contracts";
import { inboxPrefix, layout } from "@ariadne/deploy";
import { natsConfigFromEnv } from "@ariadne/runtime";
import { Option } from "commander";
import { CliError } from "./errors.ts";

type EnumObject = Readonly<Record<string, string | number>>;

/**
 * One value of a generated Protobuf enum from what a person types: `criminal-analysis`,
 * `CRIMINAL_ANALYSIS` and `PURPOSE_CRIMINAL_ANALYSIS` all name the same purpose. The
 * unspecified and unrecognised values are never accepted.
 */
export function parseEnumValue<E extends EnumObject>(
  what: string,
  values: E,
  prefix: string,
  text: string,
): E[keyof E] & number {
  const wanted = text.trim().toUpperCase().replaceAll("-", "_");
  const names = Object.keys(values).filter(
    (k) => typeof values[k] === "number" && (values[k] as number) > 0 && k.startsWith(prefix),
  );
  const name = names.find((n) => n === wanted || n === `${prefix}${wanted}`);
  if (name === undefined) {
    const known = names.map((n) => n.slice(prefix.length).toLowerCase().replaceAll("_", "-")).join(", ");
    throw new CliError("USAGE", `unknown ${what} ${text} (one of: ${known})`);
  }
  return values[name] as E[keyof E] & number;
}

/** Commander collector for repeatable and comma-separated options (`--x a --x b,c`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(",")
      .map((v) => v.trim())
      .filter((v) => v !== ""),
  ];
}

/** Why an operator or officer consults (recorded in the CONSULTATION audit event). */
export interface Justification {
  readonly purposes: Purpose[];
  readonly legalBasis: string;
}

/** LED Art. 25 is what makes reading the log itself lawful: the default basis of an operator's read. */
export const DEFAULT_LEGAL_BASIS = "Directive (EU) 2016/680 Art. 25 (logging), review of the processing";
export const DEFAULT_PURPOSE = "criminal-analysis";

export function justification(purposes: readonly string[] | undefined, legalBasis: string | undefined): Justification {
  const list = purposes === undefined || purposes.length === 0 ? [DEFAULT_PURPOSE] : purposes;
  return {
    purposes: [...new Set(list.map((p) => parseEnumValue("purpose", Purpose, "PURPOSE_", p)))],
    legalBasis: legalBasis ?? DEFAULT_LEGAL_BASIS,
  };
}

const DURATION = /^(\d+)(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A point in time: an ISO 8601 instant or date, or a duration back from now (`30m`, `2h`, `7d`). */
export function parseSince(text: string, now = new Date()): Date {
  const d = DURATION.exec(text.trim());
  if (d) return new Date(now.getTime() - Number(d[1]) * UNIT_MS[d[2] as keyof typeof UNIT_MS]);
  const at = /^\d{4}-\d{2}-\d{2}/.test(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) {
    throw new CliError("USAGE", `--since ${text}: not an ISO time (2026-11-28T09:00:00Z) or a duration (30m, 2h, 7d)`);
  }
  return at;
}

/** A non-negative integer option. */
export function parseCount(what: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new CliError("USAGE", `${what} ${text}: not a non-negative integer`);
  return Number(text);
}

const ALERT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseAlertId(text: string): string {
  const id = text.trim().toLowerCase();
  if (!ALERT_ID.test(id)) throw new CliError("USAGE", `${text} is not an alert id (a UUID)`);
  return id;
}

/** The connection option of every command that talks to NATS (beside the global --nats). */
export interface CredentialsOption {
  readonly credentials?: string;
}

/** `--credentials <dir>`, for `.addOption()`; `who` names the identity the command connects as. */
export function credentialsOption(who = "the --as party"): Option {
  return new Option(
    "--credentials <dir>",
    `generated deployment folder (ariadne-deploy generate): connect as ${who} with its nkey, TLS and inbox prefix (default $ARIADNE_CREDENTIALS_DIR, or the running stack's)`,
  );
}

/** What decides how a command connects; see natsSettings. */
export interface NatsSettingsInput {
  readonly servers: readonly string[];
  /** The party the command acts as: whose identity and inbox prefix it uses. */
  readonly party: string | undefined;
  /** --credentials: wins over everything else. */
  readonly credentialsFlag: string | undefined;
  /** ARIADNE_CREDENTIALS_DIR or the running stack's folder: used unless ARIADNE_NATS_* name an identity. */
  readonly credentialsDefault: string | undefined;
  readonly env: NodeJS.ProcessEnv;
}

/** Environment settings that name an identity or TLS: the operator chose them on purpose. */
const ENV_IDENTITY = ["credsFile", "nkeySeedFile", "user", "token", "tls"] as const;

/**
 * The raw NatsConfig (libs/runtime) of a command: the party's files of a generated folder
 * (exactly what its services get: seed, CA, client certificate, inbox prefix), else the
 * ARIADNE_NATS_* environment as services read it, else anonymous, as with the local stack.
 */
export function natsSettings(i: NatsSettingsInput): Record<string, unknown> {
  const fromEnv = natsConfigFromEnv(i.env);
  const envIdentity = ENV_IDENTITY.some((k) => fromEnv[k] !== undefined);
  const dir = i.credentialsFlag ?? (envIdentity ? undefined : i.credentialsDefault);
  if (dir === undefined) return { ...fromEnv, servers: [...i.servers] };
  if (i.party === undefined) {
    throw new CliError("USAGE", `--credentials ${dir}: this command does not say which party to connect as`);
  }
  const files = layout.party(layout.partyDir(dir, i.party));
  for (const file of [files.seed("nats"), files.ca]) {
    if (!existsSync(file)) {
      throw new CliError("KEY_MISSING", `no NATS credentials for ${i.party} in ${dir} (missing ${file})`);
    }
  }
  // The client certificate goes along whenever it was generated: servers that verify clients need it.
  const cert = existsSync(files.cert) && existsSync(files.key) ? { certFile: files.cert, keyFile: files.key } : {};
  return {
    servers: [...i.servers],
    nkeySeedFile: files.seed("nats"),
    inboxPrefix: inboxPrefix(i.party),
    tls: { caFile: files.ca, ...cert },
  };
}
