import { durables, H, STREAMS, subjects } from "@ariadne/bus";
import { AuditAction, Receipt_Evidence } from "@ariadne/contracts";
import { attest, minimise, sealAlert } from "@ariadne/envelope";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { describe, expect, it } from "vitest";
import { openStateBucket } from "../src/state/bucket.ts";
import { CopyIndex } from "../src/state/copy-index.ts";
import { counter } from "./support/metrics.ts";
import { example, publishCopy, routeExample, sealAndAttest } from "./support/route.ts";
import { eventually, World } from "./support/world.ts";

/** The dead letters of adapter.europol, as an operator reads them. */
async function deadLetters(world: World) {
  const js = jetstream(world.nc);
  const consumer = await js.consumers.get(STREAMS.DEADLETTER, {
    filter_subjects: [subjects.deadLetter("adapter.europol")],
  });
  const info = await consumer.info();
  const out: { code: string | undefined; deliveries: string | undefined; alertId: string | undefined }[] = [];
  if (info.num_pending === 0) return out;
  for await (const m of await consumer.fetch({ max_messages: info.num_pending, expires: 2000 })) {
    out.push({
      code: m.headers?.get(H.errorCode),
      deliveries: m.headers?.get(H.deliveries),
      alertId: m.headers?.get(H.alertId),
    });
    if (m.info.pending === 0) break;
  }
  return out;
}

describe("dead letters and failing closed", () => {
  it("gives up after the bounded attempts: dead letter, audit record, signed NON_DELIVERY receipt", async () => {
    await using world = await World.start();
    const europol = await world.standin("europol", { mode: "fail" });
    await world.adapter("europol", europol.url, { delivery: { maxAttempts: 3 } });
    const [copy] = await routeExample(world, "labour-fake-job-ads", { agencies: ["europol"] });
    const alertId = copy?.alert.header?.alertId;

    const [dead] = await eventually("a dead letter", async () => {
      const d = await deadLetters(world);
      return d.length > 0 ? d : undefined;
    });
    expect(dead).toEqual({ code: "CHANNEL_UNAVAILABLE", deliveries: "3", alertId });
    const receipt = await eventually("the negative receipt", async () =>
      (await world.returns("ncp.nl")).find((i) => i.receipt?.evidence === Receipt_Evidence.EVIDENCE_NON_DELIVERY),
    );
    expect(receipt.party).toBe("adapter.europol");
    expect(receipt.receipt?.code).toBe("CHANNEL_UNAVAILABLE");
    expect(receipt.receipt?.attempts).toBe(3);
    expect(receipt.receipt?.recipient).toBe("europol");
    const [event] = world.audit.events(AuditAction.AUDIT_ACTION_DEAD_LETTER);
    expect(event?.code).toBe("CHANNEL_UNAVAILABLE");
    expect(event?.alertId).toBe(alertId);
    expect(event?.detail).toContain(`message_id=${copy?.copyId}`);
    expect(event?.detail).toContain("attempts=3");
    // The receipt is evidence in the trail too; the copy is marked dead in the index.
    expect(
      world.audit
        .events(AuditAction.AUDIT_ACTION_EVIDENCE)
        .some((e) => e.detail.includes("EVIDENCE_NON_DELIVERY") && e.alertId === alertId),
    ).toBe(true);
    const record = await new CopyIndex(await openStateBucket(world.nc, "europol")).get(copy?.copyId ?? "");
    expect(record?.state).toBe("dead");
    expect(europol.records()).toHaveLength(0);
    const jsm = await jetstreamManager(world.nc);
    await eventually("terminated", async () => {
      const info = await jsm.consumers.info(STREAMS.DELIVERY, durables.adapter("europol"));
      return info.num_ack_pending === 0 && info.num_pending === 0;
    });
  }, 60_000);

  it("dead-letters a copy that does not verify at once, with a RELAY_FAILURE receipt", async () => {
    await using world = await World.start();
    const europol = await world.standin("europol");
    await world.adapter("europol", europol.url);
    // Not the router: an NCP signs an attestation for Europol (role not allowed).
    const alert = example("forced-criminality-external-border");
    const sealed = sealAlert(alert, await world.keys.signer("ncp.fr"));
    const [routed] = await sealAndAttest(world, alert, { agencies: ["europol"] });
    const forged = attest(
      minimise(sealed, []),
      {
        recipient: "europol",
        policyVersion: "0".repeat(64),
        ruleIds: ["europol.thb"],
        handlingCode: routed?.decision.handlingCode ?? 1,
        legalBasis: "Regulation (EU) 2016/794",
        purposes: [1],
      },
      await world.keys.signer("ncp.fr"),
    );
    const h = alert.header;
    await publishCopy(world, "europol", forged, `${h?.alertId}.${h?.version}.europol`, h?.alertId ?? "", 1);

    const [dead] = await eventually("a dead letter", async () => {
      const d = await deadLetters(world);
      return d.length > 0 ? d : undefined;
    });
    expect(dead?.code).toBe("ROLE_NOT_ALLOWED");
    expect(dead?.deliveries).toBe("1");
    const receipt = await eventually("the relay failure receipt", async () =>
      (await world.returns("ncp.fr")).find((i) => i.receipt?.evidence === Receipt_Evidence.EVIDENCE_RELAY_FAILURE),
    );
    expect(receipt.receipt?.code).toBe("ROLE_NOT_ALLOWED");
    expect(world.audit.events(AuditAction.AUDIT_ACTION_DEAD_LETTER)[0]?.code).toBe("ROLE_NOT_ALLOWED");
    // Nothing was disclosed: no transfer logged, nothing at the endpoint.
    expect(world.audit.events(AuditAction.AUDIT_ACTION_DISCLOSURE)).toHaveLength(0);
    expect(europol.records()).toHaveLength(0);
  }, 60_000);

  it("dead-letters at once what the channel refuses (4xx): a repeat would be refused too", async () => {
    await using world = await World.start();
    // Europol's adapter pointed at Eurojust's channel: 404 on the SIENA path.
    const eurojust = await world.standin("eurojust");
    await world.adapter("europol", eurojust.url);
    await routeExample(world, "labour-fake-job-ads", { agencies: ["europol"] });
    const [dead] = await eventually("a dead letter", async () => {
      const d = await deadLetters(world);
      return d.length > 0 ? d : undefined;
    });
    expect(dead?.code).toBe("CHANNEL_REJECTED");
    expect(dead?.deliveries).toBe("1");
    expect(eurojust.records()).toHaveLength(0);
  }, 60_000);

  it("discloses nothing while the audit log does not confirm, and delivers once it does", async () => {
    await using world = await World.start();
    const europol = await world.standin("europol");
    world.audit.mode = "down";
    const { metrics } = await world.adapter("europol", europol.url, { auditTimeoutMs: 200 });
    const [copy] = await routeExample(world, "minor-sexual-exploitation-online", { agencies: ["europol"] });
    await eventually(
      "retries on the unavailable log",
      async () =>
        (await counter(metrics, "ariadne_adapter_deliveries_total", { outcome: "retry", code: "AUDIT_UNAVAILABLE" })) >=
        3,
    );
    expect(europol.records()).toHaveLength(0);
    world.audit.mode = "refuse";
    await eventually(
      "retries on the refusing log",
      async () =>
        (await counter(metrics, "ariadne_adapter_deliveries_total", { outcome: "retry", code: "APPEND_REFUSED" })) >= 2,
    );
    expect(europol.records()).toHaveLength(0);

    world.audit.mode = "ok";
    await eventually("delivered", () => europol.records().length === 1);
    const transfer = world.audit.events(AuditAction.AUDIT_ACTION_DISCLOSURE);
    expect(transfer).toHaveLength(1);
    expect(transfer[0]?.alertId).toBe(copy?.alert.header?.alertId);
    expect(transfer[0]?.recipients).toEqual(["europol"]);
  }, 60_000);
});
