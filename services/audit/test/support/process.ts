import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEPLOYMENT_FILES, publishRegistry, writeDeployment } from "@ariadne/envelope";
import { REPO_ROOT, type TestKeys } from "@ariadne/testing";
import type { NatsConnection } from "@nats-io/transport-node";
import { type Supervised, startProcess } from "../../../stack/src/supervisor.ts";
import { LOG_ID } from "./harness.ts";

export type { Supervised };

/** A port nobody listens on now (the service's HTTP server takes it next). */
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

/** Writes the test deployment's files and publishes its registry, as `ariadne-deploy` would. */
export async function deploymentFiles(keys: TestKeys, nc: NatsConnection): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "ariadne-audit-deploy-"));
  await writeDeployment(dir, keys.deployment);
  await publishRegistry(nc, keys.deployment.registryJws);
  return dir;
}

/** Runs services/audit/src/main.ts as a child process (through tsx) and waits for /readyz. */
export async function startAuditProcess(
  deployment: string,
  keys: TestKeys,
  natsUrl: string,
  port: number,
  logDir: string,
): Promise<Supervised> {
  const kid = (await keys.signer("audit")).kid;
  return startProcess(
    {
      name: `audit-${port}`,
      entry: join(REPO_ROOT, "services/audit/src/main.ts"),
      env: {
        ARIADNE_NATS_URL: natsUrl,
        ARIADNE_HTTP_HOST: "127.0.0.1",
        ARIADNE_HTTP_PORT: String(port),
        ARIADNE_LOG_LEVEL: "info",
        ARIADNE_KEY_FILE: join(deployment, DEPLOYMENT_FILES.keys, "audit", `${kid}.jwk`),
        ARIADNE_OPERATOR_KEY_FILE: join(deployment, DEPLOYMENT_FILES.operatorPublic),
        ARIADNE_AUDIT_LOG_ID: LOG_ID,
        ARIADNE_AUDIT_CHECKPOINT_INTERVAL_MS: "3600000",
      },
      readyUrl: `http://127.0.0.1:${port}/readyz`,
    },
    logDir,
    60_000,
  );
}
