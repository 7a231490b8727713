import { mkdtemp, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AGENCIES } from "@ariadne/agencies";
import {
  type Deployment,
  type DeploymentInput,
  generateDeployment,
  layout,
  parseDeployment,
  partiesOf,
  partyEnv,
} from "@ariadne/deploy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploymentCredentials } from "../src/credentials.ts";
import { STACK_PARTIES, stackServices } from "../src/services.ts";

function deployment(overrides: Partial<DeploymentInput> = {}): Deployment {
  return parseDeployment({
    name: "ariadne-stack-test",
    cluster: { name: "ariadne-stack-test", nodes: [{ name: "n1", host: "127.0.0.1" }] },
    jetstream: { replicas: 1, maxFileStore: "1GB", maxMemoryStore: "64MB" },
    ncps: ["de", "nl"],
    agencies: [...AGENCIES],
    officers: ["europol.dupont"],
    ...overrides,
  });
}

const SERVERS = ["nats://127.0.0.1:14222", "nats://127.0.0.1:14223"];

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe("the stack's NATS identities from a generated folder", () => {
  const d = deployment();
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ariadne-stack-creds-"));
    await generateDeployment(d, dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("gives each service its party's nats.env, with the folder's paths and the stack's servers", () => {
    const creds = deploymentCredentials(d, dir, SERVERS, STACK_PARTIES);
    for (const id of STACK_PARTIES) {
      const party = partiesOf(d).find((p) => p.id === id);
      if (!party) throw new Error(`no ${id}`);
      // What compose and Kubernetes mount, re-rooted from the container path to the folder.
      const expected = { ...partyEnv(d, party, layout.partyDir(dir, id)), ARIADNE_NATS_URL: SERVERS.join(",") };
      expect(creds.env(id)).toEqual(expected);
    }
    expect(creds.env("adapter.europol")).toMatchObject({
      ARIADNE_NATS_NKEY_SEED_FILE: join(dir, "parties/adapter.europol/nats.nk"),
      ARIADNE_NATS_INBOX_PREFIX: "_INBOX_adapter_europol",
      ARIADNE_NATS_TLS_CA: join(dir, "parties/adapter.europol/ca.crt"),
      ARIADNE_NATS_TLS_CERT: join(dir, "parties/adapter.europol/tls.crt"),
      ARIADNE_NATS_TLS_KEY: join(dir, "parties/adapter.europol/tls.key"),
    });
    // The operator provisions in both accounts.
    expect(creds.env("operator", "audit")["ARIADNE_NATS_NKEY_SEED_FILE"]).toBe(join(dir, "parties/operator/audit.nk"));
  });

  it("hands those variables to every NATS service and none to the stand-ins", async () => {
    const creds = deploymentCredentials(d, dir, SERVERS, STACK_PARTIES);
    let port = 20_000;
    const specs = await stackServices({
      natsEnv: (party) => creds.env(party),
      host: "127.0.0.1",
      dataDir: dir,
      keysDir: join(dir, "keys"),
      logLevel: "warn",
      mandatesFile: "deploy/mandates.yaml",
      keyFile: (party) => `${party}.jwk`,
      operatorKeyFile: "operator.pub.jwk",
      port: async () => port++,
      consolePort: 0,
      console: true,
    });
    for (const spec of specs) {
      if (spec.name.startsWith("standin-")) {
        expect(Object.keys(spec.env).some((k) => k.startsWith("ARIADNE_NATS"))).toBe(false);
        continue;
      }
      const party = spec.env["ARIADNE_PARTY"] ?? "";
      expect(spec.env).toMatchObject(creds.env(party));
      expect(spec.env["ARIADNE_KEY_FILE"]).toBe(`${party}.jwk`);
    }
    expect(specs.filter((s) => s.env["ARIADNE_NATS_NKEY_SEED_FILE"]).map((s) => s.env["ARIADNE_PARTY"])).toEqual(
      STACK_PARTIES,
    );
  });

  it("names the missing file with a stable code", async () => {
    const scratch = await mkdtemp(join(tmpdir(), "ariadne-stack-creds-"));
    try {
      await generateDeployment(d, scratch);
      await unlink(layout.party(layout.partyDir(scratch, "adapter.frontex")).key);
      expect(codeOf(() => deploymentCredentials(d, scratch, SERVERS, STACK_PARTIES))).toBe("CREDENTIALS_MISSING");
      await generateDeployment(d, scratch);
      await unlink(layout.party(layout.partyDir(scratch, "operator")).seed("audit"));
      expect(codeOf(() => deploymentCredentials(d, scratch, SERVERS, STACK_PARTIES))).toBe("CREDENTIALS_MISSING");
      await unlink(layout.manifest(scratch));
      expect(codeOf(() => deploymentCredentials(d, scratch, SERVERS, STACK_PARTIES))).toBe("CREDENTIALS_MISSING");
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    expect(codeOf(() => deploymentCredentials(d, join(dir, "nowhere"), SERVERS, STACK_PARTIES))).toBe(
      "CREDENTIALS_MISSING",
    );
  });

  it("refuses a folder of another deployment, or a deployment without a party the stack runs", () => {
    expect(codeOf(() => deploymentCredentials(deployment({ name: "elsewhere" }), dir, SERVERS, STACK_PARTIES))).toBe(
      "DEPLOYMENT_MISMATCH",
    );
    const noFrontex = deployment({ agencies: ["europol", "eurojust"] });
    expect(codeOf(() => deploymentCredentials(noFrontex, dir, SERVERS, STACK_PARTIES))).toBe("DEPLOYMENT_MISMATCH");
  });
});
