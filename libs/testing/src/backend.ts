import type { LocalServerOptions } from "@ariadne/nats-server";

/** Where a test's nats-server runs. */
export type NatsBackend = "local" | "container";

/** The variable that forces a backend: local, container, or auto (the default). */
export const NATS_BACKEND_VARIABLE = "ARIADNE_TEST_NATS";

const MODES = ["auto", "local", "container"] as const;

/** Options the container ignores: a test that sets one needs the local binary to get it. */
const SHAPING = ["config", "extraConfig", "cluster", "port", "dir", "serverName"] as const;

/**
 * Picks the backend for `startNats(opts)`. Options that shape the server need the local binary
 * whatever is forced (the container would silently drop them). Otherwise a forced mode wins,
 * and auto asks the runtime probe, only then (it costs seconds when a socket exists). A
 * misspelt mode throws rather than silently meaning "local".
 */
export async function chooseNatsBackend(
  env: Readonly<Record<string, string | undefined>>,
  opts: LocalServerOptions,
  runtimeAvailable: () => Promise<boolean>,
): Promise<NatsBackend> {
  const mode = env[NATS_BACKEND_VARIABLE] || "auto";
  if (!(MODES as readonly string[]).includes(mode)) {
    throw new Error(`${NATS_BACKEND_VARIABLE} must be one of ${MODES.join(", ")} (got "${mode}")`);
  }
  const shaped = opts.jetstream === false || SHAPING.some((k) => opts[k] !== undefined);
  if (shaped || mode === "local") return "local";
  if (mode === "container") return "container";
  return (await runtimeAvailable()) ? "container" : "local";
}
