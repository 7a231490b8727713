import { createServer } from "node:net";
import { join } from "node:path";
import { REPO_ROOT } from "@ariadne/testing";
import { type ProcessSpec, type Supervised, startProcess } from "../../../stack/src/supervisor.ts";

export type { Supervised };

/** A port nobody listens on now (the router's HTTP server takes it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RouterProcessEnv {
  readonly natsUrl: string;
  readonly keyFile: string;
  readonly operatorKeyFile: string;
  readonly mandatesFile: string;
  readonly extra?: Record<string, string>;
}

/** Runs services/router/src/main.ts as a child process (through tsx) and waits for /readyz. */
export async function startRouterProcess(
  name: string,
  port: number,
  env: RouterProcessEnv,
  logDir: string,
): Promise<Supervised> {
  const spec: ProcessSpec = {
    name,
    entry: join(REPO_ROOT, "services/router/src/main.ts"),
    env: {
      ARIADNE_NATS_URL: env.natsUrl,
      ARIADNE_HTTP_HOST: "127.0.0.1",
      ARIADNE_HTTP_PORT: String(port),
      ARIADNE_LOG_LEVEL: "warn",
      ARIADNE_PARTY: "router",
      ARIADNE_KEY_FILE: env.keyFile,
      ARIADNE_OPERATOR_KEY_FILE: env.operatorKeyFile,
      ARIADNE_MANDATES_FILE: env.mandatesFile,
      ...env.extra,
    },
    readyUrl: `http://127.0.0.1:${port}/readyz`,
  };
  return startProcess(spec, logDir, 60_000);
}
