import { hashLeaf, verifyInclusion } from "@ariadne/audit";
import type { LoggedAuditEvent } from "@ariadne/audit-service";
import { H, STREAMS, subjects } from "@ariadne/bus";
import type { ReturnItem } from "@ariadne/client";
import { AgencyReply, AgencyReply_Kind, AuditAction, AuditEvent, Receipt, Receipt_Evidence } from "@ariadne/contracts";
import { MESSAGE_TYPES, openAlert } from "@ariadne/envelope";
import { decide } from "@ariadne/policy";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshExample, idOf } from "./support/alerts.ts";
import { AGENCIES, type AgencyName, type E2eStack, startE2eStack, until, WHY } from "./support/stack.ts";

const ANY_AGE = { maxAgeMs: Number.POSITIVE_INFINITY } as const;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const isAgency = (r: string): r is AgencyName => (AGENCIES as readonly string[]).includes(r);

describe("whole pipeline: the audit trail of an example alert", () => {
  let e: E2eStack;
  beforeAll(async () => {
    e = await startE2eStack("trail");
  }, 120_000);
  afterAll(async () => {
    await e?.[Symbol.asyncDispose]();
  }, 60_000);

  it("shows received, decision per candidate, disclosures with legal basis, acknowledgements, replies and the consultation, every event signed and proven", async () => {
    const alert = freshExample("forced-criminality-external-border.yaml");
    const { alertId, version, originator } = idOf(alert);
    const ncp = await e.ncp(originator);

    // The originator follows its returns from before publishing: nothing it is sent is missed.
    const returned: ReturnItem[] = [];
    const feed = await ncp.returns(new Date(Date.now() - 1000));
    const following = (async () => {
      for await (const item of feed) returned.push(item);
    })();

    const { published, outcome } = await ncp.publishAndWait(alert, 60_000);
    expect(outcome.kind).toBe("accepted");
    if (outcome.kind !== "accepted") return;

    // What the mandates say, computed here independently of the router.
    const opened = openAlert(published.bytes, e.verifier, { party: originator });
    const expected = decide(opened.alert, opened.paths, e.mandates);
    const granted = expected.filter((d) => d.delivered);
    const refused = expected.filter((d) => !d.delivered);
    expect(granted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(outcome.item.receipt.recipients).toEqual(granted.map((d) => d.recipient));
    const agencies = granted.map((d) => d.recipient).filter(isAgency);
    expect(agencies.length).toBeGreaterThan(1);
    const copyId = (recipient: string) => `${alertId}.${version}.${recipient}`;

    // The channels: each entitled agency recorded its copy once, acknowledged it, and replied.
    const channel = new Map<AgencyName, { reference: string; replies: { kind: string; agencyReference: string }[] }>();
    for (const agency of agencies) {
      const standin = e.standin(agency);
      const acked = await until(
        async () => {
          const events = (await standin.events()).filter((ev) => ev.ariadneCopyId === copyId(agency));
          return events.some((ev) => ev.type === "acknowledged") ? events : undefined;
        },
        `${agency} to acknowledge ${copyId(agency)}`,
      );
      const records = (await standin.records()).filter((r) => r.ariadneCopyId === copyId(agency));
      expect(records.map((r) => r.idempotencyKey)).toEqual([copyId(agency)]);
      const replies = acked.flatMap((ev) =>
        ev.type === "reply" ? [{ kind: ev.kind, agencyReference: ev.agencyReference }] : [],
      );
      channel.set(agency, { reference: records[0]?.reference ?? "", replies });
    }
    // In this example every agency answers (Europol matches a suspect's phone, Eurojust assigns
    // the French desk, Frontex updates the crossed border section): replies are part of the trail.
    expect([...channel.values()].every((c) => c.replies.length > 0)).toBe(true);

    // The originator gets, signed by each agency's adapter: delivery receipt, retrieval receipt, replies.
    const evidenceFor = (agency: AgencyName) => {
      const mine = returned.filter(
        (r) => (r.kind === "receipt" || r.kind === "reply") && r.signer.party === `adapter.${agency}`,
      );
      const receipts = mine.flatMap((r) => (r.kind === "receipt" ? [r.receipt] : []));
      const replies = mine.flatMap((r) => (r.kind === "reply" ? [r.reply] : []));
      return { receipts, replies };
    };
    await until(
      () =>
        agencies.every((a) => {
          const { receipts, replies } = evidenceFor(a);
          return receipts.length === 2 && replies.length === channel.get(a)?.replies.length;
        }),
      "the originator to receive every receipt and reply",
    );
    expect(returned.filter((r) => r.kind === "invalid")).toEqual([]);
    await feed.close();
    await following;

    // Copies to NCPs have no adapter in this stack: they wait, stored, in DELIVERY.
    const jsm = await jetstreamManager(e.nc);
    for (const d of granted.filter((g) => !isAgency(g.recipient))) {
      const stored = await jsm.streams.getMessage(STREAMS.DELIVERY, { last_by_subj: subjects.deliver(d.recipient) });
      expect(stored?.header.get(H.msgId)).toBe(copyId(d.recipient));
    }

    // The trail, read through the audit query service as the operator.
    const q = await e.queries();
    const page = await q.trail(alertId);
    expect(page.hasMore).toBe(false);
    const trail = page.events;
    // Every event's signature was checked by the client against the registry, by the party it
    // names as actor; checked here once more, on the exact envelope inside the logged leaf.
    for (const ev of trail) {
      expect(ev.signer).toBe(ev.event.actor);
      const verified = e.verifier.verify(ev.envelope, { type: MESSAGE_TYPES.AuditEvent, ...ANY_AGE });
      expect(verified.party).toBe(ev.event.actor);
      expect(AuditEvent.decode(verified.payload)).toEqual(ev.event);
      expect(ev.event.alertId === alertId || ev.event.linkedAlertIds.includes(alertId)).toBe(true);
    }
    expect(trail.map((ev) => ev.index)).toEqual([...trail.map((ev) => ev.index)].sort((a, b) => a - b));

    const of = (action: AuditAction, actor: string, detail?: RegExp) =>
      trail.filter(
        (ev) => ev.event.action === action && ev.event.actor === actor && (!detail || detail.test(ev.event.detail)),
      );
    const one = (action: AuditAction, actor: string, detail?: RegExp): LoggedAuditEvent => {
      const found = of(action, actor, detail);
      expect(found, `${AuditAction[action]} by ${actor} ${detail ?? ""}`).toHaveLength(1);
      return found[0] as LoggedAuditEvent;
    };

    // Received and verified (collection), then one decision with every candidate recipient.
    const collection = one(AuditAction.AUDIT_ACTION_COLLECTION, "router");
    expect(collection.event).toMatchObject({ alertId, version, originator, detail: "alert received and verified" });
    expect(hex(collection.event.manifestDigest)).toBe(hex(opened.manifestDigest));
    const decision = one(AuditAction.AUDIT_ACTION_DECISION, "router");
    expect(decision.index).toBeGreaterThan(collection.index);
    expect(decision.event.policyVersion).toBe(e.mandates.version);
    expect(decision.event.recipients).toEqual(granted.map((d) => d.recipient));
    expect(
      decision.event.decisions.map((r) => [r.recipient, r.delivered, r.reasonCode, r.ruleIds, r.legalBasis]),
    ).toEqual(expected.map((d) => [d.recipient, d.delivered, d.reasonCode, [...d.ruleIds], d.legalBasis]));
    for (const r of decision.event.decisions) {
      expect(r.legalBasis.length).toBeGreaterThan(0);
      expect(r.reasonCode === "ALLOWED").toBe(r.delivered);
      expect(r.reason.length).toBeGreaterThan(0);
    }

    // Per agency: the transfer (disclosure with recipient and legal basis), the channel's
    // acceptance (delivery receipt), its acknowledgement (retrieval receipt), its replies.
    for (const agency of agencies) {
      const actor = `adapter.${agency}`;
      const d = granted.find((g) => g.recipient === agency);
      const disclosure = one(AuditAction.AUDIT_ACTION_DISCLOSURE, actor);
      expect(disclosure.event).toMatchObject({
        recipients: [agency],
        legalBasis: d?.legalBasis,
        ruleIds: [...(d?.ruleIds ?? [])],
        policyVersion: e.mandates.version,
      });
      expect(disclosure.event.detail).toMatch(new RegExp(`^copy transferred channel=${agency}\\b`));
      expect(disclosure.event.copyDigest).toHaveLength(32);
      expect(disclosure.index).toBeGreaterThan(decision.index);

      const receiptOf = (ev: LoggedAuditEvent) => {
        const v = e.verifier.verify(ev.event.artefact, { type: MESSAGE_TYPES.Receipt, ...ANY_AGE });
        expect(v.party).toBe(actor);
        return Receipt.decode(v.payload);
      };
      const delivery = one(AuditAction.AUDIT_ACTION_EVIDENCE, actor, /^receipt issued evidence=EVIDENCE_DELIVERY$/);
      const deliveryReceipt = receiptOf(delivery);
      expect(deliveryReceipt).toMatchObject({
        alertId,
        version,
        recipient: agency,
        evidence: Receipt_Evidence.EVIDENCE_DELIVERY,
        channelReference: channel.get(agency)?.reference,
      });
      expect(delivery.index).toBeGreaterThan(disclosure.index);
      const retrieval = one(AuditAction.AUDIT_ACTION_EVIDENCE, actor, /^receipt issued evidence=EVIDENCE_RETRIEVAL$/);
      expect(receiptOf(retrieval)).toMatchObject({ recipient: agency, evidence: Receipt_Evidence.EVIDENCE_RETRIEVAL });
      expect(retrieval.index).toBeGreaterThan(delivery.index);
      // What the trail records is what the originator was sent.
      expect(
        evidenceFor(agency)
          .receipts.map((r) => r.receiptId)
          .sort(),
      ).toEqual([deliveryReceipt.receiptId, receiptOf(retrieval).receiptId].sort());

      const replies = of(AuditAction.AUDIT_ACTION_EVIDENCE, actor, /^reply issued /);
      const decoded = replies.map((ev) => {
        const v = e.verifier.verify(ev.event.artefact, { type: MESSAGE_TYPES.AgencyReply, ...ANY_AGE });
        expect(v.party).toBe(actor);
        expect(ev.index).toBeGreaterThan(retrieval.index);
        return AgencyReply.decode(v.payload);
      });
      expect(decoded.map((r) => [AgencyReply_Kind[r.kind], r.agencyReference])).toEqual(
        channel.get(agency)?.replies.map((r) => [`KIND_${r.kind}`, r.agencyReference]),
      );
      expect(decoded.map((r) => r.replyId).sort()).toEqual(
        evidenceFor(agency)
          .replies.map((r) => r.replyId)
          .sort(),
      );
    }

    // The read itself is in the log, as the last event of the trail it returned.
    const consultation = trail.at(-1);
    expect(consultation?.index).toBe(page.consultationIndex);
    expect(consultation?.event).toMatchObject({
      action: AuditAction.AUDIT_ACTION_CONSULTATION,
      actor: "audit",
      officer: "operator",
      query: `trail alert_id=${alertId}`,
      legalBasis: WHY.legalBasis,
      purposes: [...WHY.purposes],
      linkedAlertIds: [alertId],
    });
    // Nothing else in the trail: every event is one of those checked above.
    const known = new Set([collection, decision, consultation].map((ev) => ev?.index));
    for (const agency of agencies) {
      for (const ev of trail.filter((x) => x.event.actor === `adapter.${agency}`)) known.add(ev.index);
    }
    expect(trail.filter((ev) => !known.has(ev.index))).toEqual([]);

    // A later read sees the earlier one as a consultation in the trail.
    const again = await q.trail(alertId);
    expect(again.events.map((ev) => ev.index)).toContain(page.consultationIndex);
    expect(again.consultationIndex).toBeGreaterThan(page.consultationIndex);

    // Inclusion of every event under a signed checkpoint (the service signs one every 5 s).
    const size = page.consultationIndex + 1;
    const checkpoint = await until(
      async () => {
        const cp = await q.latestCheckpoint().catch(() => undefined);
        return cp && cp.checkpoint.treeSize >= size ? cp : undefined;
      },
      "a checkpoint covering the trail",
      30_000,
      500,
    );
    const signedBy = e.verifier.verify(checkpoint.envelope, { type: MESSAGE_TYPES.Checkpoint, ...ANY_AGE });
    expect(signedBy.party).toBe("audit");
    const treeSize = checkpoint.checkpoint.treeSize;
    for (const ev of trail) {
      expect(hex(ev.leafHash)).toBe(hex(hashLeaf(ev.leaf)));
      const proof = await q.inclusionProof(ev.index, treeSize);
      expect(proof.treeSize).toBe(treeSize);
      expect(() =>
        verifyInclusion(hashLeaf(ev.leaf), ev.index, treeSize, proof.proof, checkpoint.checkpoint.rootHash),
      ).not.toThrow();
    }
    // The check is not vacuous: a changed leaf does not verify with the same proof.
    const first = trail[0] as LoggedAuditEvent;
    const proof = await q.inclusionProof(first.index, treeSize);
    const changed = Uint8Array.from(first.leaf);
    changed[changed.length - 1] = (changed[changed.length - 1] ?? 0) ^ 1;
    expect(() =>
      verifyInclusion(hashLeaf(changed), first.index, treeSize, proof.proof, checkpoint.checkpoint.rootHash),
    ).toThrow();
  }, 150_000);
});
