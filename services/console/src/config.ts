import { PARTY_ID } from "@ariadne/bus";
import { Purpose } from "@ariadne/contracts";
import { z } from "zod";

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** "operational-support,criminal-analysis" -> [Purpose.PURPOSE_OPERATIONAL_SUPPORT, ...]. */
const purposes = z
  .string()
  .min(1)
  .transform((s, ctx) => {
    const out: Purpose[] = [];
    for (const name of s.split(",").map((p) => p.trim())) {
      const value = (Purpose as unknown as Record<string, Purpose | undefined>)[
        `PURPOSE_${name.toUpperCase().replaceAll("-", "_")}`
      ];
      if (value === undefined || value === Purpose.PURPOSE_UNSPECIFIED) {
        ctx.addIssue({ code: "custom", message: `unknown purpose ${name}` });
        return z.NEVER;
      }
      out.push(value);
    }
    return [...new Set(out)];
  });

/**
 * The environment main.ts reads (docs/architecture.md "Service configuration" plus the console's
 * own ARIADNE_CONSOLE_* settings; docs/console.md lists them). NATS settings are parsed separately.
 */
export const ConsoleEnv = z.object({
  ARIADNE_PARTY: z.string().regex(PARTY_ID).default("console"),
  ARIADNE_KEY_FILE: z.string().min(1),
  ARIADNE_OPERATOR_KEY_FILE: z.string().min(1),
  ARIADNE_HTTP_HOST: z.string().min(1).default("127.0.0.1"),
  ARIADNE_HTTP_PORT: int(0, 65_535, 8470),
  ARIADNE_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /**
   * Why the console reads the audit log, recorded in every consultation it makes. Operators
   * watch that the processing is lawful and working: LED Art. 25 (logging) is what makes the
   * log readable for that, the purpose is the operational support of the agencies.
   */
  ARIADNE_CONSOLE_PURPOSES: purposes.default([Purpose.PURPOSE_OPERATIONAL_SUPPORT]),
  ARIADNE_CONSOLE_LEGAL_BASIS: z
    .string()
    .min(1)
    .max(200)
    .default("Directive (EU) 2016/680 Art. 25 (logging), review of the processing"),
  /** The index follows the log at most this often (every read is a logged consultation). */
  ARIADNE_CONSOLE_REFRESH_MS: int(0, 3_600_000, 2_000),
  ARIADNE_CONSOLE_AUDIT_TIMEOUT_MS: int(100, 600_000, 10_000),
  /** Alert versions the search remembers (oldest forgotten first). */
  ARIADNE_CONSOLE_MAX_ALERTS: int(1, 10_000_000, 100_000),
  ARIADNE_CONSOLE_STOP_TIMEOUT_MS: int(1000, 600_000, 10_000),
});
export type ConsoleEnv = z.infer<typeof ConsoleEnv>;
