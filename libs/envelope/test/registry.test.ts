import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CompactSign, importJWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addKey,
  addParty,
  createDeployment,
  type Deployment,
  type EnvelopeErrorCode,
  generateKeyPair,
  loadRegistry,
  MESSAGE_TYPES,
  type PartySpec,
  REGISTRY_TYP,
  readDeployment,
  readOperatorKey,
  readPrivateJwk,
  revokeKey,
  rotateKey,
  Signer,
  signerFor,
  signRegistry,
  TrustStore,
  Verifier,
  writeDeployment,
} from "../src/mod.ts";

const NOW = new Date("2026-03-01T10:00:00Z");
const PARTIES: PartySpec[] = [
  { id: "ncp.de", roles: ["publisher", "recipient"], name: "NCP Germany" },
  { id: "router", roles: ["router"] },
  { id: "operator", roles: ["operator"] },
];

let d: Deployment;
let dir: string;

beforeAll(async () => {
  d = await createDeployment(PARTIES, { now: NOW });
  dir = await mkdtemp(join(tmpdir(), "ariadne-keys-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function codeOf(p: Promise<unknown>): Promise<EnvelopeErrorCode | "none"> {
  try {
    await p;
    return "none";
  } catch (err) {
    return (err as { code?: EnvelopeErrorCode }).code ?? "none";
  }
}

async function signRaw(payload: unknown, typ = REGISTRY_TYP, operator = d.operator): Promise<string> {
  const key = await importJWK({ ...operator.privateJwk }, "EdDSA");
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: "EdDSA", typ, kid: operator.kid })
    .sign(key);
}

describe("a new deployment", () => {
  it("has an operator key, one key per party and a signed registry version 1", async () => {
    expect(d.document.version).toBe(1);
    expect(d.document.parties.map((p) => p.id)).toEqual(["ncp.de", "router", "operator"]);
    const registry = await loadRegistry(d.registryJws, d.operator.publicJwk);
    const kid = d.privateKeys.get("router")?.[0]?.kid ?? "";
    expect(registry.key(kid)?.party).toBe("router");
    expect(registry.key(kid)?.notBefore).toBe(NOW.getTime());
    expect(registry.party("ncp.de")?.name).toBe("NCP Germany");
    expect(registry.signingKid("router", NOW)).toBe(kid);
    expect(JSON.stringify(d.document)).not.toContain('"d"');
  });

  it("writes key files 0600 and reads back the same deployment", async () => {
    await writeDeployment(dir, d);
    const kid = d.privateKeys.get("ncp.de")?.[0]?.kid ?? "";
    const keyFile = join(dir, "keys", "ncp.de", `${kid}.jwk`);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, "operator.jwk"))).mode & 0o777).toBe(0o600);
    const back = await readDeployment(dir);
    expect(back.document).toEqual(d.document);
    expect(back.operator.publicJwk).toEqual(d.operator.publicJwk);
    expect([...back.privateKeys]).toEqual([...d.privateKeys]);
    expect(await readOperatorKey(join(dir, "operator.pub.jwk"))).toEqual(d.operator.publicJwk);
    expect((await readPrivateJwk(keyFile)).kid).toBe(kid);
  });

  it("KEY_INVALID: a key file that is not the key its name and kid claim", async () => {
    const other = await generateKeyPair();
    const kid = d.privateKeys.get("router")?.[0]?.kid ?? "";
    const path = join(dir, "keys", "router", `${kid}.jwk`);
    const original = await readFile(path, "utf8");
    await writeFile(path, JSON.stringify({ ...other.privateJwk, kid }));
    expect(await codeOf(readPrivateJwk(path))).toBe("KEY_INVALID");
    await writeFile(path, JSON.stringify({ ...JSON.parse(original), d: other.privateJwk.d }));
    expect(await codeOf(readPrivateJwk(path))).toBe("KEY_INVALID");
    await writeFile(path, JSON.stringify(other.privateJwk));
    expect(await codeOf(readDeployment(dir))).toBe("KEY_INVALID");
    await writeFile(path, "not json");
    expect(await codeOf(Signer.fromJwk("router", JSON.parse("{}")))).toBe("KEY_INVALID");
    expect(await codeOf(readPrivateJwk(path))).toBe("KEY_INVALID");
    await writeFile(path, original);
    expect(await codeOf(readDeployment(dir))).toBe("none");
  });
});

describe("the registry signature and document", () => {
  it("SIGNATURE_INVALID: signed by another operator, or with another typ", async () => {
    const stranger = await createDeployment(PARTIES, { now: NOW });
    expect(await codeOf(loadRegistry(stranger.registryJws, d.operator.publicJwk))).toBe("SIGNATURE_INVALID");
    expect(await codeOf(loadRegistry(await signRaw(d.document, "JWT"), d.operator.publicJwk))).toBe(
      "SIGNATURE_INVALID",
    );
    const [h, p, s] = d.registryJws.split(".");
    const tampered = Buffer.from(p ?? "", "base64url")
      .toString()
      .replace('"version":1', '"version":9');
    expect(
      await codeOf(loadRegistry(`${h}.${Buffer.from(tampered).toString("base64url")}.${s}`, d.operator.publicJwk)),
    ).toBe("SIGNATURE_INVALID");
  });

  it.each([
    [
      "a private key member",
      (doc: Deployment["document"]) => ({
        ...doc,
        parties: doc.parties.map((p) => ({ ...p, keys: p.keys.map((k) => ({ ...k, d: "secret" })) })),
      }),
    ],
    [
      "a kid that is not the thumbprint",
      (doc: Deployment["document"]) => ({
        ...doc,
        parties: doc.parties.map((p) => ({ ...p, keys: p.keys.map((k) => ({ ...k, kid: "A".repeat(43) })) })),
      }),
    ],
    ["a party listed twice", (doc: Deployment["document"]) => ({ ...doc, parties: [...doc.parties, doc.parties[0]] })],
    [
      "an unknown role",
      (doc: Deployment["document"]) => ({
        ...doc,
        parties: doc.parties.map((p) => ({ ...p, roles: ["admin"] })),
      }),
    ],
    [
      "a bad party id",
      (doc: Deployment["document"]) => ({
        ...doc,
        parties: doc.parties.map((p) => ({ ...p, id: "NCP DE" })),
      }),
    ],
    [
      "a key ending before it starts",
      (doc: Deployment["document"]) => ({
        ...doc,
        parties: doc.parties.map((p) => ({ ...p, keys: p.keys.map((k) => ({ ...k, notAfter: k.notBefore })) })),
      }),
    ],
    ["no version", (doc: Deployment["document"]) => ({ ...doc, version: undefined })],
  ])("REGISTRY_INVALID: %s", async (_, mutate) => {
    const jws = await signRaw(mutate(d.document));
    expect(await codeOf(loadRegistry(jws, d.operator.publicJwk))).toBe("REGISTRY_INVALID");
    expect(await codeOf(signRegistry(mutate(d.document) as Deployment["document"], d.operator.privateJwk))).toBe(
      "REGISTRY_INVALID",
    );
  });

  it("REGISTRY_INVALID: a payload that is not JSON", async () => {
    const key = await importJWK({ ...d.operator.privateJwk }, "EdDSA");
    const jws = await new CompactSign(new TextEncoder().encode("{"))
      .setProtectedHeader({ alg: "EdDSA", typ: REGISTRY_TYP, kid: d.operator.kid })
      .sign(key);
    expect(await codeOf(loadRegistry(jws, d.operator.publicJwk))).toBe("REGISTRY_INVALID");
  });
});

describe("the store moves forward only", () => {
  it("takes a newer version, keeps the same one, refuses an older one (REGISTRY_STALE)", async () => {
    const v1 = await loadRegistry(d.registryJws, d.operator.publicJwk);
    const store = new TrustStore(v1);
    const v2 = (await addKey(d, "router", { now: NOW })).deployment;
    const r2 = await loadRegistry(v2.registryJws, d.operator.publicJwk, v1);
    expect(store.replace(await loadRegistry(d.registryJws, d.operator.publicJwk))).toBe("unchanged");
    expect(store.replace(r2)).toBe("updated");
    expect(store.current().version).toBe(2);
    expect(() => store.replace(v1)).toThrow(expect.objectContaining({ code: "REGISTRY_STALE" }));
    // Same version, other content: an operator mistake or a forgery attempt; not taken either.
    const other = (await addKey(d, "ncp.de", { now: NOW })).deployment;
    await expect(
      loadRegistry(other.registryJws, d.operator.publicJwk).then((r) => store.replace(r)),
    ).rejects.toMatchObject({ code: "REGISTRY_STALE" });
    expect(store.current().version).toBe(2);
  });
});

describe("tooling: add, rotate, revoke", () => {
  it("re-signs with version + 1 each time", async () => {
    const a = await addParty(d, { id: "ncp.nl", roles: ["publisher", "recipient"] }, { now: NOW });
    const b = (await addKey(a, "ncp.nl", { now: NOW })).deployment;
    const c = (await rotateKey(b, "ncp.nl", { now: NOW })).deployment;
    const e = await revokeKey(c, c.privateKeys.get("ncp.nl")?.[0]?.kid ?? "", { now: NOW });
    expect([a, b, c, e].map((x) => x.document.version)).toEqual([2, 3, 4, 5]);
    const last = await loadRegistry(e.registryJws, d.operator.publicJwk);
    expect(last.version).toBe(5);
  });

  it("UNKNOWN_PARTY, UNKNOWN_KEY and a second party of one id are refused", async () => {
    expect(await codeOf(addKey(d, "ncp.xx"))).toBe("UNKNOWN_PARTY");
    expect(await codeOf(rotateKey(d, "ncp.xx"))).toBe("UNKNOWN_PARTY");
    expect(await codeOf(signerFor(d, "ncp.xx"))).toBe("UNKNOWN_PARTY");
    expect(await codeOf(revokeKey(d, "A".repeat(43)))).toBe("UNKNOWN_KEY");
    expect(await codeOf(addParty(d, { id: "router", roles: ["router"] }))).toBe("REGISTRY_INVALID");
  });

  it("registers a key the party made itself, and a signer uses it once it holds the private half", async () => {
    const own = await generateKeyPair();
    const { deployment, kid } = await addKey(d, "ncp.de", { now: NOW, publicJwk: own.publicJwk });
    expect(kid).toBe(own.kid);
    expect(deployment.privateKeys.get("ncp.de")?.some((k) => k.kid === own.kid)).toBe(false);
    const registry = await loadRegistry(deployment.registryJws, d.operator.publicJwk);
    const verifier = new Verifier(new TrustStore(registry), { clock: () => NOW.getTime() });
    const signer = await Signer.fromJwk("ncp.de", own.privateJwk);
    const env = signer.sign(MESSAGE_TYPES.AlertManifest, new Uint8Array([1]), { now: NOW });
    expect(verifier.verifyEnvelope(env, { type: MESSAGE_TYPES.AlertManifest }).kid).toBe(own.kid);
    expect(await codeOf(addKey(d, "ncp.de", { publicJwk: { ...own.publicJwk, kid: "A".repeat(43) } }))).toBe(
      "KEY_INVALID",
    );
  });

  it("rotation ends the old keys at now + overlap; the signer picks the newest usable key", async () => {
    const oldKid = d.privateKeys.get("router")?.[0]?.kid ?? "";
    const { deployment, kid } = await rotateKey(d, "router", { now: NOW, overlapMs: 60_000 });
    const registry = await loadRegistry(deployment.registryJws, d.operator.publicJwk);
    expect(registry.key(oldKid)?.notAfter).toBe(NOW.getTime() + 60_000);
    expect(registry.signingKid("router", NOW)).toBe(kid);
    expect((await signerFor(deployment, "router", { now: NOW })).kid).toBe(kid);
    const revoked = await revokeKey(deployment, kid, { now: NOW });
    expect((await signerFor(revoked, "router", { now: NOW })).kid).toBe(oldKid);
    const bothGone = await revokeKey(revoked, oldKid, { now: NOW });
    expect(await codeOf(signerFor(bothGone, "router", { now: NOW }))).toBe("UNKNOWN_KEY");
  });

  it("a second rotation within the same second still ends the key the first one made", async () => {
    const first = await rotateKey(d, "router", { now: NOW });
    const second = await rotateKey(first.deployment, "router", { now: NOW });
    const registry = await loadRegistry(second.deployment.registryJws, d.operator.publicJwk);
    expect(registry.key(first.kid)?.notAfter).toBe(NOW.getTime() + 1000);
    expect(registry.signingKid("router", new Date(NOW.getTime() + 1000))).toBe(second.kid);
  });
});
