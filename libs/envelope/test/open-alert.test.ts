import { type AlertManifest, Disclosure } from "@ariadne/contracts";
import { createTestKeys, type TestKeys } from "@ariadne/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../src/bytes.ts";
import {
  type Envelope,
  type EnvelopeErrorCode,
  encodeEnvelope,
  MESSAGE_TYPES,
  openAlert,
  type Signer,
  sealAlert,
  type Verifier,
} from "../src/mod.ts";
import { example } from "./support/alerts.ts";
import { craftManifest } from "./support/forge.ts";

let keys: TestKeys;
let verifier: Verifier;
let ncpDe: Signer;
let sealed: Envelope;
let other: Envelope;
const ALERT_ID = "019380a2-7d2f-7b4c-8a21-3c8d5e6f7a02";

beforeAll(async () => {
  keys = await createTestKeys();
  verifier = keys.verifier();
  ncpDe = await keys.signer("ncp.de");
  const alert = example("minor-sexual-exploitation-online.yaml");
  sealed = sealAlert(alert, ncpDe);
  const second = example("labour-fake-job-ads.yaml");
  if (second.header) second.header.originator = "ncp.de";
  other = sealAlert(second, ncpDe);
});

function codeOf(fn: () => unknown): EnvelopeErrorCode | "none" {
  try {
    fn();
    return "none";
  } catch (err) {
    return (err as { code?: EnvelopeErrorCode }).code ?? "none";
  }
}

const salt = () => new Uint8Array(16).fill(7);
const disclosure = (path: string, value: number[], s: Uint8Array = salt()) =>
  Disclosure.encode({ salt: s, path, value: new Uint8Array(value) }).finish();
// crime_area = 2 (varint): tag 0x10; summary = 14 (string): tag 0x72; persons = 6; Person.role = 3: tag 0x1a.
const crimeArea = () => disclosure("crime_area", [0x10, 0x01]);

/** An envelope whose manifest ncp.de really signed, over the disclosures given. */
function signed(disclosures: Uint8Array[], m: Partial<AlertManifest> = {}, listed = disclosures): Envelope {
  const payload = craftManifest({ alertId: ALERT_ID, originator: "ncp.de", ...m }, listed);
  return { ...ncpDe.sign(MESSAGE_TYPES.AlertManifest, payload), disclosures };
}

const open = (env: Envelope) => () => openAlert(encodeEnvelope(env), verifier);

describe("a crafted but well-formed manifest", () => {
  it("opens, with the identity from the manifest", () => {
    const opened = openAlert(signed([crimeArea(), disclosure("persons[P1].role", [0x1a, 0x01, 0x78])]), verifier);
    expect(opened.alert.crimeArea).toBe(1);
    expect(opened.alert.persons).toEqual([expect.objectContaining({ ref: "P1", role: "x" })]);
    expect(opened.alert.header?.alertId).toBe(ALERT_ID);
  });
});

describe("DISCLOSURE_UNKNOWN: digest not in the signed manifest", () => {
  it("an altered disclosure", () => {
    const altered = Buffer.from(sealed.disclosures[3] as Uint8Array);
    altered.writeUInt8(altered.readUInt8(altered.length - 1) ^ 1, altered.length - 1);
    expect(codeOf(open({ ...sealed, disclosures: [altered] }))).toBe("DISCLOSURE_UNKNOWN");
  });
  it("a disclosure moved from another alert of the same originator", () => {
    expect(codeOf(open({ ...sealed, disclosures: [...sealed.disclosures, other.disclosures[0] as Uint8Array] }))).toBe(
      "DISCLOSURE_UNKNOWN",
    );
  });
});

describe("DISCLOSURE_DUPLICATE", () => {
  it("the same disclosure twice", () => {
    expect(codeOf(open({ ...sealed, disclosures: [...sealed.disclosures, sealed.disclosures[0] as Uint8Array] }))).toBe(
      "DISCLOSURE_DUPLICATE",
    );
  });
  it("two signed disclosures for one path (other salts)", () => {
    const a = disclosure("crime_area", [0x10, 0x01], new Uint8Array(16).fill(1));
    const b = disclosure("crime_area", [0x10, 0x02], new Uint8Array(16).fill(2));
    expect(codeOf(open(signed([a, b])))).toBe("DISCLOSURE_DUPLICATE");
  });
});

describe("DISCLOSURE_MALFORMED: signed, but not a disclosure Ariadne can use", () => {
  it.each([
    ["bytes that are not Protobuf", () => new Uint8Array([0xff, 0xff])],
    ["a 15-byte salt", () => disclosure("crime_area", [0x10, 0x01], new Uint8Array(15))],
    ["no value", () => Disclosure.encode({ salt: salt(), path: "crime_area", value: new Uint8Array() }).finish()],
    ["an unknown field", () => Buffer.concat([crimeArea(), Buffer.from([0x22, 0x00])])],
    ["a path that is not a unit", () => disclosure("header.alert_id", [0x0a, 0x01, 0x78])],
    ["an entity path without ref", () => disclosure("persons.role", [0x1a, 0x01, 0x78])],
    ["a value that does not decode as its field", () => disclosure("persons[P1].name", [0x22, 0x01, 0xff])],
  ])("%s", (_, bytes) => {
    expect(codeOf(open(signed([bytes()])))).toBe("DISCLOSURE_MALFORMED");
  });
});

describe("DISCLOSURE_INCONSISTENT: the value is not what the path names", () => {
  it.each([
    [
      "another field's bytes (the name, disclosed as the role)",
      () => disclosure("persons[P1].role", [0x22, 0x02, 0x0a, 0x00]),
    ],
    ["a ref inside an entity field", () => disclosure("persons[P1].role", [0x0a, 0x02, 0x50, 0x32])],
    ["a singular field twice", () => disclosure("crime_area", [0x10, 0x01, 0x10, 0x02])],
    ["the wrong wire type", () => disclosure("summary", [0x70, 0x01])],
    ["a value that runs past its end", () => disclosure("summary", [0x72, 0x05, 0x78])],
  ])("%s", (_, bytes) => {
    expect(codeOf(open(signed([bytes()])))).toBe("DISCLOSURE_INCONSISTENT");
  });

  it("repeated fields may hold several occurrences, packed or not", () => {
    const forms = disclosure("exploitation_forms", [0x18, 0x01, 0x18, 0x02]);
    const packed = disclosure("related_crime_areas", [0x82, 0x01, 0x02, 0x01, 0x02]);
    const opened = openAlert(signed([forms, packed]), verifier);
    expect(opened.alert.exploitationForms).toEqual([1, 2]);
    expect(opened.alert.relatedCrimeAreas).toEqual([1, 2]);
  });
});

describe("MANIFEST_INVALID and PARTY_MISMATCH: the manifest itself", () => {
  it.each([
    ["another content type", { contentType: "ariadne.v1.Receipt" }],
    ["no digest algorithm", { digestAlgorithm: 0 }],
    ["no alert id", { alertId: "" }],
    ["version 0", { version: 0 }],
    [
      "unsorted digests",
      { digests: [sha256(Buffer.from("b")), sha256(Buffer.from("a"))].sort((x, y) => -Buffer.compare(x, y)) },
    ],
    ["a digest twice", { digests: [sha256(Buffer.from("a")), sha256(Buffer.from("a"))] }],
    ["a short digest", { digests: [sha256(Buffer.from("a")).subarray(1)] }],
  ] as [string, Partial<AlertManifest>][])("%s", (_, m) => {
    expect(codeOf(open(signed([], m)))).toBe("MANIFEST_INVALID");
  });

  it("a payload that is not a manifest", () => {
    const env = { ...ncpDe.sign(MESSAGE_TYPES.AlertManifest, new Uint8Array([0xff, 0xff])), disclosures: [] };
    expect(codeOf(open(env))).toBe("MANIFEST_INVALID");
  });

  it("an originator other than the signing party", () => {
    expect(codeOf(open(signed([crimeArea()], { originator: "ncp.nl" })))).toBe("PARTY_MISMATCH");
  });

  it("an intake subject naming another NCP", () => {
    expect(codeOf(() => openAlert(sealed, verifier, { party: "ncp.nl" }))).toBe("PARTY_MISMATCH");
  });
});
