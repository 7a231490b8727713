import { Receipt } from "@ariadne/contracts";
import { createTestKeys, type TestKeys } from "@ariadne/testing";
import { FlattenedSign, flattenedVerify, importJWK } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { MESSAGE_TYPES, PARTY_HEADER, parseProtectedHeader, type Signer, signingInput } from "../src/mod.ts";

let keys: TestKeys;
let router: Signer;
const payload = Receipt.encode(Receipt.fromPartial({ receiptId: "r-1", alertId: "a-1", version: 1 })).finish();
const now = new Date("2026-03-01T10:00:00.500Z");

beforeAll(async () => {
  keys = await createTestKeys({ now: new Date("2026-01-01T00:00:00Z") });
  router = await keys.signer("router");
});

describe("JWS with detached unencoded payload (RFC 7797)", () => {
  it("writes the protected header Ariadne specifies", () => {
    const [encoded = ""] = router.signDetached(MESSAGE_TYPES.Receipt, payload, { now }).split(".");
    expect(JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"))).toEqual({
      alg: "EdDSA",
      b64: false,
      crit: ["b64"],
      typ: "ariadne.v1.Receipt",
      kid: router.kid,
      [PARTY_HEADER]: "router",
      iat: Math.floor(now.getTime() / 1000),
    });
    expect(parseProtectedHeader(encoded).iat).toBe(1772359200);
  });

  it("gives byte for byte the signature jose's FlattenedSign gives", async () => {
    const jws = router.signDetached(MESSAGE_TYPES.Receipt, payload, { now });
    const [encodedHeader = "", , ours = ""] = jws.split(".");
    const header = JSON.parse(Buffer.from(encodedHeader, "base64url").toString("utf8"));
    const jwk = keys.deployment.privateKeys.get("router")?.[0];
    const key = await importJWK({ ...jwk }, "EdDSA");
    const theirs = await new FlattenedSign(payload).setProtectedHeader(header).sign(key);
    expect(theirs.protected).toBe(encodedHeader);
    expect(theirs.signature).toBe(ours);
  });

  it("is accepted by jose's flattenedVerify with b64 as a recognised critical parameter", async () => {
    const jws = router.signDetached(MESSAGE_TYPES.Receipt, payload, { now });
    const [protectedHeader = "", , signature = ""] = jws.split(".");
    const pub = keys.registry.key(router.kid)?.jwk;
    const key = await importJWK({ ...pub }, "EdDSA");
    const result = await flattenedVerify({ protected: protectedHeader, payload, signature }, key, {
      algorithms: ["EdDSA"],
    });
    expect(Buffer.from(result.payload).equals(Buffer.from(payload))).toBe(true);
    await expect(
      flattenedVerify({ protected: protectedHeader, payload: Buffer.from("other"), signature }, key, {
        algorithms: ["EdDSA"],
      }),
    ).rejects.toThrow();
  });

  it("signs the ASCII header, a dot, then the payload bytes exactly", () => {
    const input = signingInput("eyJh", new Uint8Array([0, 255, 46]));
    expect([...input]).toEqual([0x65, 0x79, 0x4a, 0x68, 0x2e, 0, 255, 46]);
  });
});
