import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStandin } from "@ariadne/agency-standin";
import { AuditAction, Purpose } from "@ariadne/contracts";
import { loadMandatesFile } from "@ariadne/policy";
import { createLogger, Metrics } from "@ariadne/runtime";
import { createTestKeys, REPO_ROOT } from "@ariadne/testing";
import { describe, expect, it } from "vitest";
import { type FeedItem, openFeed } from "../src/mod.ts";
import { createAdapter } from "../src/service.ts";
import { AuditStandin } from "./support/audit-standin.ts";
import { example, publishCopy, sealAndAttest } from "./support/route.ts";
import { startSecuredNats } from "./support/secured.ts";
import { FAST_DELIVERY, FAST_EVENTS, FEED } from "./support/world.ts";

const OFFICER = "officer.europol.dupont";

/** One node, the parties this test needs, mutual TLS and nkeys as in production. */
const DEPLOYMENT = {
  name: "ariadne-feed-perms",
  cluster: { name: "ariadne-feed-perms", nodes: [{ name: "n1", host: "127.0.0.1" }] },
  jetstream: { replicas: 1, maxFileStore: "2GB", maxMemoryStore: "256MB" },
  ncps: ["de", "fr", "nl", "ro"],
  agencies: ["europol"],
  officers: ["europol.dupont"],
  tls: { verifyClients: true },
};

describe("a liaison officer's feed under the generated least-privilege permissions", () => {
  it("an officer of the agency replays its copies through the adapter's feed; the server refuses nothing", {
    timeout: 90_000,
  }, async () => {
    await using nats = await startSecuredNats(DEPLOYMENT);
    const keys = await createTestKeys({
      parties: [
        { id: "ncp.de", roles: ["publisher", "recipient"] },
        { id: "ncp.fr", roles: ["publisher", "recipient"] },
        { id: "ncp.nl", roles: ["publisher", "recipient"] },
        { id: "router", roles: ["router"] },
        { id: "adapter.europol", roles: ["recipient"] },
        { id: "audit", roles: ["auditor"] },
        { id: OFFICER, roles: ["officer"] },
      ],
    });
    const mandates = await loadMandatesFile(join(REPO_ROOT, "deploy/mandates.yaml"));

    // The audit log's append endpoint, on the audit party's own identity (AUDIT account).
    await using audit = new AuditStandin(await nats.connectAs("audit"), keys.verifier());
    const dataDir = await mkdtemp(join(tmpdir(), "ariadne-feed-perms-standin-"));
    const standin = await startStandin({ agency: "europol", dataDir, control: {} });
    try {
      // The router's copies for Europol, published on the router's identity.
      const router = await nats.connectAs("router");
      const copyIds: string[] = [];
      for (const name of ["labour-fake-job-ads", "forced-criminality-external-border"] as const) {
        const alert = example(name);
        const h = alert.header;
        for (const { copy } of await sealAndAttest({ keys, mandates }, alert, { agencies: ["europol"] })) {
          const copyId = `${h?.alertId}.${h?.version}.europol`;
          await publishCopy({ nc: router }, "europol", copy, copyId, h?.alertId ?? "", h?.version ?? 0);
          copyIds.push(copyId);
        }
      }
      expect(copyIds).toHaveLength(2);

      const adapter = await createAdapter({
        agency: "europol",
        nc: await nats.connectAs("adapter.europol"),
        signer: await keys.signer("adapter.europol"),
        trust: keys.store,
        verifier: keys.verifier(),
        channelUrl: standin.url,
        channelTimeoutMs: 2000,
        auditTimeoutMs: 2000,
        delivery: FAST_DELIVERY,
        events: FAST_EVENTS,
        feed: FEED,
        logger: createLogger({ service: "adapter.europol", level: process.env["ARIADNE_TEST_LOG"] ?? "silent" }),
        metrics: new Metrics("adapter.europol"),
      });
      try {
        const feed = await openFeed({
          nc: await nats.connectAs(OFFICER),
          officer: await keys.signer(OFFICER),
          verifier: keys.verifier(),
          agency: "europol",
          purposes: [Purpose.PURPOSE_CRIMINAL_ANALYSIS],
          since: new Date(0),
        });
        const items: FeedItem[] = [];
        for await (const item of feed) items.push(item);
        // The replay ran to its end (a refused consumer create would end it with STREAM_UNAVAILABLE).
        expect(items.map((i) => i.copyId)).toEqual(copyIds);
        const consulted = audit.events(AuditAction.AUDIT_ACTION_CONSULTATION);
        expect(consulted.map((e) => [e.officer, e.alertId])).toEqual(items.map((i) => [OFFICER, i.alertId]));
      } finally {
        await adapter.stop();
      }

      // Every identity stayed within its generated permissions.
      expect(nats.refused).toEqual([]);
      expect(await nats.logViolations()).toEqual([]);
    } finally {
      await standin.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
