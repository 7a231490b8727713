import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignerKey } from "@ariadne/contracts";
import { encodeEnvelope, generateKeyPair, type KeyPair, MESSAGE_TYPES, Signer } from "@ariadne/envelope";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runVerifyExport } from "../src/cli/run-verify-export.ts";
import { AuditLog, collectionEvent, encodeAuditEvent, type SignFn, signCheckpoint, writeExport } from "../src/mod.ts";
import { alertRef } from "./support/events.ts";

// The CLI verifies with @ariadne/envelope: exports signed by envelope Signers (real protected
// headers with party and iat) verify; keys and roles the manifest does not vouch for do not.

const LOG_ID = "ariadne-audit/cli-test";

interface Party {
  readonly keys: KeyPair;
  readonly signer: Signer;
  readonly sign: SignFn;
}

async function party(id: string): Promise<Party> {
  const keys = await generateKeyPair();
  const signer = await Signer.fromJwk(id, keys.privateJwk);
  return { keys, signer, sign: (type, payload) => signer.sign(type, payload) };
}

function signerKey(id: string, p: Party, roles: string[]): SignerKey {
  return SignerKey.create({ party: id, kid: p.keys.kid, jwk: JSON.stringify(p.keys.publicJwk), roles });
}

describe("verify-export CLI on envelope-signed exports", () => {
  let dir: string;
  let audit: Party;
  let router: Party;
  const log = new AuditLog();
  const leaves: Uint8Array[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ariadne-audit-cli-env-"));
    audit = await party("audit");
    router = await party("router");
    for (let i = 0; i < 5; i++) {
      const event = collectionEvent(
        { actor: "router", occurredAt: new Date(1_750_000_000_000 + i) },
        { alert: alertRef() },
      );
      const envelope = router.signer.sign(MESSAGE_TYPES.AuditEvent, encodeAuditEvent(event));
      const record = log.prepare(encodeEnvelope(envelope), new Date(1_750_000_000_100 + i));
      log.commit(record);
      leaves.push(record.leaf);
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function run(roles: string[], keyJwk: unknown, checkpointSigner: Party = audit) {
    const checkpoint = signCheckpoint(log.tree, { logId: LOG_ID, issuedAt: new Date() }, checkpointSigner.sign);
    const bytes = writeExport(
      {
        tree: log.tree,
        from: 1,
        to: 5,
        checkpoint: checkpoint.envelopeBytes,
        signerKeys: [signerKey("router", router, roles)],
        exportedAt: new Date(),
        sign: audit.sign,
      },
      leaves.slice(1, 5),
    );
    const file = join(dir, `export-${Math.random()}.ndjson`);
    const keyFile = join(dir, `key-${Math.random()}.jwk`);
    await writeFile(file, bytes);
    await writeFile(keyFile, JSON.stringify(keyJwk));
    const out: string[] = [];
    const code = await runVerifyExport([file, keyFile, "--json"], { out: (t) => out.push(t), err: () => {} });
    return { code, report: code === 2 ? undefined : JSON.parse(out.join("")) };
  }

  it("verifies an export whose every signature was made by @ariadne/envelope", async () => {
    const { code, report } = await run(["router"], audit.keys.publicJwk);
    expect(report.problems).toEqual([]);
    expect(code).toBe(0);
    expect(report).toMatchObject({ ok: true, from: 1, to: 5, entries: 4 });
  });

  it("accepts the audit key without its kid (the thumbprint is computed)", async () => {
    const { kid: _kid, ...withoutKid } = audit.keys.publicJwk;
    expect((await run(["router"], withoutKid)).code).toBe(0);
  });

  it("refuses events whose signer the manifest gives no role that may sign audit events", async () => {
    const { code, report } = await run(["publisher"], audit.keys.publicJwk);
    expect(code).toBe(1);
    expect(report.problems.map((p: { code: string }) => p.code)).toEqual(Array(4).fill("SIGNATURE_INVALID"));
  });

  it("refuses a checkpoint and manifest that the given audit key did not sign", async () => {
    const { code, report } = await run(["router"], router.keys.publicJwk);
    expect(code).toBe(1);
    expect(report.problems.map((p: { code: string; line: number }) => [p.code, p.line])).toEqual(
      expect.arrayContaining([
        ["SIGNATURE_INVALID", 2],
        ["SIGNATURE_INVALID", 3],
      ]),
    );
  });

  it("cannot run with a private key, a kid that is not the thumbprint, or a key of another kind", async () => {
    expect((await run(["router"], audit.keys.privateJwk)).code).toBe(2);
    expect((await run(["router"], { ...audit.keys.publicJwk, kid: router.keys.kid })).code).toBe(2);
    expect((await run(["router"], { kty: "EC", crv: "P-256", x: "AA" })).code).toBe(2);
  });
});
