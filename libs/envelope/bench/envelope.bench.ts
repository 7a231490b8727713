/**
 * Micro-benchmark: Ariadne's sign / verify / seal / open beside raw node:crypto Ed25519 on the
 * same bytes, in the same process, interleaved round by round so that load from other work on
 * the machine hits both sides alike. Prints the median ops/s of each and the median of the
 * per-round ratios.
 *
 *   npm run bench:envelope -w @ariadne/envelope [-- --rounds 7 --slice-ms 300]
 */
import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import { HandlingCode, parseAlertDocument, presentUnits, Receipt } from "@ariadne/contracts";
import { FlattenedSign, importJWK } from "jose";
import {
  attest,
  createDeployment,
  encodeEnvelope,
  loadRegistry,
  MESSAGE_TYPES,
  minimise,
  openAlert,
  openRoutedCopy,
  sealAlert,
  signerFor,
  signingInput,
  TrustStore,
  Verifier,
} from "../src/mod.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg("rounds", 11);
const SLICE_MS = arg("slice-ms", 200);

type Bench = { name: string; run: () => unknown; samples: number[] };

function slice(b: Bench): void {
  let ops = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(SLICE_MS) * 1_000_000n;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 16; i++) b.run();
    ops += 16;
    elapsed = process.hrtime.bigint() - start;
  }
  b.samples.push(ops / (Number(elapsed) / 1e9));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

async function main(): Promise<void> {
  const d = await createDeployment([
    { id: "ncp.de", roles: ["publisher", "recipient"] },
    { id: "router", roles: ["router"] },
  ]);
  const verifier = new Verifier(new TrustStore(await loadRegistry(d.registryJws, d.operator.publicJwk)));
  const router = await signerFor(d, "router");
  const ncp = await signerFor(d, "ncp.de");
  const routerJwk = d.privateKeys.get("router")?.[0];
  if (!routerJwk) throw new Error("no router key");
  const rawPrivate = createPrivateKey({ key: { ...routerJwk }, format: "jwk" });
  const rawPublic = createPublicKey(rawPrivate);

  const receipt = Receipt.encode(
    Receipt.fromPartial({
      receiptId: "019380a2-7d2f-7b4c-8a21-3c8d5e6f7a99",
      alertId: "019380a2-7d2f-7b4c-8a21-3c8d5e6f7a02",
      version: 1,
      originator: "ncp.de",
      issuer: "router",
      recipient: "europol",
      evidence: 3,
      issuedAt: new Date(),
      manifestDigest: new Uint8Array(32).fill(7),
    }),
  ).finish();
  const receiptEnvelope = router.sign(MESSAGE_TYPES.Receipt, receipt);
  const receiptBytes = encodeEnvelope(receiptEnvelope);
  const [header = "", , sig = ""] = receiptEnvelope.signature.split(".");
  const input = signingInput(header, receipt);
  const rawSignature = Buffer.from(sig, "base64url");

  const text = readFileSync(
    new URL("../../../examples/minor-sexual-exploitation-online.yaml", import.meta.url),
    "utf8",
  );
  const alert = parseAlertDocument(text);
  const units = presentUnits(alert);
  const sealed = sealAlert(alert, ncp);
  const sealedBytes = encodeEnvelope(sealed);
  const allowed = units.filter((_, i) => i % 2 === 0);
  const fields = {
    recipient: "europol",
    policyVersion: "p",
    ruleIds: ["r"],
    handlingCode: HandlingCode.HANDLING_CODE_H0,
    legalBasis: "l",
    purposes: [],
  };
  const copyBytes = encodeEnvelope(attest(minimise(sealed, allowed), fields, router));
  const manifestInput = signingInput(sealed.signature.split(".")[0] ?? "", sealed.payload);
  const manifestSignature = Buffer.from(sealed.signature.split(".")[2] ?? "", "base64url");
  const ncpPublic = createPublicKey({ key: { ...(d.privateKeys.get("ncp.de")?.[0] ?? {}) }, format: "jwk" });

  const pairs: [string, Bench, Bench][] = [];
  const bench = (name: string, run: () => unknown): Bench => ({ name, run, samples: [] });
  pairs.push([
    "sign Receipt (+ envelope encode)",
    bench("ariadne", () => encodeEnvelope(router.sign(MESSAGE_TYPES.Receipt, receipt))),
    bench("raw", () => sign(null, input, rawPrivate)),
  ]);
  pairs.push([
    "verify Receipt (decode + all checks)",
    bench("ariadne", () => verifier.verify(receiptBytes, { type: MESSAGE_TYPES.Receipt })),
    bench("raw", () => verify(null, input, rawPublic, rawSignature)),
  ]);
  pairs.push([
    `seal alert (${units.length} disclosures, 1 signature)`,
    bench("ariadne", () => sealAlert(alert, ncp)),
    bench("raw", () => sign(null, manifestInput, rawPrivate)),
  ]);
  pairs.push([
    `open alert (${units.length} disclosures, 1 verify)`,
    bench("ariadne", () => openAlert(sealedBytes, verifier)),
    bench("raw", () => verify(null, manifestInput, ncpPublic, manifestSignature)),
  ]);
  pairs.push([
    `minimise + attest (${allowed.length} of ${units.length}, 1 signature)`,
    bench("ariadne", () => encodeEnvelope(attest(minimise(sealed, allowed), fields, router))),
    bench("raw", () => sign(null, input, rawPrivate)),
  ]);
  pairs.push([
    "open routed copy (2 verifies)",
    bench("ariadne", () => openRoutedCopy(copyBytes, verifier, { recipient: "europol" })),
    bench("raw", () => {
      verify(null, input, rawPublic, rawSignature);
      verify(null, manifestInput, ncpPublic, manifestSignature);
    }),
  ]);

  // jose's own signing path, for the record (async, so measured apart).
  const joseKey = await importJWK({ ...routerJwk }, "EdDSA");
  const joseHeader = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
  const joseStart = performance.now();
  let joseOps = 0;
  while (performance.now() - joseStart < SLICE_MS * 3) {
    await new FlattenedSign(receipt).setProtectedHeader(joseHeader).sign(joseKey);
    joseOps++;
  }
  const joseRate = joseOps / ((performance.now() - joseStart) / 1000);

  for (const [, a, b] of pairs) {
    a.run();
    b.run(); // warm up
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (const [, a, b] of pairs) {
      // Alternate which side goes first, so neither always inherits the other's cache or GC.
      if (r % 2 === 0) {
        slice(a);
        slice(b);
      } else {
        slice(b);
        slice(a);
      }
    }
  }

  // Each round measures both sides back to back, so the ratio within a round is what shared-machine
  // load disturbs least; its median over rounds is the figure to read.
  const pairedRatio = (a: Bench, b: Bench) => median(a.samples.map((x, i) => x / (b.samples[i] ?? x)));
  const rows = pairs.map(([name, a, b]) => ({
    operation: name,
    "ariadne ops/s": Math.round(median(a.samples)),
    "raw ops/s": Math.round(median(b.samples)),
    ratio: pairedRatio(a, b).toFixed(2),
  }));
  const rawSign = median(pairs[0]?.[2].samples ?? []);
  rows.push({
    operation: "jose FlattenedSign (reference)",
    "ariadne ops/s": Math.round(joseRate),
    "raw ops/s": Math.round(rawSign),
    ratio: (joseRate / rawSign).toFixed(2),
  });
  console.log(
    `node ${process.version}, ${ROUNDS} interleaved rounds of ${SLICE_MS} ms per side; raw = node:crypto Ed25519`,
  );
  console.table(rows);
}

await main();
