import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { findNatsServer } from "@ariadne/nats-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CONTAINER,
  createCa,
  type GeneratedDeployment,
  generateDeployment,
  issueCert,
  layout,
  subjectAltNames,
} from "../src/mod.ts";
import { testDeployment } from "./support/deployment.ts";

const run = promisify(execFile);
const cluster = testDeployment({
  cluster: {
    name: "ariadne",
    nodes: [1, 2, 3].map((i) => ({ name: `nats-${i}`, host: `nats-${i}` })),
    dnsNames: ["nats", "nats.ariadne.svc.cluster.local"],
  },
  jetstream: { replicas: 3 },
});

async function openssl(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run("openssl", args);
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, out: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

describe("generateDeployment", () => {
  let out: string;
  let gen: GeneratedDeployment;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "ariadne-generate-"));
    gen = await generateDeployment(cluster, out);
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it("writes one folder per node and per party, secrets readable by their owner only", async () => {
    for (const n of cluster.cluster.nodes) {
      const files = layout.node(layout.nodeDir(out, n.name));
      expect((await stat(files.key)).mode & 0o777).toBe(0o600);
      expect((await stat(files.cert)).mode & 0o777).toBe(0o644);
      expect(await readFile(files.config, "utf8")).toContain(`"server_name": "${n.name}"`);
    }
    const router = layout.party(layout.partyDir(out, "router"));
    expect((await stat(router.seed("nats"))).mode & 0o777).toBe(0o600);
    expect((await readFile(router.seed("nats"), "utf8")).startsWith("SU")).toBe(true);
    const operator = layout.party(layout.partyDir(out, "operator"));
    for (const c of ["nats", "audit", "system"]) expect((await stat(operator.seed(c))).isFile()).toBe(true);
    expect((await stat(layout.caKey(out))).mode & 0o777).toBe(0o600);
  });

  it("gives each party the environment libs/runtime reads, with container paths", async () => {
    const env = await readFile(layout.party(layout.partyDir(out, "ncp.de")).env, "utf8");
    expect(env.split("\n").filter(Boolean).sort()).toEqual(
      [
        "ARIADNE_PARTY=ncp.de",
        "ARIADNE_NATS_URL=nats://nats-1:4222,nats://nats-2:4222,nats://nats-3:4222",
        `ARIADNE_NATS_NKEY_SEED_FILE=${CONTAINER.partyDir}/nats.nk`,
        "ARIADNE_NATS_INBOX_PREFIX=_INBOX_ncp_de",
        `ARIADNE_NATS_TLS_CA=${CONTAINER.partyDir}/ca.crt`,
        `ARIADNE_NATS_TLS_CERT=${CONTAINER.partyDir}/tls.crt`,
        `ARIADNE_NATS_TLS_KEY=${CONTAINER.partyDir}/tls.key`,
      ].sort(),
    );
  });

  it("writes node configs that nats-server 2.10 accepts (-t), routes to the other nodes over TLS", async () => {
    const bin = findNatsServer();
    for (const n of cluster.cluster.nodes) {
      const dir = layout.nodeDir(out, n.name);
      const text = await readFile(layout.node(dir).config, "utf8");
      expect(text).toContain(`"store_dir": "${CONTAINER.storeDir}"`);
      expect(text).toContain('"sync_interval": "always"');
      for (const other of cluster.cluster.nodes.filter((x) => x.name !== n.name)) {
        expect(text).toContain(`"nats://${other.host}:${CONTAINER.clusterPort}"`);
      }
      // The same text with the container mount points mapped onto the generated folder.
      const local = text.replaceAll(CONTAINER.natsDir, dir).replaceAll(CONTAINER.storeDir, join(out, "store", n.name));
      const file = join(out, `${n.name}.check.conf`);
      await writeFile(file, local);
      const { stdout, stderr } = await run(bin.path, ["-t", "-c", file]);
      expect(`${stdout}${stderr}`).toContain("is valid");
    }
  });

  it("issues certificates that openssl verifies against the CA, with the node names as SANs", async () => {
    const ca = layout.caCert(out);
    const node = layout.node(layout.nodeDir(out, "nats-2"));
    expect((await openssl("verify", "-CAfile", ca, "-purpose", "sslserver", node.cert)).code).toBe(0);
    expect((await openssl("verify", "-CAfile", ca, "-purpose", "sslclient", node.cert)).code).toBe(0);
    const client = layout.party(layout.partyDir(out, "adapter.europol"));
    expect((await openssl("verify", "-CAfile", ca, "-purpose", "sslclient", client.cert)).code).toBe(0);
    // A client certificate is not a server certificate.
    expect((await openssl("verify", "-CAfile", ca, "-purpose", "sslserver", client.cert)).code).not.toBe(0);
    const sans = subjectAltNames(await readFile(node.cert, "utf8"));
    expect(sans.dns).toEqual(expect.arrayContaining(["nats-2", "localhost", "nats", "nats.ariadne.svc.cluster.local"]));
    expect(sans.ip).toContain("127.0.0.1");
  });

  it("a certificate from another CA does not verify", async () => {
    const other = await createCa("other", { validityDays: 1 });
    const leaf = await issueCert(
      other,
      { commonName: "x", dnsNames: ["x"], ipAddresses: [], usage: "server" },
      { validityDays: 1 },
    );
    const file = join(out, "foreign.crt");
    await writeFile(file, leaf.cert);
    expect((await openssl("verify", "-CAfile", layout.caCert(out), file)).code).not.toBe(0);
  });

  it("regenerating keeps every key and certificate, and a new NCP only adds its own", async () => {
    const before = await readFile(layout.party(layout.partyDir(out, "router")).seed("nats"), "utf8");
    const nodeBefore = await readFile(layout.node(layout.nodeDir(out, "nats-1")).cert, "utf8");
    const more = { ...cluster, ncps: [...cluster.ncps, "pl"] };
    const again = await generateDeployment(more, out);
    expect(await readFile(layout.party(layout.partyDir(out, "router")).seed("nats"), "utf8")).toBe(before);
    expect(await readFile(layout.node(layout.nodeDir(out, "nats-1")).cert, "utf8")).toBe(nodeBefore);
    expect(again.secrets.ca.cert).toBe(gen.secrets.ca.cert);
    expect(again.secrets.users.size).toBe(gen.secrets.users.size + 1);
    const config = await readFile(layout.node(layout.nodeDir(out, "nats-1")).config, "utf8");
    expect(config).toContain('"ariadne.intake.ncp.pl"');
  });
});
