import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "@ariadne/nats-server";
import { Ajv } from "ajv";
import { ValidationSeverity, validate as validateDockerfile } from "dockerfile-utils";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { Job } from "kubernetes-models/batch/v1/Job";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Service } from "kubernetes-models/v1/Service";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { type Deployment as AriadneDeployment, generateDeployment, loadDeployment, partiesOf } from "../src/mod.ts";

const run = promisify(execFile);
const DEPLOY = join(REPO_ROOT, "deploy");
const NATS_IMAGE = /^nats:2\.12\.\d+-alpine$/;

type Doc = Record<string, unknown>;
type ComposeService = {
  image?: string;
  command?: string[];
  env_file?: string;
  volumes?: string[];
  ports?: string[];
  deploy?: { replicas?: number };
};

async function yamlFile(path: string): Promise<unknown> {
  // Compose's anchors and merge keys (<<: *service) resolve as docker compose resolves them.
  return parse(await readFile(path, "utf8"), { merge: true });
}

async function k8sDocs(): Promise<Doc[]> {
  const docs: Doc[] = [];
  for (const f of ["namespace.yaml", "nats.yaml", "services.yaml"]) {
    for (const doc of parseAllDocuments(await readFile(join(DEPLOY, "k8s", f), "utf8"))) {
      expect(doc.errors).toEqual([]);
      docs.push(doc.toJS() as Doc);
    }
  }
  return docs;
}

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "v1/Service": Service,
  "v1/Namespace": Namespace,
  "apps/v1/Deployment": Deployment,
  "apps/v1/StatefulSet": StatefulSet,
  "batch/v1/Job": Job,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
};

/** Every value under `key` anywhere in a document tree. */
function valuesOf(tree: unknown, key: string): unknown[] {
  if (Array.isArray(tree)) return tree.flatMap((x) => valuesOf(x, key));
  if (tree === null || typeof tree !== "object") return [];
  return Object.entries(tree).flatMap(([k, v]) => [...(k === key ? [v] : []), ...valuesOf(v, key)]);
}

describe("packaging", () => {
  let shipped: AriadneDeployment;
  let out: string;

  beforeAll(async () => {
    shipped = await loadDeployment(join(DEPLOY, "deployment.yaml"));
    out = await mkdtemp(join(tmpdir(), "ariadne-packaging-"));
    await generateDeployment(shipped, join(out, "generated"));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  describe("docker compose", () => {
    it("is valid against the compose-spec JSON schema", async () => {
      const schema = JSON.parse(
        await readFile(join(REPO_ROOT, "node_modules/dclint/schemas/compose.schema.json"), "utf8"),
      ) as Doc;
      const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
      const valid = ajv.compile(schema);
      const ok = valid(await yamlFile(join(DEPLOY, "compose.yaml")));
      expect(valid.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    });

    it("the schema check catches a broken file", async () => {
      const schema = JSON.parse(
        await readFile(join(REPO_ROOT, "node_modules/dclint/schemas/compose.schema.json"), "utf8"),
      ) as Doc;
      const valid = new Ajv({ strict: false, validateSchema: false }).compile(schema);
      const compose = (await yamlFile(join(DEPLOY, "compose.yaml"))) as { services: Record<string, Doc> };
      compose.services["router"] = { ...compose.services["router"], restart_policy: "always" };
      expect(valid(compose)).toBe(false);
    });

    it("runs the deployment's nodes on the official 2.12 image, with their generated configs", async () => {
      const compose = (await yamlFile(join(DEPLOY, "compose.yaml"))) as { services: Record<string, ComposeService> };
      for (const node of shipped.cluster.nodes) {
        const svc = compose.services[node.name];
        expect(svc?.image).toMatch(NATS_IMAGE);
        expect(svc?.volumes).toContain(`./generated/nats/${node.name}:/etc/nats:ro`);
        // Neither the client, the route nor the monitor port is published on the host.
        expect(svc?.ports).toBeUndefined();
      }
      const nats = Object.entries(compose.services).filter(([, s]) => s.image?.startsWith("nats:"));
      expect(nats.map(([n]) => n).sort()).toEqual(shipped.cluster.nodes.map((n) => n.name).sort());
    });

    it("gives every service its own party's credentials, and runs two routers", async () => {
      const compose = (await yamlFile(join(DEPLOY, "compose.yaml"))) as { services: Record<string, ComposeService> };
      const parties = new Set(partiesOf(shipped).map((p) => p.id));
      for (const [name, svc] of Object.entries(compose.services)) {
        if (svc.env_file === undefined) continue;
        const party = /^\.\/generated\/parties\/([^/]+)\/nats\.env$/.exec(svc.env_file)?.[1] ?? "";
        expect({ name, party, known: parties.has(party) }).toEqual({ name, party, known: true });
        expect(svc.volumes).toContain(`./generated/parties/${party}:/run/secrets/ariadne:ro`);
        expect(existsSync(join(out, "generated/parties", party, "nats.env"))).toBe(true);
      }
      expect(compose.services["router"]?.deploy?.replicas).toBe(2);
      for (const a of shipped.agencies) expect(compose.services[`adapter-${a}`]?.command).toEqual(["adapter"]);
    });
  });

  describe("Dockerfile", () => {
    it("passes the Dockerfile validator and builds one Node 20 image with npm ci", async () => {
      const text = await readFile(join(DEPLOY, "Dockerfile"), "utf8");
      const problems = validateDockerfile(text).filter((p) => p.severity === ValidationSeverity.ERROR);
      expect(problems).toEqual([]);
      expect(text.match(/^FROM node:20[-.\w]*( AS \w+)?$/gm)?.length).toBe(2);
      expect(text).toMatch(/^RUN npm ci\b/m);
      expect(text).toMatch(/^USER node$/m);
      expect(text).toContain('ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/ariadne"]');
    });

    it("chooses the service by command", async () => {
      const entry = join(DEPLOY, "docker/entrypoint.sh");
      const env = { ...process.env, APP_DIR: REPO_ROOT };
      const help = await run("sh", [entry, "help"], { env });
      expect(help.stdout).toContain("agency-standin");
      for (const bad of ["no-such-service", "../libs"]) {
        const r = await run("sh", [entry, bad], { env }).then(
          () => 0,
          (e: { code?: number }) => e.code,
        );
        expect(r).toBe(64);
      }
    });
  });

  describe("Kubernetes", () => {
    it("every manifest is valid against the Kubernetes schemas", async () => {
      const docs = await k8sDocs();
      expect(docs.length).toBeGreaterThan(10);
      for (const doc of docs) {
        const Model = MODELS[`${doc["apiVersion"]}/${doc["kind"]}`];
        expect(Model, `${doc["apiVersion"]}/${doc["kind"]}`).toBeDefined();
        if (Model) expect(() => new Model(doc as never).validate()).not.toThrow();
      }
    });

    it("the schema check catches a broken manifest", async () => {
      const doc = (await k8sDocs()).find((d) => d["kind"] === "StatefulSet") as { spec: Doc };
      doc.spec["replicas"] = "three";
      expect(() => new StatefulSet(doc as never).validate()).toThrow();
    });

    it("runs the same nodes, image and routers as compose, on secrets the kustomization generates", async () => {
      const docs = await k8sDocs();
      const sets = docs.filter((d) => d["kind"] === "StatefulSet");
      expect(sets.map((s) => (s["metadata"] as Doc)["name"]).sort()).toEqual(
        shipped.cluster.nodes.map((n) => n.name).sort(),
      );
      for (const image of valuesOf(sets, "image")) expect(image).toMatch(NATS_IMAGE);
      const router = docs.find((d) => d["kind"] === "Deployment" && (d["metadata"] as Doc)["name"] === "router");
      expect((router?.["spec"] as Doc | undefined)?.["replicas"]).toBe(2);
      const kustomization = (await yamlFile(join(DEPLOY, "kustomization.yaml"))) as {
        resources: string[];
        secretGenerator: { name: string; files: string[] }[];
        configMapGenerator: { name: string; envs: string[] }[];
      };
      const generatedNames = new Set([
        ...kustomization.secretGenerator.map((s) => s.name),
        ...kustomization.configMapGenerator.map((c) => c.name),
      ]);
      const referenced = [
        ...valuesOf(docs, "secretName"),
        ...valuesOf(docs, "configMapRef").map((r) => (r as Doc)["name"]),
      ];
      for (const name of referenced) expect(generatedNames.has(name as string), String(name)).toBe(true);
      for (const r of kustomization.resources) expect(existsSync(join(DEPLOY, r)), r).toBe(true);
      // Every file the kustomization packs is one that `generate` writes for the shipped deployment.
      const files = [
        ...kustomization.secretGenerator.flatMap((s) => s.files),
        ...kustomization.configMapGenerator.flatMap((c) => c.envs),
      ];
      for (const f of files) expect(existsSync(join(out, f)), relative(DEPLOY, join(DEPLOY, f))).toBe(true);
    });
  });
});
