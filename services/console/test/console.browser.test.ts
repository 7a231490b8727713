import { mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { H, subjects } from "@ariadne/bus";
import { NcpClient } from "@ariadne/client";
import {
  DEPLOYMENT_FILES,
  readDeployment,
  readOperatorKey,
  signerFor,
  Verifier,
  watchRegistry,
} from "@ariadne/envelope";
import { REPO_ROOT } from "@ariadne/nats-server";
import { type RunningStack, StackConfig, startStack } from "@ariadne/stack";
import { jetstream } from "@nats-io/jetstream";
import { connect, type NatsConnection, headers as newHeaders } from "@nats-io/transport-node";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freshExample } from "./support/alerts.ts";

const SCREENSHOT = join(REPO_ROOT, "test-output", "console.png");
const AGENCIES = new Set(["europol", "eurojust", "frontex"]);

describe("operator console in headless Chromium against a running stack", () => {
  let dataDir: string;
  let stack: RunningStack | undefined;
  let nc: NatsConnection | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "ariadne-console-"));
    const quiet = { step: () => undefined, done: () => undefined };
    [stack, browser] = await Promise.all([
      startStack(StackConfig.parse({ dataDir, consolePort: 0, logLevel: "info" }), quiet),
      // Debian's chromium, installed by the global setup (no browser download works here).
      chromium.launch({
        executablePath: inject("chromium"),
        headless: true,
        args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
      }),
    ]);
    nc = await connect({ servers: stack.natsUrl, name: "console-browser-test" });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await nc?.close();
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text as rendered, what an operator reads.
  const shown = (locator: Locator) => locator.innerText();
  const text = (page: Page, selector: string) => shown(page.locator(selector));

  it("searches an alert, shows its trail, the counters moving, the checkpoint and a dead letter", async () => {
    if (!stack || !browser || !nc) throw new Error("stack not started");
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const pageErrors: string[] = [];
    page.on("pageerror", (err) => pageErrors.push(err.message));
    await page.goto(stack.consoleUrl);
    await expect.poll(() => text(page, "#c-received"), { timeout: 15_000 }).toBe("0");

    // An NCP publishes an example alert; the router accepts it.
    const deployment = await readDeployment(stack.keysDir);
    const operatorKey = await readOperatorKey(join(stack.keysDir, DEPLOYMENT_FILES.operatorPublic));
    const registry = await watchRegistry({ nc, operatorKey });
    const ncp = new NcpClient({ nc, signer: await signerFor(deployment, "ncp.nl"), verifier: new Verifier(registry) });
    const alert = freshExample("labour-fake-job-ads.yaml");
    const alertId = alert.header?.alertId ?? "";
    const { outcome } = await ncp.publishAndWait(alert, 30_000);
    await registry.stop();
    expect(outcome.kind).toBe("accepted");
    if (outcome.kind !== "accepted") return;
    const agencies = outcome.item.receipt.recipients.filter((r) => AGENCIES.has(r));
    expect(agencies.length).toBeGreaterThan(1);

    // The live counters follow the log until every entitled agency acknowledged its copy.
    await expect.poll(() => text(page, "#c-received"), { timeout: 30_000 }).toBe("1");
    await expect.poll(() => text(page, "#c-acknowledged"), { timeout: 45_000 }).toBe(String(agencies.length));
    expect(await text(page, "#c-accepted")).toBe("1");
    expect(await text(page, "#c-rejected")).toBe("0");
    expect(await text(page, "#c-delivered")).toBe(String(agencies.length));

    // Search by a prefix of the id and the originator; open the trail.
    await page.fill('input[name="q"]', alertId.slice(0, 13));
    await page.selectOption('select[name="originator"]', "ncp.nl");
    await page.click('#search button[type="submit"]');
    const row = page.locator(`.results tbody tr[data-alert-id="${alertId}"]`);
    await row.waitFor({ timeout: 10_000 });
    await row.locator("button").click();

    const timeline = page.locator(".timeline");
    await timeline.locator('li[data-stage="received"]').waitFor({ timeout: 15_000 });
    const stages = await timeline.locator("li").evaluateAll((lis) => lis.map((li) => li.getAttribute("data-stage")));
    expect(stages[0]).toBe("received");
    expect(stages.indexOf("decision")).toBeGreaterThan(0);
    expect(stages.filter((s) => s === "delivered")).toHaveLength(agencies.length);
    expect(stages.filter((s) => s === "acknowledged")).toHaveLength(agencies.length);
    expect(stages.indexOf("delivered")).toBeGreaterThan(stages.indexOf("decision"));
    // Reading the trail is itself logged, and shows in the trail it returns.
    expect(stages.at(-1)).toBe("consultation");

    // A decision per candidate recipient, with its reason code and withheld-field count.
    const decisions = timeline.locator('li[data-stage="decision"] table tbody tr');
    expect(await decisions.count()).toBe(outcome.item.receipt.recipients.length + 1);
    const decisionText = await shown(timeline.locator('li[data-stage="decision"]'));
    expect(decisionText).toContain("ALLOWED");
    expect(decisionText).toContain("THIRD_PARTY_NO_CONSENT");
    for (const agency of agencies) {
      const progress = page.locator(`.recipients tbody tr[data-recipient="${agency}"]`);
      expect(await shown(progress)).toMatch(/allowed\s+ALLOWED\s+\d+\s+yes\s+yes/);
    }

    // The newest checkpoint (the stack checkpoints every 5 s), its signature verified.
    await expect
      .poll(() => text(page, '#checkpoint dd[data-fact="signature"]').catch(() => ""), { timeout: 20_000 })
      .toBe("verified (audit)");
    // One that covers the alert's events (the first checkpoint may predate them).
    await expect
      .poll(async () => Number(await text(page, '#checkpoint dd[data-fact="tree size"]')), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(stages.length - 1);

    // A dead letter as a stage writes it (runtime work loop headers; no stage of this stack fails on
    // its own in a test's time): the panel and the counter show it, by code and ids only.
    const h = newHeaders();
    h.set(H.deadLetterStage, "adapter.europol");
    h.set(H.errorCode, "CHANNEL_REFUSED");
    h.set(H.deliveries, "5");
    h.set(H.alertId, alertId);
    h.set(H.alertVersion, "1");
    h.set("Ariadne-Original-Subject", subjects.deliver("europol"));
    await jetstream(nc).publish(subjects.deadLetter("adapter.europol"), new Uint8Array([1, 2, 3]), { headers: h });
    const deadRow = page.locator(".deadletters tbody tr").first();
    await expect.poll(() => shown(deadRow).catch(() => ""), { timeout: 15_000 }).toContain("CHANNEL_REFUSED");
    expect(await shown(deadRow)).toContain("adapter.europol");
    await expect.poll(() => text(page, "#c-deadletters"), { timeout: 10_000 }).toBe("1");

    // Nothing personal, on the page or in the console's log (the example's persons are invented).
    const html = await page.content();
    const log = await readFile(join(dataDir, "logs", "console.log"), "utf8");
    expect(log).toContain(alertId);
    for (const name of ["Ardeleanu", "Tolea", "Rusu", "Ciobanu", "Flexwork"]) {
      expect(html).not.toContain(name);
      expect(log).not.toContain(name);
    }

    // The API refuses what is not an id; /metrics counts requests by route, never by alert.
    const badTrail = await fetch(`${stack.consoleUrl}api/alerts/not-an-id/trail`);
    expect(badTrail.status).toBe(400);
    expect(await badTrail.json()).toEqual({ error: { code: "BAD_ALERT_ID" } });
    const metrics = await (await fetch(`${stack.consoleUrl}metrics`)).text();
    expect(metrics).toMatch(/ariadne_console_api_requests_total\{[^}]*route="\/api\/alerts\/:id\/trail",status="200"/);
    expect(metrics).not.toContain(alertId);

    expect(pageErrors).toEqual([]);
    await mkdir(join(REPO_ROOT, "test-output"), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect((await stat(SCREENSHOT)).size).toBeGreaterThan(10_000);
  }, 90_000);
});
