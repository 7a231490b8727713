import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { partyOfSubject, subjects } from "@ariadne/bus";
import { HandlingCode, Purpose, Receipt, Receipt_Evidence } from "@ariadne/contracts";
import { startNats, TEST_PARTIES } from "@ariadne/testing";
import { connect } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import {
  attest,
  createDeployment,
  encodeEnvelope,
  MESSAGE_TYPES,
  MemoryReplayGuard,
  minimise,
  openAlert,
  openRoutedCopy,
  publishRegistry,
  readOperatorKey,
  readPrivateJwk,
  Signer,
  sealAlert,
  Verifier,
  watchRegistry,
  writeDeployment,
} from "../src/mod.ts";
import { example } from "./support/alerts.ts";

/** The whole path, as the services will wire it: keys from files, registry from KV, real NATS. */
describe("usage: from an NCP's alert to a recipient's copy and a receipt", () => {
  it("works end to end", async () => {
    await using server = await startNats();
    const nc = await connect({ servers: server.url });
    const dir = await mkdtemp(join(tmpdir(), "ariadne-usage-"));
    try {
      // Operator, once: keys and registry into a folder, registry into KV.
      const deployment = await createDeployment(TEST_PARTIES);
      await writeDeployment(dir, deployment);
      await publishRegistry(nc, deployment.registryJws);
      const keyFile = (party: string) => join(dir, "keys", party, `${deployment.privateKeys.get(party)?.[0]?.kid}.jwk`);

      // Every service at start: the pinned operator key, its own key, the registry watcher.
      const operatorKey = await readOperatorKey(join(dir, "operator.pub.jwk"));
      await using watcher = await watchRegistry({ nc, operatorKey });
      const verifier = new Verifier(watcher);
      const ncp = await Signer.fromJwk("ncp.de", await readPrivateJwk(keyFile("ncp.de")));
      const router = await Signer.fromJwk("router", await readPrivateJwk(keyFile("router")));

      // NCP: seal and publish on its intake subject.
      const intakeSubject = subjects.intake("ncp.de");
      const published = encodeEnvelope(sealAlert(example("minor-sexual-exploitation-online.yaml"), ncp));

      // Router: verify against the subject's party, guard replays, minimise, attest.
      const opened = openAlert(published, verifier, { party: partyOfSubject(intakeSubject, "intake") ?? "" });
      const guard = new MemoryReplayGuard();
      const { alertId, version } = opened.manifest;
      expect(await guard.claim(alertId, version, opened.manifestDigest, 17)).toBe("fresh");
      const copy = attest(
        minimise(opened.envelope, ["crime_area", "exploitation_forms", "route.border_crossings"]),
        {
          recipient: "frontex",
          policyVersion: "0".repeat(64),
          ruleIds: ["frontex.routes"],
          handlingCode: HandlingCode.HANDLING_CODE_H0,
          legalBasis: "Regulation (EU) 2019/1896 Art. 87",
          purposes: [Purpose.PURPOSE_BORDER_RISK_ANALYSIS],
        },
        router,
      );
      const delivered = encodeEnvelope(copy);

      // Frontex adapter: open its copy.
      const received = openRoutedCopy(delivered, verifier, { recipient: "frontex" });
      expect(received.paths).toEqual(["crime_area", "exploitation_forms", "route.border_crossings"]);
      expect(received.attestation.copyId).toBe(`${alertId}.${version}.frontex`);

      // Router: a signed receipt back to the originator, who verifies it.
      const receipt = Receipt.fromPartial({
        receiptId: "019380a2-0000-7000-8000-000000000001",
        alertId,
        version,
        originator: "ncp.de",
        issuer: "router",
        recipient: "frontex",
        evidence: Receipt_Evidence.EVIDENCE_RELAY_ACCEPTANCE,
        issuedAt: new Date(),
        manifestDigest: opened.manifestDigest,
      });
      const receiptBytes = encodeEnvelope(router.sign(MESSAGE_TYPES.Receipt, Receipt.encode(receipt).finish()));
      const checked = verifier.verify(receiptBytes, { type: MESSAGE_TYPES.Receipt });
      expect(checked.party).toBe("router");
      expect(Receipt.decode(checked.payload).evidence).toBe(Receipt_Evidence.EVIDENCE_RELAY_ACCEPTANCE);
    } finally {
      await nc.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
