import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { durables, ensureStreams, H, STREAMS, subjects } from "@ariadne/bus";
import {
  copyIdOf,
  createDeployment,
  encodeEnvelope,
  loadRegistry,
  NatsKvReplayGuard,
  openAlert,
  publishRegistry,
  sealAlert,
  signerFor,
  TrustStore,
  Verifier,
  writeDeployment,
} from "@ariadne/envelope";
import { decide, loadMandatesFile } from "@ariadne/policy";
import { startNats, TEST_PARTIES } from "@ariadne/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, headers as newHeaders } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { EXAMPLES, example, freshExample, SHIPPED_MANDATES } from "./support/alerts.ts";
import { countIds, expectedRouterActions } from "./support/expected.ts";
import { freePort, type Supervised, startRouterProcess } from "./support/processes.ts";
import { RealAudit } from "./support/real-audit.ts";
import { messageCount, readStream, until } from "./support/streams.ts";

const ALERTS = 10_000;

describe("router: kill -9 of one of two router processes during a burst", () => {
  it("ends with every alert delivered exactly once to each entitled recipient subject", async () => {
    await using server = await startNats();
    const dir = await mkdtemp(join(tmpdir(), "router-kill-"));
    const started: Supervised[] = [];
    const nc = await connect({ servers: server.url });
    let audit: RealAudit | undefined;
    try {
      // Operator, once: keys, registry in KV, streams, the replay bucket.
      const deployment = await createDeployment(TEST_PARTIES);
      await writeDeployment(dir, deployment);
      await publishRegistry(nc, deployment.registryJws);
      const js = jetstream(nc);
      const jsm = await jetstreamManager(nc);
      await ensureStreams(jsm, { replicas: 1 });
      await NatsKvReplayGuard.open(nc);
      const verifier = new Verifier(
        new TrustStore(await loadRegistry(deployment.registryJws, deployment.operator.publicJwk)),
      );
      // The real audit service, in this process on its own connection.
      audit = new RealAudit(
        server.url,
        { audit: await signerFor(deployment, "audit"), operator: await signerFor(deployment, "operator") },
        verifier,
        nc,
      );
      await audit.start();
      const routerKid = deployment.privateKeys.get("router")?.[0]?.kid ?? "";
      const env = {
        natsUrl: server.url,
        keyFile: join(dir, "keys", "router", `${routerKid}.jwk`),
        operatorKeyFile: join(dir, "operator.pub.jwk"),
        mandatesFile: SHIPPED_MANDATES,
        // A short ack wait so that the killed router's messages come back quickly.
        extra: {
          ARIADNE_ROUTER_ACK_WAIT_MS: "10000",
          ARIADNE_ROUTER_CONCURRENCY: "32",
          ARIADNE_ROUTER_MAX_DELIVERIES: "50",
        },
      };
      const ports = [await freePort(), await freePort()];
      const logDir = join(dir, "logs");
      const a = await startRouterProcess("router-a", ports[0] as number, env, logDir);
      started.push(a);
      started.push(await startRouterProcess("router-b", ports[1] as number, env, logDir));

      // Whom each example goes to depends on its content only, not on its fresh id.
      const mandates = await loadMandatesFile(SHIPPED_MANDATES);
      const signers = new Map(
        await Promise.all(
          ["ncp.nl", "ncp.de", "ncp.fr"].map(async (p) => [p, await signerFor(deployment, p)] as const),
        ),
      );
      const entitled = new Map(
        EXAMPLES.map((name) => {
          const alert = example(name);
          const signer = signers.get(alert.header?.originator ?? "");
          if (!signer) throw new Error("no signer");
          const opened = openAlert(sealAlert(alert, signer), verifier);
          const recipients = decide(opened.alert, opened.paths, mandates).filter((d) => d.delivered);
          return [name, recipients.map((d) => d.recipient)] as const;
        }),
      );

      // Sealed beforehand (the NCPs' work, not the routers'), so that the burst is the routers' alone.
      const expected: string[] = [];
      let routerEvents = 0;
      const burst: { subject: string; bytes: Uint8Array; alertId: string; version: number }[] = [];
      for (let i = 0; i < ALERTS; i++) {
        const name = EXAMPLES[i % EXAMPLES.length] ?? EXAMPLES[0];
        const alert = freshExample(name);
        const { alertId, version, originator } = alert.header ?? { alertId: "", version: 0, originator: "" };
        for (const r of entitled.get(name) ?? []) expected.push(copyIdOf(alertId, version, r));
        routerEvents += expectedRouterActions(alert).length;
        const signer = signers.get(originator);
        if (!signer) throw new Error("no signer");
        burst.push({
          subject: subjects.intake(originator),
          bytes: encodeEnvelope(sealAlert(alert, signer)),
          alertId,
          version,
        });
        // Let the audit stand-in in this process answer the routers meanwhile.
        if (i % 50 === 0) await new Promise((r) => setImmediate(r));
      }
      for (let i = 0; i < ALERTS; i += 500) {
        await Promise.all(
          burst.slice(i, i + 500).map(({ subject, bytes, alertId, version }) => {
            const h = newHeaders();
            h.set(H.alertId, alertId);
            h.set(H.alertVersion, String(version));
            return js.publish(subject, bytes, { headers: h, msgID: `${alertId}.${version}` });
          }),
        );
      }
      // Mid-burst, once the routers are well under way: kill -9 one, then bring it back.
      await until(async () => (await messageCount(jsm, STREAMS.RETURN)) >= ALERTS / 4, "a quarter routed", 240_000);
      await a.stop("SIGKILL");
      const routedAtKill = await messageCount(jsm, STREAMS.RETURN);
      started.push(await startRouterProcess("router-a2", ports[0] as number, env, logDir));
      const killed = routedAtKill < ALERTS;
      expect(killed).toBe(true);
      expect(await messageCount(jsm, STREAMS.INTAKE)).toBe(ALERTS);

      await until(async () => (await messageCount(jsm, STREAMS.RETURN)) === ALERTS, "every receipt", 240_000);
      await until(async () => (await messageCount(jsm, STREAMS.DELIVERY)) >= expected.length, "every copy", 60_000);
      await until(async () => {
        const c = await jsm.consumers.info(STREAMS.INTAKE, durables.router);
        return c.num_pending === 0 && c.num_ack_pending === 0;
      }, "the consumer drained");

      // Count DELIVERY by copy id: none missing, none duplicated, none unexpected.
      const delivered = countIds((await readStream(js, jsm, STREAMS.DELIVERY)).map((m) => m.header(H.msgId)));
      const missing = expected.filter((id) => !delivered.has(id));
      const duplicated = [...delivered].filter(([, n]) => n > 1);
      const unexpected = [...delivered.keys()].filter((id) => !expected.includes(id));
      expect({ missing: missing.length, duplicated: duplicated.length, unexpected: unexpected.length }).toEqual({
        missing: 0,
        duplicated: 0,
        unexpected: 0,
      });
      expect(delivered.size).toBe(expected.length);
      // Each copy is on its recipient's own subject.
      const bySubject = await jsm.streams.info(STREAMS.DELIVERY, { subjects_filter: ">" });
      for (const r of new Set([...entitled.values()].flat())) {
        const n = expected.filter((id) => id.endsWith(`.${r}`)).length;
        expect(bySubject.state.subjects?.[subjects.deliver(r)], r).toBe(n);
      }
      expect(await messageCount(jsm, STREAMS.DEADLETTER)).toBe(0);
      // Collection (and combination, for an alert that links others) and decision of every alert,
      // each logged once.
      expect(await messageCount(jsm, STREAMS.AUDIT)).toBe(routerEvents);

      // Operable: metrics name the outcome counts and the policy version; a graceful stop exits 0.
      const metrics = await (await fetch(`http://127.0.0.1:${ports[1]}/metrics`)).text();
      const metricsA2 = await (await fetch(`http://127.0.0.1:${ports[0]}/metrics`)).text();
      // What the killed router had in hand came back to a survivor and was handled again, idempotently.
      const redeliveries = [metrics, metricsA2]
        .map((text) => Number(/^ariadne_router_redeliveries_total\{[^}]*\} (\d+)/m.exec(text)?.[1] ?? "0"))
        .reduce((x, y) => x + y, 0);
      expect(redeliveries).toBeGreaterThan(0);
      expect(metrics).toMatch(/ariadne_router_alerts_total\{[^}]*outcome="routed"[^}]*\} [1-9]/);
      expect(metrics).toContain(`policy_version="${mandates.version}"`);
      expect(await (await fetch(`http://127.0.0.1:${ports[1]}/healthz`)).json()).toEqual({ status: "ok" });
      expect(await (await fetch(`http://127.0.0.1:${ports[1]}/readyz`)).json()).toEqual({
        status: "ready",
        checks: { nats: true, registry: true, mandates: true, consumer: true },
      });
      for (const p of started.filter((s) => s.running)) expect(await p.stop("SIGTERM")).toBe(0);
    } finally {
      for (const p of started) await p.stop("SIGKILL").catch(() => undefined);
      await audit?.down();
      await nc.close();
      if (process.env["ROUTER_TEST_KEEP"]) process.stdout.write(`kept ${dir}\n`);
      else await rm(dir, { recursive: true, force: true });
    }
  }, 420_000);
});
