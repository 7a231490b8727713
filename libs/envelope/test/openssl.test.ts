import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Receipt } from "@ariadne/contracts";
import { createTestKeys, type TestKeys } from "@ariadne/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MESSAGE_TYPES, publicKeyPem, sealAlert, signingInput } from "../src/mod.ts";
import { example } from "./support/alerts.ts";

const run = promisify(execFile);

/**
 * An independent verifier: OpenSSL's Ed25519 (RFC 8032) over the RFC 7797 signing input we
 * export. If our bytes and OpenSSL disagree, one of us is wrong.
 */
async function opensslVerifies(dir: string, pem: string, input: Uint8Array, signature: Uint8Array): Promise<boolean> {
  await writeFile(join(dir, "pub.pem"), pem);
  await writeFile(join(dir, "input.bin"), input);
  await writeFile(join(dir, "sig.bin"), signature);
  const args = [
    "pkeyutl",
    "-verify",
    "-pubin",
    "-inkey",
    "pub.pem",
    "-rawin",
    "-in",
    "input.bin",
    "-sigfile",
    "sig.bin",
  ];
  try {
    const { stdout } = await run("openssl", args, { cwd: dir });
    return stdout.includes("Signature Verified Successfully");
  } catch {
    return false; // openssl exits 1 on "Signature Verification Failure"
  }
}

let keys: TestKeys;
let dir: string;
beforeAll(async () => {
  keys = await createTestKeys();
  dir = await mkdtemp(join(tmpdir(), "ariadne-openssl-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function exportSignature(jws: string, payload: Uint8Array): { input: Buffer; signature: Buffer } {
  const [header = "", , sig = ""] = jws.split(".");
  return { input: signingInput(header, payload), signature: Buffer.from(sig, "base64url") };
}

describe("openssl pkeyutl -verify -rawin", () => {
  it("verifies a receipt signature and a sealed alert's manifest signature", async () => {
    const router = await keys.signer("router");
    const pem = await publicKeyPem(keys.registry.key(router.kid)?.jwk ?? keys.operatorKey);
    const payload = Receipt.encode(Receipt.fromPartial({ receiptId: "r-1", alertId: "a", version: 1 })).finish();
    const r = exportSignature(router.signDetached(MESSAGE_TYPES.Receipt, payload), payload);
    expect(await opensslVerifies(dir, pem, r.input, r.signature)).toBe(true);

    const ncp = await keys.signer("ncp.de");
    const sealed = sealAlert(example("minor-sexual-exploitation-online.yaml"), ncp);
    const m = exportSignature(sealed.signature, sealed.payload);
    const ncpPem = await publicKeyPem(keys.registry.key(ncp.kid)?.jwk ?? keys.operatorKey);
    expect(await opensslVerifies(dir, ncpPem, m.input, m.signature)).toBe(true);
    expect(await opensslVerifies(dir, pem, m.input, m.signature)).toBe(false); // the router's key
  });

  it("fails when any one byte of the input or the signature is flipped", async () => {
    const router = await keys.signer("router");
    const pem = await publicKeyPem(keys.registry.key(router.kid)?.jwk ?? keys.operatorKey);
    const payload = Receipt.encode(Receipt.fromPartial({ receiptId: "r-2", alertId: "b", version: 2 })).finish();
    const { input, signature } = exportSignature(router.signDetached(MESSAGE_TYPES.Receipt, payload), payload);
    const total = input.length + signature.length;
    // Every payload byte, both ends of header and signature, and random positions anywhere
    // (each openssl run costs a process start, so not all 200-odd positions).
    const positions = new Set<number>([0, input.length - 1, input.length, total - 1]);
    for (let i = input.length - payload.length; i < input.length; i++) positions.add(i);
    for (const p of fc.sample(fc.nat(total - 1), { numRuns: 16 })) positions.add(p);
    for (const pos of positions) {
      const inp = Buffer.from(input);
      const sig = Buffer.from(signature);
      const bit = 1 << (pos % 8);
      if (pos < inp.length) inp[pos] = (inp[pos] ?? 0) ^ bit;
      else sig[pos - inp.length] = (sig[pos - inp.length] ?? 0) ^ bit;
      expect(await opensslVerifies(dir, pem, inp, sig), `flipped byte ${pos}`).toBe(false);
    }
  });
});
