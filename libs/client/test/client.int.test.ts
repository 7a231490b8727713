import { readFileSync } from "node:fs";
import { ensureStreams, STREAMS, subjects } from "@ariadne/bus";
import { parseAlertDocument, Receipt, Receipt_Evidence, RejectionNotice } from "@ariadne/contracts";
import { encodeEnvelope, MESSAGE_TYPES, openAlert, type Signer } from "@ariadne/envelope";
import { createTestKeys, startNats } from "@ariadne/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { ClientError, NcpClient } from "../src/mod.ts";

const example = (name: string) =>
  parseAlertDocument(readFileSync(new URL(`../../../examples/${name}`, import.meta.url), "utf8"));

/** Answers every intake message as `answerer` would: a receipt or a notice on the publisher's return subject. */
function answer(
  nc: NatsConnection,
  answerer: Signer,
  kind: "accept" | "reject",
  verifier: ReturnType<Awaited<ReturnType<typeof createTestKeys>>["verifier"]>,
) {
  const js = jetstream(nc);
  return nc.subscribe(subjects.intakeAll, {
    callback: (_e, msg) => {
      const opened = openAlert(msg.data, verifier);
      const { alertId, version, originator } = opened.manifest;
      const bytes =
        kind === "accept"
          ? encodeEnvelope(
              answerer.sign(
                MESSAGE_TYPES.Receipt,
                Receipt.encode(
                  Receipt.fromPartial({
                    receiptId: "r1",
                    alertId,
                    version,
                    originator,
                    issuer: answerer.party,
                    evidence: Receipt_Evidence.EVIDENCE_SUBMISSION_ACCEPTANCE,
                    recipients: ["europol"],
                  }),
                ).finish(),
              ),
            )
          : encodeEnvelope(
              answerer.sign(
                MESSAGE_TYPES.RejectionNotice,
                RejectionNotice.encode(
                  RejectionNotice.fromPartial({
                    noticeId: "n1",
                    alertId,
                    version,
                    publisher: originator,
                    code: "VALIDATION_FAILED",
                  }),
                ).finish(),
              ),
            );
      void js.publish(subjects.ret(originator), bytes);
    },
  });
}

describe("NcpClient", () => {
  it("publishes a sealed alert and reads the router's signed answer; ignores answers that do not verify", async () => {
    await using server = await startNats();
    const keys = await createTestKeys();
    const nc = await connect({ servers: server.url });
    await ensureStreams(await jetstreamManager(nc), { replicas: 1 });
    const client = new NcpClient({ nc, signer: await keys.signer("ncp.nl"), verifier: keys.verifier() });
    const alert = example("labour-fake-job-ads.yaml");

    const sub = answer(nc, await keys.signer("router"), "accept", keys.verifier());
    const { published, outcome } = await client.publishAndWait(alert, 5000);
    expect(published.duplicate).toBe(false);
    expect(outcome.kind).toBe("accepted");
    expect(outcome.kind === "accepted" && outcome.item.receipt.recipients).toEqual(["europol"]);
    sub.unsubscribe();

    // Same id + version again: JetStream's dedup keeps one copy.
    const again = await client.publish(alert);
    expect(again.duplicate).toBe(true);
    expect(again.seq).toBe(published.seq);

    const rejecting = answer(nc, await keys.signer("router"), "reject", keys.verifier());
    const second = { ...alert, header: { ...alert.header, version: 2 } } as typeof alert;
    const r = await client.publishAndWait(second, 5000);
    expect(r.outcome.kind).toBe("rejected");
    expect(r.outcome.kind === "rejected" && r.outcome.item.notice.code).toBe("VALIDATION_FAILED");
    rejecting.unsubscribe();

    // A notice signed by an NCP (not a router) is not an outcome: the client times out.
    const forging = answer(nc, await keys.signer("ncp.de"), "reject", keys.verifier());
    const third = { ...alert, header: { ...alert.header, version: 3 } } as typeof alert;
    const err = await client.publishAndWait(third, 1500).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientError);
    expect((err as ClientError).code).toBe("OUTCOME_TIMEOUT");
    forging.unsubscribe();

    const returns = await client.returns(new Date(0));
    const kinds: string[] = [];
    for await (const item of returns) {
      kinds.push(item.kind === "invalid" ? `invalid:${item.code}` : item.kind);
      if (kinds.length === 3) break;
    }
    await returns.close();
    expect(kinds).toEqual(["receipt", "notice", "invalid:ROLE_NOT_ALLOWED"]);
    expect((await (await jetstreamManager(nc)).streams.info(STREAMS.INTAKE)).state.messages).toBe(3);
    await nc.close();
  });
});
