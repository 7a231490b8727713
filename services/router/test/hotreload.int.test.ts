import { createHash } from "node:crypto";
import { copyFile, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { H, STREAMS, subjects } from "@ariadne/bus";
import { AuditAction } from "@ariadne/contracts";
import { MESSAGE_TYPES, openRoutedCopy } from "@ariadne/envelope";
import { describe, expect, it } from "vitest";
import { freshExample, SHIPPED_MANDATES } from "./support/alerts.ts";
import { type Harness, metricValue, startHarness } from "./support/harness.ts";
import { publishAlert, readStream, until } from "./support/streams.ts";

/** Publishes a fresh labour alert (ncp.nl; its purposes include border risk analysis) and waits for its receipt. */
async function route(h: Harness): Promise<string> {
  const alert = freshExample("labour-fake-job-ads.yaml");
  const alertId = alert.header?.alertId ?? "";
  await publishAlert(h.js, alert, await h.signer("ncp.nl"));
  await until(
    async () =>
      (await readStream(h.js, h.jsm, STREAMS.RETURN, subjects.ret("ncp.nl"))).some(
        (m) => m.header(H.alertId) === alertId && m.header(H.type) === MESSAGE_TYPES.Receipt,
      ),
    `receipt of ${alertId}`,
  );
  return alertId;
}

function decisionOf(h: Harness, alertId: string) {
  return h.audit.events((e) => e.alertId === alertId && e.action === AuditAction.AUDIT_ACTION_DECISION)[0];
}

describe("router: mandates hot reload", () => {
  it("the next alert after a changed mandates file is decided by the new version, without a restart", async () => {
    const dir = await mkdtemp(join(tmpdir(), "router-mandates-"));
    const file = join(dir, "mandates.yaml");
    await copyFile(SHIPPED_MANDATES, file);
    try {
      await using h = await startHarness({ mandatesFile: file });
      const v1 = h.mandates.version;

      const first = await route(h);
      expect(decisionOf(h, first)?.policyVersion).toBe(v1);
      const frontex1 = decisionOf(h, first)?.decisions.find((d) => d.recipient === "frontex");
      expect(frontex1?.delivered).toBe(true);
      const [copy1] = (await readStream(h.js, h.jsm, STREAMS.DELIVERY, subjects.deliver("frontex"))).filter(
        (m) => m.header(H.alertId) === first,
      );
      expect(
        openRoutedCopy(copy1?.data ?? new Uint8Array(), h.keys.verifier(), { recipient: "frontex" }).attestation
          .policyVersion,
      ).toBe(v1);

      // Frontex loses border risk analysis: the labour alert is no longer its business. Atomic replace.
      const text = await readFile(file, "utf8");
      const at = text.indexOf("  - id: frontex");
      const edited = text.slice(0, at) + text.slice(at).replace("      - PURPOSE_BORDER_RISK_ANALYSIS\n", "");
      expect(edited).not.toBe(text);
      await writeFile(join(dir, "mandates.yaml.tmp"), edited);
      await rename(join(dir, "mandates.yaml.tmp"), file);
      const v2 = createHash("sha256").update(edited).digest("hex");
      await until(() => h.mandates.version === v2, "the reload");

      const second = await route(h);
      const decision = decisionOf(h, second);
      expect(decision?.policyVersion).toBe(v2);
      const frontex2 = decision?.decisions.find((d) => d.recipient === "frontex");
      expect(frontex2).toMatchObject({
        delivered: false,
        reasonCode: "PURPOSE_OUT_OF_MANDATE",
        ruleIds: ["frontex#purposes"],
      });
      const frontexCopies = (await readStream(h.js, h.jsm, STREAMS.DELIVERY, subjects.deliver("frontex"))).filter(
        (m) => m.header(H.alertId) === second,
      );
      expect(frontexCopies).toHaveLength(0);
      const [europol] = (await readStream(h.js, h.jsm, STREAMS.DELIVERY, subjects.deliver("europol"))).filter(
        (m) => m.header(H.alertId) === second,
      );
      expect(
        openRoutedCopy(europol?.data ?? new Uint8Array(), h.keys.verifier(), { recipient: "europol" }).attestation
          .policyVersion,
      ).toBe(v2);
      // The earlier decision keeps the version it was made under; the info metric names the new one.
      expect(decisionOf(h, first)?.policyVersion).toBe(v1);
      expect(await metricValue(h.metrics, "ariadne_router_policy_info", { policy_version: v2 })).toBe(1);
      expect(await metricValue(h.metrics, "ariadne_router_policy_info", { policy_version: v1 })).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
