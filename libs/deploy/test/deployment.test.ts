import { describe, expect, it } from "vitest";
import { DeployError, parseDeployment, STORE_SHARES, sizeBytes, storeBudget } from "../src/mod.ts";
import { testDeployment } from "./support/deployment.ts";

function codeAndIssues(raw: unknown): { code: string; issues: readonly string[] } {
  try {
    parseDeployment(raw);
  } catch (err) {
    if (err instanceof DeployError) return { code: err.code, issues: err.issues };
    throw err;
  }
  throw new Error("accepted");
}

const base = {
  name: "t",
  cluster: { name: "c", nodes: [{ name: "n1", host: "127.0.0.1" }] },
  jetstream: { replicas: 1 },
  ncps: ["de"],
  agencies: ["europol"],
};

describe("deployment description", () => {
  it("fills durable defaults: fsync always, R3 unless told, mutual TLS", () => {
    const nodes = ["a", "b", "c"].map((n) => ({ name: n, host: n }));
    const d = parseDeployment({ name: "t", cluster: { name: "c", nodes }, ncps: ["de"], agencies: ["europol"] });
    expect(d.jetstream).toMatchObject({ syncInterval: "always", replicas: 3 });
    expect(d.tls.verifyClients).toBe(true);
    expect(d.officers).toEqual([]);
  });

  it.each([
    [{ ...base, ncps: ["DE"] }, "ncps.0"],
    [{ ...base, ncps: ["de", "de"] }, "ncps"],
    [{ ...base, officers: ["frontex.nowak"] }, "officers"],
    [{ ...base, officers: ["dupont"] }, "officers.0"],
    [{ ...base, jetstream: { replicas: 3 } }, "jetstream.replicas"],
    [{ ...base, jetstream: { replicas: 1, syncInterval: "sometimes" } }, "jetstream.syncInterval"],
    [{ ...base, agencies: [] }, "agencies"],
    [{ ...base, surprise: true }, "(root)"],
  ])("refuses %j at %s with DEPLOYMENT_INVALID", (raw, path) => {
    const { code, issues } = codeAndIssues(raw);
    expect(code).toBe("DEPLOYMENT_INVALID");
    expect(issues.some((i) => i.startsWith(`${path}:`))).toBe(true);
  });

  it("lists every bad field at once", () => {
    const { issues } = codeAndIssues({ ...base, ncps: ["DE"], agencies: ["Europol"] });
    expect(issues).toHaveLength(2);
  });

  it("the test deployment is valid", () => {
    expect(testDeployment().ncps).toEqual(["de", "nl"]);
  });

  it("splits the node store between streams, below what JetStream can reserve", () => {
    const total = Object.values(STORE_SHARES).reduce((a, b) => a + b, 0);
    expect(total).toBeLessThan(1);
    expect(sizeBytes("2GB")).toBe(2 * 1024 ** 3);
    const budget = storeBudget(testDeployment());
    expect(Object.values(budget).reduce((a, b) => a + b, 0)).toBeLessThan(sizeBytes("2GB"));
    expect(budget["AUDIT"]).toBeGreaterThan(budget["INTAKE"] ?? 0);
  });
});
