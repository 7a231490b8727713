import { HandlingCode, Purpose, RoutingAttestation } from "@ariadne/contracts";
import { createTestKeys, type TestKeys } from "@ariadne/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { compareBytes, sha256 } from "../src/bytes.ts";
import {
  type AttestationFields,
  attest,
  type Envelope,
  type EnvelopeErrorCode,
  encodeEnvelope,
  MESSAGE_TYPES,
  minimise,
  openRoutedCopy,
  type Signer,
  sealAlert,
  type Verifier,
} from "../src/mod.ts";
import { example } from "./support/alerts.ts";

let keys: TestKeys;
let verifier: Verifier;
let router: Signer;
let sealed: Envelope;
let otherAlert: Envelope;
let europolCopy: Envelope;
let frontexCopy: Envelope;

const EUROPOL = ["crime_area", "exploitation_forms", "persons[P1].role", "persons[P1].name", "route.border_crossings"];
const FRONTEX = ["crime_area", "route.border_crossings", "persons[P2].role"];

const fields = (recipient: string): AttestationFields => ({
  recipient,
  policyVersion: "9f2c".padEnd(64, "0"),
  ruleIds: ["europol.thb.core"],
  handlingCode: HandlingCode.HANDLING_CODE_H1,
  handlingNotice: "not for judicial proceedings without the provider's permission",
  legalBasis: "Regulation (EU) 2016/794 Art. 18(2)(a)",
  purposes: [Purpose.PURPOSE_CRIMINAL_ANALYSIS],
  routedAt: new Date(),
});

beforeAll(async () => {
  keys = await createTestKeys();
  verifier = keys.verifier();
  router = await keys.signer("router");
  sealed = sealAlert(example("minor-sexual-exploitation-online.yaml"), await keys.signer("ncp.de"));
  const second = example("labour-fake-job-ads.yaml");
  if (second.header) second.header.originator = "ncp.de";
  otherAlert = sealAlert(second, await keys.signer("ncp.de"));
  europolCopy = attest(minimise(sealed, EUROPOL), fields("europol"), router);
  frontexCopy = attest(minimise(sealed, FRONTEX), fields("frontex"), router);
});

function codeOf(fn: () => unknown): EnvelopeErrorCode | "none" {
  try {
    fn();
    return "none";
  } catch (err) {
    return (err as { code?: EnvelopeErrorCode }).code ?? "none";
  }
}

const asEuropol = (env: Envelope) => () => openRoutedCopy(encodeEnvelope(env), verifier, { recipient: "europol" });
const withDisclosures = (env: Envelope, disclosures: Uint8Array[]): Envelope => ({
  ...env,
  subject: { ...(env.subject as Envelope), disclosures },
});
const subjectOf = (env: Envelope) => env.subject as Envelope;

describe("a routed copy", () => {
  it("opens for its recipient with exactly the attested fields", () => {
    const c = openRoutedCopy(encodeEnvelope(europolCopy), verifier, { recipient: "europol" });
    expect(new Set(c.paths)).toEqual(new Set(EUROPOL));
    expect(c.router.party).toBe("router");
    expect(c.signer.party).toBe("ncp.de");
    expect(c.alert.persons.map((p) => p.ref)).toEqual(["P1"]);
    expect(c.alert.summary).toBe("");
    expect(c.envelope.disclosures).toHaveLength(EUROPOL.length);
    const a = c.attestation;
    expect(a.copyId).toBe(`${c.manifest.alertId}.${c.manifest.version}.europol`);
    expect(a.withheldCount).toBe(c.manifest.digests.length - EUROPOL.length);
    expect(a.withheldCount).toBe(c.withheldCount);
    expect(Buffer.from(a.manifestDigest).equals(sha256(sealed.payload))).toBe(true);
    const hex = (ds: Uint8Array[]) => ds.map((d) => Buffer.from(d).toString("hex"));
    expect(hex(a.disclosedDigests)).toEqual(hex(subjectOf(europolCopy).disclosures.map(sha256).sort(compareBytes)));
    expect(a.handlingCode).toBe(HandlingCode.HANDLING_CODE_H1);
    expect(a.originator).toBe("ncp.de");
  });

  it("keeps the originator's payload and signature untouched", () => {
    expect(subjectOf(europolCopy).payload).toBe(sealed.payload);
    expect(subjectOf(europolCopy).signature).toBe(sealed.signature);
  });
});

describe("tampering with a routed copy", () => {
  it("DISCLOSURE_NOT_ATTESTED: a disclosure altered", () => {
    const ds = subjectOf(europolCopy).disclosures.map((d) => Buffer.from(d));
    ds[0]?.writeUInt8((ds[0]?.readUInt8(20) ?? 0) ^ 0x01, 20);
    expect(codeOf(asEuropol(withDisclosures(europolCopy, ds)))).toBe("DISCLOSURE_NOT_ATTESTED");
  });

  it("DISCLOSURE_NOT_ATTESTED: a withheld disclosure added back (the originator did sign it)", () => {
    const withheld = sealed.disclosures.find((d) => !subjectOf(europolCopy).disclosures.includes(d)) as Uint8Array;
    const ds = [...subjectOf(europolCopy).disclosures, withheld];
    expect(codeOf(asEuropol(withDisclosures(europolCopy, ds)))).toBe("DISCLOSURE_NOT_ATTESTED");
  });

  it("DISCLOSURE_DUPLICATE: a disclosure duplicated", () => {
    const ds = [...subjectOf(europolCopy).disclosures, subjectOf(europolCopy).disclosures[1] as Uint8Array];
    expect(codeOf(asEuropol(withDisclosures(europolCopy, ds)))).toBe("DISCLOSURE_DUPLICATE");
  });

  it("DISCLOSURE_NOT_ATTESTED: a disclosure moved from another alert", () => {
    const ds = [...subjectOf(europolCopy).disclosures.slice(1), otherAlert.disclosures[0] as Uint8Array];
    expect(codeOf(asEuropol(withDisclosures(europolCopy, ds)))).toBe("DISCLOSURE_NOT_ATTESTED");
  });

  it("DISCLOSURE_NOT_ATTESTED: a disclosure taken from another recipient's copy of the same alert", () => {
    const frontexOnly = subjectOf(frontexCopy).disclosures.find(
      (d) => !subjectOf(europolCopy).disclosures.includes(d),
    ) as Uint8Array;
    const ds = [...subjectOf(europolCopy).disclosures, frontexOnly];
    expect(codeOf(asEuropol(withDisclosures(europolCopy, ds)))).toBe("DISCLOSURE_NOT_ATTESTED");
  });

  it("DISCLOSURE_NOT_ATTESTED: an attested disclosure missing", () => {
    const ds = subjectOf(europolCopy).disclosures.slice(1);
    expect(codeOf(asEuropol(withDisclosures(europolCopy, ds)))).toBe("DISCLOSURE_NOT_ATTESTED");
  });

  it("RECIPIENT_MISMATCH: another recipient's whole copy", () => {
    expect(codeOf(asEuropol(frontexCopy))).toBe("RECIPIENT_MISMATCH");
  });

  it("ATTESTATION_MISMATCH: the attestation moved onto another alert's manifest", () => {
    const moved: Envelope = { ...europolCopy, subject: { ...otherAlert, disclosures: [] } };
    expect(codeOf(asEuropol(moved))).toBe("ATTESTATION_MISMATCH");
  });

  it("MALFORMED: an attestation without its subject; SIGNATURE_INVALID: an attestation payload edited", () => {
    expect(codeOf(asEuropol({ ...europolCopy, subject: undefined }))).toBe("MALFORMED");
    const edited = RoutingAttestation.decode(europolCopy.payload);
    edited.withheldCount += 1;
    expect(codeOf(asEuropol({ ...europolCopy, payload: RoutingAttestation.encode(edited).finish() }))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("ROLE_NOT_ALLOWED: an attestation signed by an NCP", async () => {
    const forged = attest(minimise(sealed, EUROPOL), fields("europol"), await keys.signer("ncp.de"));
    expect(codeOf(asEuropol(forged))).toBe("ROLE_NOT_ALLOWED");
  });

  it("ATTESTATION_MISMATCH: a router statement that disagrees with the manifest", () => {
    const sign = (a: RoutingAttestation): Envelope => ({
      ...router.sign(MESSAGE_TYPES.RoutingAttestation, RoutingAttestation.encode(a).finish()),
      subject: subjectOf(europolCopy),
    });
    const good = RoutingAttestation.decode(europolCopy.payload);
    expect(codeOf(asEuropol(sign(good)))).toBe("none");
    expect(codeOf(asEuropol(sign({ ...good, withheldCount: good.withheldCount + 1 })))).toBe("ATTESTATION_MISMATCH");
    expect(codeOf(asEuropol(sign({ ...good, version: good.version + 1 })))).toBe("ATTESTATION_MISMATCH");
    expect(codeOf(asEuropol(sign({ ...good, copyId: "x" })))).toBe("ATTESTATION_MISMATCH");
    expect(codeOf(asEuropol(sign({ ...good, disclosedDigests: [...good.disclosedDigests].reverse() })))).toBe(
      "ATTESTATION_MISMATCH",
    );
    expect(codeOf(asEuropol(sign({ ...good, originator: "ncp.nl" })))).toBe("PARTY_MISMATCH");
  });
});
