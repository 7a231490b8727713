import type { z } from "zod";
import { AgencyError } from "./errors.ts";

/**
 * A mapped message checked against its channel's schema before anyone sends it: a mapping bug
 * surfaces here as CHANNEL_SCHEMA_VIOLATION with the paths at fault, not as a 422 later.
 */
export function validated<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const paths = result.error.issues.map((i) => i.path.join("."));
  throw new AgencyError(
    "CHANNEL_SCHEMA_VIOLATION",
    `mapped ${what} violates the channel schema at ${paths.join(", ")}`,
    {
      paths,
    },
  );
}
