import { createPrivateKey, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { CaseAlert } from "@ariadne/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import {
  importPrivateKey,
  openAlert,
  openRoutedCopy,
  SIGNER_ROLES,
  TrustRegistry,
  TrustStore,
  Verifier,
} from "../src/mod.ts";
import { RFC8032, rfcJwk, SIGNED_AT, workedExample } from "./support/worked-example.ts";

const doc = readFileSync(new URL("../../../docs/envelope-format.md", import.meta.url), "utf8");
let w: Awaited<ReturnType<typeof workedExample>>;
beforeAll(async () => {
  w = await workedExample();
});

describe("RFC 8032 test vectors (the worked example's keys)", () => {
  it.each([0, 1] as const)("TEST %i: our JWK import signs as the RFC says", async (i) => {
    const { key } = await importPrivateKey(await rfcJwk(i));
    const v = RFC8032[i];
    expect(sign(null, Buffer.from(v.message, "hex"), key).toString("hex")).toBe(v.signature);
    const viaNode = createPrivateKey({ key: { ...(await rfcJwk(i)) }, format: "jwk" });
    expect(sign(null, Buffer.from(v.message, "hex"), viaNode).toString("hex")).toBe(v.signature);
  });
});

describe("docs/envelope-format.md §2.3", () => {
  it("lists every message type with exactly the roles the verifier lets sign it", () => {
    const rows = [...doc.matchAll(/^\| `(ariadne\.v1\.\w+)`\s*\| ([a-z, ]+?)\s*\|/gm)];
    const table = Object.fromEntries(rows.map((m) => [m[1], (m[2] ?? "").split(", ")]));
    expect(table).toEqual(SIGNER_ROLES);
  });
});

describe("docs/envelope-format.md worked example", () => {
  it("shows the bytes the code produces", () => {
    const shown = [
      w.ncpJwk.x,
      w.ncpJwk.kid,
      w.routerJwk.x,
      w.routerJwk.kid,
      w.alertBytes,
      ...w.disclosures.flatMap((d) => [d.path, d.valueHex, d.bytesHex, d.digestHex]),
      w.manifestHex,
      w.manifestDigestHex,
      w.header,
      w.sealed.signature,
      w.signatureHex,
      w.envelopeHex,
      w.attestationHex,
      w.attestationSignature,
      w.attestation.copyId,
    ];
    for (const value of shown) expect(doc, value.slice(0, 40)).toContain(value);
  });

  it("verifies and opens as the document says", async () => {
    const store = new TrustStore(await TrustRegistry.fromDocument(w.registry));
    const atSigning = new Verifier(store, { clock: () => SIGNED_AT.getTime() });
    const opened = openAlert(w.sealed, atSigning, { party: "ncp.de" });
    expect(opened.paths).toEqual(["header.priority", "crime_area", "persons[P1].role"]);
    const atRouting = new Verifier(store, { clock: () => Date.parse("2025-09-15T08:44:30Z") });
    const copy = openRoutedCopy(w.routed, atRouting, { recipient: "europol" });
    expect(copy.withheldCount).toBe(1);
    const rebuilt = Buffer.from(CaseAlert.encode(copy.alert).finish()).toString("hex");
    expect(doc).toContain(rebuilt);
  });
});
