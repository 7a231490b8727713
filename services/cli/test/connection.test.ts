import { mkdir, mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDeployment, layout, parseDeployment } from "@ariadne/deploy";
import { connectionOptions } from "@ariadne/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliContext } from "../src/context.ts";
import { natsSettings } from "../src/options.ts";

const d = parseDeployment({
  name: "ariadne-cli-test",
  cluster: { name: "ariadne-cli-test", nodes: [{ name: "n1", host: "127.0.0.1" }] },
  jetstream: { replicas: 1, maxFileStore: "1GB", maxMemoryStore: "64MB" },
  ncps: ["nl"],
  agencies: ["europol"],
});

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe("how a command connects to NATS", () => {
  let root: string;
  let gen: string;
  const servers = ["nats://10.0.0.1:4222"];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "ariadne-cli-conn-"));
    gen = join(root, "generated");
    await generateDeployment(d, gen);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const none = { credentialsFlag: undefined, credentialsDefault: undefined };

  it("stays anonymous without credentials or ARIADNE_NATS_* identity, as with the local stack", () => {
    expect(natsSettings({ servers, party: "ncp.nl", ...none, env: {} })).toEqual({ servers });
  });

  it("connects as the party of a generated folder: its seed, TLS and inbox prefix", () => {
    const files = layout.party(layout.partyDir(gen, "ncp.nl"));
    const raw = natsSettings({
      servers,
      party: "ncp.nl",
      credentialsFlag: gen,
      credentialsDefault: undefined,
      env: {},
    });
    expect(raw).toEqual({
      servers,
      nkeySeedFile: files.seed("nats"),
      inboxPrefix: "_INBOX_ncp_nl",
      tls: { caFile: files.ca, certFile: files.cert, keyFile: files.key },
    });
  });

  it("reads the ARIADNE_NATS_* environment the services read", () => {
    const env = {
      ARIADNE_NATS_NKEY_SEED_FILE: "/run/secrets/ariadne/nats.nk",
      ARIADNE_NATS_INBOX_PREFIX: "_INBOX_ncp_nl",
      ARIADNE_NATS_TLS_CA: "/run/secrets/ariadne/ca.crt",
      ARIADNE_NATS_TLS_CERT: "/run/secrets/ariadne/tls.crt",
      ARIADNE_NATS_TLS_KEY: "/run/secrets/ariadne/tls.key",
    };
    expect(
      natsSettings({ servers, party: "ncp.nl", credentialsFlag: undefined, credentialsDefault: gen, env }),
    ).toEqual({
      servers,
      nkeySeedFile: env.ARIADNE_NATS_NKEY_SEED_FILE,
      inboxPrefix: env.ARIADNE_NATS_INBOX_PREFIX,
      tls: { caFile: env.ARIADNE_NATS_TLS_CA, certFile: env.ARIADNE_NATS_TLS_CERT, keyFile: env.ARIADNE_NATS_TLS_KEY },
    });
    // --credentials is the command's own choice: it wins over the environment.
    const raw = natsSettings({ servers, party: "ncp.nl", credentialsFlag: gen, credentialsDefault: undefined, env });
    expect(raw["nkeySeedFile"]).toBe(layout.party(layout.partyDir(gen, "ncp.nl")).seed("nats"));
  });

  it("says which file is missing, and refuses credentials without a party", async () => {
    expect(
      codeOf(() =>
        natsSettings({ servers, party: "ncp.de", credentialsFlag: gen, credentialsDefault: undefined, env: {} }),
      ),
    ).toBe("KEY_MISSING");
    expect(
      codeOf(() =>
        natsSettings({ servers, party: undefined, credentialsFlag: gen, credentialsDefault: undefined, env: {} }),
      ),
    ).toBe("USAGE");
    const copy = join(root, "broken");
    await generateDeployment(d, copy);
    await unlink(layout.party(layout.partyDir(copy, "ncp.nl")).seed("nats"));
    expect(
      codeOf(() =>
        natsSettings({ servers, party: "ncp.nl", credentialsFlag: copy, credentialsDefault: undefined, env: {} }),
      ),
    ).toBe("KEY_MISSING");
  });

  it("finds URL, keys and credentials of a secured stack in stack.json; flags and variables win", async () => {
    const dataDir = join(root, "data");
    await mkdir(dataDir, { recursive: true });
    const stackJson = { natsUrl: "nats://127.0.0.1:1", keysDir: join(gen, "keys"), credentialsDir: gen };
    await writeFile(join(dataDir, "stack.json"), JSON.stringify(stackJson));
    const c = new CliContext({ dataDir }, {}, root).with({ as: "ncp.nl" });
    expect(c.keysDir).toBe(join(gen, "keys"));
    const opts = connectionOptions(c.natsConfig(), "x");
    expect(opts).toMatchObject({ servers: ["nats://127.0.0.1:1"], inboxPrefix: "_INBOX_ncp_nl" });
    expect(opts.authenticator).toBeDefined();
    expect(opts.tls).toMatchObject({ caFile: layout.party(layout.partyDir(gen, "ncp.nl")).ca });

    // Without stack.json: --credentials brings its folder's keys; ARIADNE_KEYS_DIR still wins.
    const bare = new CliContext({ dataDir: join(root, "empty"), nats: "nats://h:4222" }, {}, root);
    expect(bare.with({ as: "ncp.nl", credentials: "generated" }).keysDir).toBe(join(gen, "keys"));
    expect(bare.keysDir).toBe(join(root, "empty", "keys"));
    const env = { ARIADNE_KEYS_DIR: "/k", ARIADNE_CREDENTIALS_DIR: gen };
    const fromEnv = new CliContext({ dataDir: join(root, "empty"), nats: "nats://h:4222" }, env, root);
    expect(fromEnv.with({ as: "ncp.nl" }).keysDir).toBe("/k");
    expect(fromEnv.with({ as: "ncp.nl" }).natsConfig().inboxPrefix).toBe("_INBOX_ncp_nl");
    expect(codeOf(() => new CliContext({ dataDir: join(root, "empty") }, {}, root).natsConfig())).toBe(
      "NATS_UNREACHABLE",
    );
  });
});
