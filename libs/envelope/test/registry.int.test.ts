import { Writable } from "node:stream";
import { Receipt } from "@ariadne/contracts";
import { createLogger } from "@ariadne/runtime";
import { startNats, TEST_PARTIES } from "@ariadne/testing";
import { Kvm } from "@nats-io/kv";
import { connect } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import {
  createDeployment,
  type EnvelopeErrorCode,
  MESSAGE_TYPES,
  publishRegistry,
  REGISTRY_BUCKET,
  REGISTRY_KEY,
  revokeKey,
  rotateKey,
  type Signer,
  signerFor,
  Verifier,
  watchRegistry,
} from "../src/mod.ts";

const payload = Receipt.encode(Receipt.fromPartial({ receiptId: "r-1", alertId: "a-1", version: 1 })).finish();

function codeOf(fn: () => unknown): EnvelopeErrorCode | "none" {
  try {
    fn();
    return "none";
  } catch (err) {
    return (err as { code?: EnvelopeErrorCode }).code ?? "none";
  }
}

/** Polls until `ok()` holds; gives up after `ms` (the behaviour under test is "within seconds"). */
async function eventually(ok: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

function logSink(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe("the trust registry in NATS KV", () => {
  it("applies rotations and revocations to a running verifier, and refuses bad or old documents", async () => {
    await using server = await startNats();
    const operatorNc = await connect({ servers: server.url });
    const serviceNc = await connect({ servers: server.url });
    const sink = logSink();
    try {
      // Keys from a minute ago, so that a rotation now has something to end.
      let d = await createDeployment(TEST_PARTIES, { now: new Date(Date.now() - 60_000) });
      await publishRegistry(operatorNc, d.registryJws);
      const logger = createLogger({ service: "envelope-test", destination: sink.stream });
      await using watcher = await watchRegistry({ nc: serviceNc, operatorKey: d.operator.publicJwk, logger });
      const verifier = new Verifier(watcher);
      const receipt = (s: Signer) => () =>
        verifier.verifyEnvelope(s.sign(MESSAGE_TYPES.Receipt, payload), { type: MESSAGE_TYPES.Receipt });

      const oldRouter = await signerFor(d, "router");
      const adapter = await signerFor(d, "adapter.europol");
      expect(codeOf(receipt(oldRouter))).toBe("none");
      expect(codeOf(receipt(adapter))).toBe("none");

      // Rotation: the new router key takes over; the old one stops signing.
      const rotated = await rotateKey(d, "router");
      d = rotated.deployment;
      await publishRegistry(operatorNc, d.registryJws);
      const newRouter = await signerFor(d, "router");
      expect(newRouter.kid).toBe(rotated.kid);
      await eventually(() => codeOf(receipt(newRouter)) === "none");
      expect(watcher.version).toBe(2);
      await eventually(() => codeOf(receipt(oldRouter)) === "KEY_NOT_VALID", 2_000);

      // Revocation: the adapter's key is refused within seconds, no restart.
      d = await revokeKey(d, adapter.kid);
      await publishRegistry(operatorNc, d.registryJws);
      await eventually(() => codeOf(receipt(adapter)) === "KEY_REVOKED");
      expect(watcher.version).toBe(3);
      expect(codeOf(receipt(newRouter))).toBe("none");

      // A document signed by someone else, an old one, a deletion: logged, current one kept.
      const kv = await new Kvm(operatorNc).open(REGISTRY_BUCKET);
      const stranger = await createDeployment(TEST_PARTIES);
      await kv.put(REGISTRY_KEY, stranger.registryJws);
      await eventually(() => watcher.lastRejection === "SIGNATURE_INVALID");
      const v1 = (await kv.history({ key: REGISTRY_KEY }).then(async (it) => {
        for await (const e of it) return e.string();
        return "";
      })) as string;
      await kv.put(REGISTRY_KEY, v1);
      await eventually(() => watcher.lastRejection === "REGISTRY_STALE");
      await kv.delete(REGISTRY_KEY);
      await eventually(() => sink.lines.some((l) => l.includes('"operation":"DEL"')));
      expect(watcher.version).toBe(3);
      expect(codeOf(receipt(adapter))).toBe("KEY_REVOKED");
      expect(codeOf(receipt(newRouter))).toBe("none");

      // Publishing refuses to step back.
      await kv.put(REGISTRY_KEY, d.registryJws);
      await expect(publishRegistry(operatorNc, v1)).rejects.toMatchObject({ code: "REGISTRY_STALE" });

      const logged = sink.lines.join("");
      expect(logged).toContain('"code":"SIGNATURE_INVALID"');
      expect(logged).toContain('"code":"REGISTRY_STALE"');
      expect(logged).toContain('"registryVersion":3');
    } finally {
      await serviceNc.close();
      await operatorNc.close();
    }
  });

  it("REGISTRY_UNAVAILABLE: no bucket, or no document in it", async () => {
    await using server = await startNats();
    const nc = await connect({ servers: server.url });
    try {
      const d = await createDeployment([{ id: "router", roles: ["router"] }]);
      const start = () => watchRegistry({ nc, operatorKey: d.operator.publicJwk });
      await expect(start()).rejects.toMatchObject({ code: "REGISTRY_UNAVAILABLE" });
      await new Kvm(nc).create(REGISTRY_BUCKET);
      await expect(start()).rejects.toMatchObject({ code: "REGISTRY_UNAVAILABLE" });
      await publishRegistry(nc, d.registryJws);
      await using watcher = await start();
      expect(watcher.version).toBe(1);
      await expect(watcher.waitForVersion(2, 200)).rejects.toMatchObject({ code: "REGISTRY_UNAVAILABLE" });
    } finally {
      await nc.close();
    }
  });
});
