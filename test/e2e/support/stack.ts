import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChannelEvent } from "@ariadne/agencies";
import type { StandinRecord } from "@ariadne/agency-standin";
import { type AuditQueryClient, createAuditQueryClient } from "@ariadne/audit-service";
import { NcpClient } from "@ariadne/client";
import { Purpose } from "@ariadne/contracts";
import {
  DEPLOYMENT_FILES,
  type Deployment,
  readDeployment,
  readOperatorKey,
  type Signer,
  signerFor,
  Verifier,
  watchRegistry,
} from "@ariadne/envelope";
import { loadMandatesFile, type MandateSet } from "@ariadne/policy";
import { type RunningStack, StackConfig, startStack } from "@ariadne/stack";
import { REPO_ROOT } from "@ariadne/testing";
import { connect, type NatsConnection } from "@nats-io/transport-node";

export const AGENCIES = ["europol", "eurojust", "frontex"] as const;
export type AgencyName = (typeof AGENCIES)[number];

/** Why the tests consult the trail: recorded in every consultation event. */
export const WHY = {
  purposes: [Purpose.PURPOSE_CRIMINAL_ANALYSIS],
  legalBasis: "Directive (EU) 2016/680 Art. 25 (logging), review of the processing by the data protection officer",
} as const;

/** A stand-in agency channel as the tests read it: over its own HTTP API. */
export interface StandinView {
  readonly agency: AgencyName;
  readonly url: string;
  records(): Promise<StandinRecord[]>;
  events(): Promise<ChannelEvent[]>;
}

export interface E2eStack extends AsyncDisposable {
  readonly stack: RunningStack;
  readonly dataDir: string;
  /** Every line the stack reported while starting, restarting and stopping. */
  readonly output: string[];
  /** A plain connection of the test (no party: the local stack's NATS has no accounts). */
  readonly nc: NatsConnection;
  readonly deployment: Deployment;
  /** Over the trust registry the services use (KV), as an NCP or an auditor would. */
  readonly verifier: Verifier;
  readonly mandates: MandateSet;
  signer(party: string): Promise<Signer>;
  /** An NCP's client, signing with that NCP's key of the stack. */
  ncp(party: string): Promise<NcpClient>;
  /** The audit query client of the operator, checking every event's signature against the registry. */
  queries(): Promise<AuditQueryClient>;
  standin(agency: AgencyName): StandinView;
  /** Stops the stack (idempotent) and keeps the data folder until dispose. */
  stop(): Promise<void>;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return (await res.json()) as T;
}

/**
 * Starts the real stack (`npm start`'s startStack) in a temp folder: its own nats-server, keys,
 * streams, registry and every service as a separate process, with logs in <dataDir>/logs.
 */
export async function startE2eStack(
  name: string,
  opts: { logLevel?: StackConfig["logLevel"]; console?: boolean } = {},
): Promise<E2eStack> {
  const dataDir = await mkdtemp(join(tmpdir(), `ariadne-e2e-${name}-`));
  const output: string[] = [];
  const config = StackConfig.parse({
    dataDir,
    consolePort: 0,
    logLevel: opts.logLevel ?? "info",
    console: opts.console ?? true,
  });
  const stack = await startStack(config, {
    step: (text) => output.push(`  · ${text}`),
    done: (text) => output.push(`  ✓ ${text}`),
  }).catch(async (err: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  });
  let nc: NatsConnection | undefined;
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await nc?.close().catch(() => undefined);
      await stack.stop();
    })();
    return stopped;
  };
  try {
    nc = await connect({ servers: stack.natsUrl, name: `e2e-${name}` });
    const deployment = await readDeployment(stack.keysDir);
    const operatorKey = await readOperatorKey(join(stack.keysDir, DEPLOYMENT_FILES.operatorPublic));
    const verifier = new Verifier(await watchRegistry({ nc, operatorKey }));
    const mandates = await loadMandatesFile(join(REPO_ROOT, "deploy/mandates.yaml"));
    const conn = nc;
    const signer = (party: string) => signerFor(deployment, party);
    return {
      stack,
      dataDir,
      output,
      nc: conn,
      deployment,
      verifier,
      mandates,
      signer,
      ncp: async (party) => new NcpClient({ nc: conn, signer: await signer(party), verifier }),
      queries: async () =>
        createAuditQueryClient(conn, await signer("operator"), { why: WHY, verifier, timeoutMs: 15_000 }),
      standin(agency) {
        const health = stack.process(`standin-${agency}`).spec.readyUrl ?? "";
        const url = health.replace(/\/healthz$/, "");
        return {
          agency,
          url,
          records: async () => (await getJson<{ records: StandinRecord[] }>(`${url}/records`)).records,
          async events() {
            const all: ChannelEvent[] = [];
            let after = "0";
            for (;;) {
              const page = await getJson<{ events: ChannelEvent[]; next: string }>(
                `${url}/events?after=${after}&limit=1000`,
              );
              all.push(...page.events);
              if (page.events.length < 1000) return all;
              after = page.next;
            }
          },
        };
      },
      stop,
      async [Symbol.asyncDispose]() {
        await stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stop();
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** Polls until `check` holds; the test's own timeout bounds it (no timing assertion). */
export async function until<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 60_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
