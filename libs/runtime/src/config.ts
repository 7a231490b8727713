import type { z } from "zod";

export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
  override readonly name = "ConfigError";
  constructor(
    message: string,
    readonly issues: readonly string[],
  ) {
    super(message);
  }
}

/**
 * Parses configuration once, at the edge (main.ts), into a typed object that is passed down.
 * The error lists every bad setting by path, so a mistake is fixed in one go.
 */
export function parseConfig<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`);
  throw new ConfigError(`invalid ${what} configuration: ${issues.join("; ")}`, issues);
}
