import { AGENCIES } from "@ariadne/agencies";
import { z } from "zod";
import { FAULT_MODES } from "./control.ts";

/** The environment main.ts reads (parsed once, with parseConfig from @ariadne/runtime). */
export const StandinEnv = z.object({
  STANDIN_AGENCY: z.enum(AGENCIES),
  STANDIN_HOST: z.string().min(1).default("127.0.0.1"),
  /** 0 picks a free port; the chosen one is logged ("stand-in listening", port). */
  STANDIN_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  STANDIN_DATA_DIR: z.string().min(1),
  STANDIN_MODE: z.enum(FAULT_MODES).default("ok"),
  STANDIN_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(0),
  STANDIN_ACK_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(0),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type StandinEnv = z.infer<typeof StandinEnv>;
