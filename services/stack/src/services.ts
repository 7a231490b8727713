import { join } from "node:path";
import { AGENCIES } from "@ariadne/agencies";
import { REPO_ROOT } from "@ariadne/nats-server";
import type { ProcessSpec } from "./supervisor.ts";

export interface ServiceEnvInput {
  /** A party's ARIADNE_NATS_* variables: the URL alone, or its generated credentials too. */
  readonly natsEnv: (party: string) => Record<string, string>;
  readonly host: string;
  readonly dataDir: string;
  readonly keysDir: string;
  readonly logLevel: string;
  readonly mandatesFile: string;
  /** Private key file of a party (its current signing key). */
  readonly keyFile: (party: string) => string;
  readonly operatorKeyFile: string;
  /** A free port for a service's HTTP (health, metrics, or its own API). */
  readonly port: () => Promise<number>;
  readonly consolePort: number;
  /** Start the operator console too. */
  readonly console: boolean;
}

/**
 * A process of the stack and its start stage: every process of a stage starts at once, a
 * stage only once the previous one is ready (the audit log, channels, router, adapters, console).
 */
export interface StackProcessSpec extends ProcessSpec {
  readonly stage: number;
}

/** The parties whose services the stack starts on NATS (stand-ins speak HTTP only). */
export const STACK_PARTIES: readonly string[] = [
  "audit",
  "router",
  ...AGENCIES.map((agency) => `adapter.${agency}`),
  "console",
];

const entry = (service: string) => join(REPO_ROOT, "services", service, "src", "main.ts");

/**
 * Every process of the local stack, in start order: the audit log first (the others fail
 * closed without it), then the stand-in channels, the router, the adapters and the console.
 */
export async function stackServices(i: ServiceEnvInput): Promise<StackProcessSpec[]> {
  const common = (party: string, port: number): Record<string, string> => ({
    ...i.natsEnv(party),
    ARIADNE_HTTP_HOST: i.host,
    ARIADNE_HTTP_PORT: String(port),
    ARIADNE_LOG_LEVEL: i.logLevel,
    ARIADNE_PARTY: party,
    ARIADNE_KEY_FILE: i.keyFile(party),
    ARIADNE_OPERATOR_KEY_FILE: i.operatorKeyFile,
  });
  const specs: StackProcessSpec[] = [];
  const auditPort = await i.port();
  specs.push({
    name: "audit",
    stage: 0,
    entry: entry("audit"),
    env: { ...common("audit", auditPort), ARIADNE_AUDIT_CHECKPOINT_INTERVAL_MS: "5000" },
    readyUrl: `http://${i.host}:${auditPort}/readyz`,
  });
  const channels = new Map<string, string>();
  for (const agency of AGENCIES) {
    const port = await i.port();
    channels.set(agency, `http://${i.host}:${port}`);
    specs.push({
      name: `standin-${agency}`,
      stage: 1,
      entry: entry("agency-standin"),
      env: {
        STANDIN_AGENCY: agency,
        STANDIN_HOST: i.host,
        STANDIN_PORT: String(port),
        STANDIN_DATA_DIR: join(i.dataDir, "standins", agency),
        LOG_LEVEL: i.logLevel,
      },
      readyUrl: `http://${i.host}:${port}/healthz`,
    });
  }
  const routerPort = await i.port();
  specs.push({
    name: "router",
    stage: 2,
    entry: entry("router"),
    env: { ...common("router", routerPort), ARIADNE_MANDATES_FILE: i.mandatesFile },
    readyUrl: `http://${i.host}:${routerPort}/readyz`,
  });
  for (const agency of AGENCIES) {
    const port = await i.port();
    const party = `adapter.${agency}`;
    specs.push({
      name: party,
      stage: 3,
      entry: entry("adapter"),
      env: { ...common(party, port), ARIADNE_AGENCY: agency, ARIADNE_CHANNEL_URL: channels.get(agency) ?? "" },
      readyUrl: `http://${i.host}:${port}/readyz`,
    });
  }
  if (i.console) {
    specs.push({
      name: "console",
      stage: 4,
      entry: entry("console"),
      env: { ...common("console", i.consolePort) },
      readyUrl: `http://${i.host}:${i.consolePort}/readyz`,
    });
  }
  return specs;
}
