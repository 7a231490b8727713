import { createHash } from "node:crypto";
import { subjects } from "@ariadne/bus";
import { AppendReply, AppendRequest, Envelope } from "@ariadne/contracts";
import { createTestKeys, startNats } from "@ariadne/testing";
import { connect } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { AuditClient, AuditError, collectionEvent } from "../src/mod.ts";

const event = (n: number) =>
  collectionEvent(
    { actor: "router", occurredAt: new Date("2025-09-15T08:42:00Z") },
    {
      alert: {
        alertId: "019380a2-6c1e-7a3b-9f10-2b7c4d5e6f01",
        version: n,
        originator: "ncp.nl",
        manifestDigest: createHash("sha256").update(String(n)).digest(),
      },
    },
  );

describe("AuditClient", () => {
  it("sends signed events and returns their positions; fails closed without an audit service", async () => {
    await using server = await startNats({ jetstream: false });
    const keys = await createTestKeys();
    const router = await keys.signer("router");
    const nc = await connect({ servers: server.url });
    const client = new AuditClient({ nc, sign: (t, p) => router.sign(t, p), timeoutMs: 500 });

    // No audit service: nothing answers, nothing is logged, the caller learns it.
    const none = await client.append([event(1)]).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(AuditError);
    expect((none as AuditError).code).toBe("AUDIT_UNAVAILABLE");

    // A responder that checks the signatures and "stores" them.
    const verifier = keys.verifier();
    let next = 0;
    const sub = nc.subscribe(subjects.auditAppend, {
      callback: (_err, msg) => {
        const req = AppendRequest.decode(msg.data);
        try {
          for (const e of req.events) verifier.verify(e, { type: "ariadne.v1.AuditEvent", party: "router" });
        } catch (err) {
          msg.respond(
            AppendReply.encode({
              results: [],
              code: (err as { code: string }).code,
              detail: "",
              treeSize: next,
            }).finish(),
          );
          return;
        }
        const results = req.events.map((e) => ({
          eventId: Envelope.decode(e).signature.slice(0, 8),
          index: next++,
          duplicate: false,
        }));
        msg.respond(AppendReply.encode({ results, code: "", detail: "", treeSize: next }).finish());
      },
    });
    const logged = await client.append([event(1), event(2)]);
    expect(logged.map((l) => l.index)).toEqual([0, 1]);

    // A refusal is not a success: the service's code comes through.
    const forger = new AuditClient({
      nc,
      sign: (t, p) => ({ ...router.sign(t, p), payload: new Uint8Array([1, 2, 3]) }),
    });
    const refused = await forger.append([event(3)]).catch((e: unknown) => e);
    expect((refused as AuditError).code).toBe("APPEND_REFUSED");
    expect((refused as AuditError).refusedCode).toBe("SIGNATURE_INVALID");

    sub.unsubscribe();
    await nc.close();
  });
});
