import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger } from "pino";

/**
 * Keys that could hold personal data of victims, suspects or witnesses if someone logged an
 * alert, a person or a payload by mistake. Ariadne logs ids and codes only; this is the net
 * under that rule, not the rule itself (test/e2e/canary.int.test.ts plants a canary name in a real
 * stack and greps every log; libs/runtime/test/runtime.test.ts checks these paths).
 */
const SENSITIVE_KEYS = [
  "alert",
  "alerts",
  "persons",
  "person",
  "name",
  "names",
  "givenNames",
  "familyName",
  "aliases",
  "dateOfBirth",
  "addresses",
  "address",
  "summary",
  "capturedText",
  "physicalDescription",
  "identityDocuments",
  "onlineIdentifiers",
  "identifier",
  "registrationPlate",
  "payload",
  "disclosures",
  "disclosure",
  "value",
  "body",
  "text",
  "data",
  "copy",
  "document",
];

export const REDACT_PATHS: readonly string[] = [
  ...SENSITIVE_KEYS,
  ...SENSITIVE_KEYS.map((k) => `*.${k}`),
  ...SENSITIVE_KEYS.map((k) => `*.*.${k}`),
];

export interface LoggerOptions {
  readonly service: string;
  readonly level?: string;
  /** Where lines go (stdout by default); tests pass a stream to read them back. */
  readonly destination?: DestinationStream;
}

/** Error fields we log: name and code are ours and stable; the message is cut short. */
function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    ...(code !== undefined ? { code: String(code) } : {}),
    message: err.message.slice(0, 300),
    ...(err.stack ? { stack: err.stack.split("\n").slice(1, 6).join("\n") } : {}),
  };
}

export function createLogger(opts: LoggerOptions): Logger {
  return pino(
    {
      name: opts.service,
      level: opts.level ?? "info",
      base: { service: opts.service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACT_PATHS], censor: "[redacted]" },
      serializers: { err: serializeError, error: serializeError },
      formatters: { level: (label) => ({ level: label }) },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
