import {
  AlertManifest,
  CaseAlert,
  CrimeArea,
  Disclosure,
  HandlingCode,
  Priority,
  Purpose,
  RoutingAttestation,
} from "@ariadne/contracts";
import { sha256 } from "../../src/bytes.ts";
import {
  attest,
  encodeEnvelope,
  MESSAGE_TYPES,
  minimise,
  type PrivateJwk,
  publicKeyPem,
  type RegistryDocument,
  Signer,
  sealAlert,
  signingInput,
  thumbprint,
} from "../../src/mod.ts";

/** RFC 8032 §7.1 TEST 1 and TEST 2 keys: anyone can rebuild this example from the RFC. */
export const RFC8032 = [
  {
    secret: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
    public: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
    message: "",
    signature:
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
  },
  {
    secret: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
    public: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
    message: "72",
    signature:
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
  },
] as const;

export async function rfcJwk(i: 0 | 1): Promise<PrivateJwk> {
  const v = RFC8032[i];
  const x = Buffer.from(v.public, "hex").toString("base64url");
  const kid = await thumbprint({ kty: "OKP", crv: "Ed25519", x });
  return { kty: "OKP", crv: "Ed25519", x, kid, d: Buffer.from(v.secret, "hex").toString("base64url") };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

export const EXAMPLE_ALERT = CaseAlert.fromPartial({
  header: {
    alertId: "019380a2-7d2f-7b4c-8a21-3c8d5e6f7a02",
    version: 1,
    originator: "ncp.de",
    createdAt: new Date("2025-09-15T08:42:00Z"),
    priority: Priority.PRIORITY_HIGH,
  },
  crimeArea: CrimeArea.CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS,
  persons: [{ ref: "P1", role: "recruiter" }],
});

export const SIGNED_AT = new Date("2025-09-15T08:43:00Z");

/** Every value docs/envelope-format.md shows in its worked example. */
export async function workedExample() {
  const ncpJwk = await rfcJwk(0);
  const routerJwk = await rfcJwk(1);
  const ncp = await Signer.fromJwk("ncp.de", ncpJwk);
  const router = await Signer.fromJwk("router", routerJwk);
  // Salts 0x01..01, 0x02..02, 0x03..03 in unit order (real salts are random).
  const salts = Buffer.concat([1, 2, 3].map((n) => Buffer.alloc(16, n)));
  const sealed = sealAlert(EXAMPLE_ALERT, ncp, { now: SIGNED_AT, randomBytes: () => salts });
  const [encodedHeader = "", , signature = ""] = sealed.signature.split(".");
  const copy = minimise(sealed, ["crime_area", "persons[P1].role"]);
  const routed = attest(
    copy,
    {
      recipient: "europol",
      policyVersion: "0".repeat(64),
      ruleIds: ["europol.thb"],
      handlingCode: HandlingCode.HANDLING_CODE_H0,
      legalBasis: "Regulation (EU) 2016/794 Art. 18(2)(a)",
      purposes: [Purpose.PURPOSE_CRIMINAL_ANALYSIS],
      routedAt: new Date("2025-09-15T08:44:00Z"),
    },
    router,
  );
  const registry: RegistryDocument = {
    version: 1,
    issuedAt: "2025-09-01T00:00:00.000Z",
    parties: [
      { id: "ncp.de", roles: ["publisher", "recipient"], keys: [key(ncpJwk)] },
      { id: "router", roles: ["router"], keys: [key(routerJwk)] },
    ],
  };
  return {
    ncpJwk,
    routerJwk,
    registry,
    alertBytes: hex(CaseAlert.encode(EXAMPLE_ALERT).finish()),
    disclosures: sealed.disclosures.map((d) => ({
      ...Disclosure.decode(d),
      valueHex: hex(Disclosure.decode(d).value),
      bytesHex: hex(d),
      digestHex: hex(sha256(d)),
    })),
    manifest: AlertManifest.decode(sealed.payload),
    manifestHex: hex(sealed.payload),
    manifestDigestHex: hex(sha256(sealed.payload)),
    header: Buffer.from(encodedHeader, "base64url").toString("utf8"),
    encodedHeader,
    signingInputHex: hex(signingInput(encodedHeader, sealed.payload)),
    signature,
    signatureHex: Buffer.from(signature, "base64url").toString("hex"),
    envelopeHex: hex(encodeEnvelope(sealed)),
    ncpPem: await publicKeyPem(ncpJwk),
    attestation: RoutingAttestation.decode(routed.payload),
    attestationHex: hex(routed.payload),
    attestationSignature: routed.signature,
    routedHex: hex(encodeEnvelope(routed)),
    sealed,
    routed,
    typ: MESSAGE_TYPES.AlertManifest,
  };
}

function key(jwk: PrivateJwk) {
  return {
    kty: jwk.kty,
    crv: jwk.crv,
    x: jwk.x,
    kid: jwk.kid,
    notBefore: "2025-09-01T00:00:00.000Z",
    notAfter: "2026-09-01T00:00:00.000Z",
  };
}
