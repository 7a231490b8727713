// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API.
import "reflect-metadata";
import { randomBytes, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

/**
 * A development certificate authority and the certificates it signs, made with @peculiar/x509
 * over node's WebCrypto (ECDSA P-256, which Go's TLS in nats-server and node both accept).
 * Production replaces the CA with the operator's PKI; file names and SANs stay the same.
 */
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY_MS = 86_400_000;

export interface CertPair {
  /** PEM certificate. */
  readonly cert: string;
  /** PEM PKCS#8 private key. */
  readonly key: string;
}

export interface CertOptions {
  readonly now?: Date;
  readonly validityDays: number;
}

function serial(): string {
  // Positive 128-bit serial (high bit cleared), as RFC 5280 asks.
  const b = randomBytes(16);
  b[0] = (b[0] ?? 0) & 0x7f;
  return b.toString("hex");
}

function validity(opts: CertOptions): { notBefore: Date; notAfter: Date } {
  const now = opts.now ?? new Date();
  // A minute of slack: a node whose clock runs slightly behind must still accept the cert.
  return {
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + opts.validityDays * DAY_MS),
  };
}

async function newKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as CryptoKeyPair;
}

async function exportKey(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey("pkcs8", key);
  return x509.PemConverter.encode(der, "PRIVATE KEY");
}

async function importKey(pem: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decode(pem)[0];
  if (!der) throw new Error("no PEM block");
  return (await webcrypto.subtle.importKey("pkcs8", der, ALG, false, ["sign"])) as CryptoKey;
}

export async function createCa(name: string, opts: CertOptions): Promise<CertPair> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${name} development CA, O=Ariadne`,
    ...validity(opts),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString("pem"), key: await exportKey(keys.privateKey) };
}

export interface LeafSpec {
  readonly commonName: string;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  /** Nodes serve clients and dial routes (server + client); parties only dial (client). */
  readonly usage: "server" | "client";
}

export async function issueCert(ca: CertPair, spec: LeafSpec, opts: CertOptions): Promise<CertPair> {
  const caCert = new x509.X509Certificate(ca.cert);
  const keys = await newKeys();
  const eku =
    spec.usage === "server"
      ? [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]
      : [x509.ExtendedKeyUsage.clientAuth];
  const names = [
    ...spec.dnsNames.map((value) => ({ type: "dns" as const, value })),
    ...spec.ipAddresses.map((value) => ({ type: "ip" as const, value })),
  ];
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${spec.commonName}, O=Ariadne`,
    issuer: caCert.subject,
    ...validity(opts),
    publicKey: keys.publicKey,
    signingKey: await importKey(ca.key),
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(eku, false),
      ...(names.length > 0 ? [new x509.SubjectAlternativeNameExtension(names, false)] : []),
      await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString("pem"), key: await exportKey(keys.privateKey) };
}

/** Subject alternative names of a certificate, e.g. to check a node's cert covers its host. */
export function subjectAltNames(pem: string): { dns: string[]; ip: string[] } {
  const ext = new x509.X509Certificate(pem).getExtension(x509.SubjectAlternativeNameExtension);
  const items = ext?.names.items ?? [];
  return {
    dns: items.filter((n) => n.type === "dns").map((n) => n.value),
    ip: items.filter((n) => n.type === "ip").map((n) => n.value),
  };
}
