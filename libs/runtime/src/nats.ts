import { readFileSync } from "node:fs";
import {
  type Authenticator,
  type ConnectionOptions,
  connect,
  credsAuthenticator,
  type NatsConnection,
  nkeyAuthenticator,
} from "@nats-io/transport-node";
import { z } from "zod";
import type { Logger } from "./logger.ts";

/** How a service reaches NATS: servers plus at most one way to authenticate, and TLS. */
export const NatsConfig = z
  .object({
    servers: z.array(z.string().min(1)).min(1).default(["nats://127.0.0.1:4222"]),
    /** A .creds file (decentralised JWT auth). */
    credsFile: z.string().min(1).optional(),
    /** A file holding an nkey seed (SU...). */
    nkeySeedFile: z.string().min(1).optional(),
    user: z.string().min(1).optional(),
    pass: z.string().optional(),
    token: z.string().min(1).optional(),
    /**
     * Prefix of this client's reply inboxes (_INBOX_<party>): a party may subscribe only to its
     * own inboxes, so that nobody reads replies meant for another (deploy/ grants exactly this).
     */
    inboxPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/)
      .optional(),
    tls: z
      .object({ caFile: z.string().min(1), certFile: z.string().optional(), keyFile: z.string().optional() })
      .optional(),
  })
  .strict()
  .refine((c) => [c.credsFile, c.nkeySeedFile, c.user, c.token].filter((v) => v !== undefined).length <= 1, {
    message: "choose one of credsFile, nkeySeedFile, user/pass, token",
  });
export type NatsConfig = z.infer<typeof NatsConfig>;

/** NATS settings from the conventional environment variables (ARIADNE_NATS_*). */
export function natsConfigFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  if (env["ARIADNE_NATS_URL"]) raw["servers"] = env["ARIADNE_NATS_URL"].split(",").map((s) => s.trim());
  if (env["ARIADNE_NATS_CREDS"]) raw["credsFile"] = env["ARIADNE_NATS_CREDS"];
  if (env["ARIADNE_NATS_NKEY_SEED_FILE"]) raw["nkeySeedFile"] = env["ARIADNE_NATS_NKEY_SEED_FILE"];
  if (env["ARIADNE_NATS_USER"]) raw["user"] = env["ARIADNE_NATS_USER"];
  if (env["ARIADNE_NATS_PASS"]) raw["pass"] = env["ARIADNE_NATS_PASS"];
  if (env["ARIADNE_NATS_TOKEN"]) raw["token"] = env["ARIADNE_NATS_TOKEN"];
  if (env["ARIADNE_NATS_INBOX_PREFIX"]) raw["inboxPrefix"] = env["ARIADNE_NATS_INBOX_PREFIX"];
  if (env["ARIADNE_NATS_TLS_CA"]) {
    raw["tls"] = {
      caFile: env["ARIADNE_NATS_TLS_CA"],
      ...(env["ARIADNE_NATS_TLS_CERT"] ? { certFile: env["ARIADNE_NATS_TLS_CERT"] } : {}),
      ...(env["ARIADNE_NATS_TLS_KEY"] ? { keyFile: env["ARIADNE_NATS_TLS_KEY"] } : {}),
    };
  }
  return raw;
}

export function connectionOptions(config: NatsConfig, name: string): ConnectionOptions {
  let authenticator: Authenticator | undefined;
  if (config.credsFile) authenticator = credsAuthenticator(readFileSync(config.credsFile));
  if (config.nkeySeedFile)
    authenticator = nkeyAuthenticator(new TextEncoder().encode(readFileSync(config.nkeySeedFile, "utf8").trim()));
  return {
    servers: config.servers,
    name,
    // Services outlive NATS restarts: reconnect for ever, buffered publishes wait.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    ...(authenticator ? { authenticator } : {}),
    ...(config.user ? { user: config.user, pass: config.pass ?? "" } : {}),
    ...(config.token ? { token: config.token } : {}),
    ...(config.inboxPrefix ? { inboxPrefix: config.inboxPrefix } : {}),
    ...(config.tls
      ? {
          tls: {
            caFile: config.tls.caFile,
            ...(config.tls.certFile ? { certFile: config.tls.certFile } : {}),
            ...(config.tls.keyFile ? { keyFile: config.tls.keyFile } : {}),
          },
        }
      : {}),
  };
}

/** Connects and logs connection state changes (server addresses only). */
export async function connectNats(config: NatsConfig, name: string, logger: Logger): Promise<NatsConnection> {
  const nc = await connect(connectionOptions(config, name));
  logger.info({ server: nc.getServer() }, "connected to NATS");
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === "disconnect" || s.type === "reconnect")
        logger.warn({ event: s.type, server: s.server }, "NATS connection");
      else if (s.type === "error") logger.error({ event: s.type, err: s.error }, "NATS connection");
    }
  })();
  return nc;
}
