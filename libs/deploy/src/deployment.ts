import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { DeployError } from "./errors.ts";

/** One subject token of a party id or a node name: lowercase, digits and dashes. */
const Token = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and dashes");
/** nats-server sizes: 512MB, 20GB... */
const Size = z.string().regex(/^\d+(KB|MB|GB|TB)$/, "a size such as 512MB or 20GB");
/** nats-server durations: 30s, 2m, 1h. */
const Duration = z.string().regex(/^\d+(ms|s|m|h)$/, "a duration such as 30s or 2m");

const Node = z.object({ name: Token, host: z.string().min(1) }).strict();

/**
 * The one source of a deployment's NATS identities, permissions, TLS names and cluster shape
 * (deploy/deployment.yaml). Everything under deploy/generated is derived from it by code.
 */
export const DeploymentSchema = z
  .object({
    name: Token,
    cluster: z
      .object({
        name: Token,
        nodes: z.array(Node).min(1),
        /** Extra names the node certificates carry: load balancers, Kubernetes services. */
        dnsNames: z.array(z.string().min(1)).default([]),
      })
      .strict(),
    jetstream: z
      .object({
        /** "always": fsync before every acknowledgement (docs/deployment.md says why). */
        syncInterval: z.union([z.literal("always"), Duration]).default("always"),
        maxFileStore: Size.default("20GB"),
        maxMemoryStore: Size.default("512MB"),
        /** Replicas of every stream and bucket: 3 on the 3-node cluster. */
        replicas: z.number().int().min(1).max(5).default(3),
      })
      .strict()
      .prefault({}),
    /** Member states by ISO 3166-1 alpha-2 code: party ncp.<cc>. */
    ncps: z.array(z.string().regex(/^[a-z]{2}$/, "an ISO 3166-1 alpha-2 code in lowercase")).min(1),
    /** Agencies with a channel adapter (party adapter.<agency>) and a liaison-officer feed. */
    agencies: z.array(Token).min(1),
    /** Liaison officers as <agency>.<name>: party officer.<agency>.<name>. */
    officers: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$/, "<agency>.<name>")).default([]),
    tls: z
      .object({
        /** Mutual TLS: every client presents a certificate from the deployment's CA, beside its nkey. */
        verifyClients: z.boolean().default(true),
        /** Validity of generated certificates. */
        validityDays: z.number().int().min(1).max(825).default(365),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((d, ctx) => {
    const dup = (what: string, xs: readonly string[], path: string) => {
      const seen = new Set<string>();
      for (const x of xs) {
        if (seen.has(x)) ctx.addIssue({ code: "custom", path: [path], message: `${what} ${x} listed twice` });
        seen.add(x);
      }
    };
    dup("ncp", d.ncps, "ncps");
    dup("agency", d.agencies, "agencies");
    dup("officer", d.officers, "officers");
    dup("node", [...d.cluster.nodes.map((n) => n.name)], "cluster");
    for (const o of d.officers) {
      const agency = o.split(".")[0] ?? "";
      if (!d.agencies.includes(agency)) {
        ctx.addIssue({ code: "custom", path: ["officers"], message: `officer ${o}: ${agency} is not an agency` });
      }
    }
    if (d.jetstream.replicas > d.cluster.nodes.length) {
      ctx.addIssue({ code: "custom", path: ["jetstream", "replicas"], message: "more replicas than nodes" });
    }
  });

export type Deployment = z.infer<typeof DeploymentSchema>;
export type DeploymentInput = z.input<typeof DeploymentSchema>;

/** Validates a parsed deployment description; every bad field is listed in the error's issues. */
export function parseDeployment(raw: unknown): Deployment {
  const result = DeploymentSchema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`);
  throw new DeployError("DEPLOYMENT_INVALID", `invalid deployment: ${issues.join("; ")}`, issues);
}

/** Reads and validates deploy/deployment.yaml (or any YAML/JSON file of that shape). */
export async function loadDeployment(file: string): Promise<Deployment> {
  const text = await readFile(file, "utf8");
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new DeployError("DEPLOYMENT_INVALID", `${file} is not YAML`, [(err as Error).message], { cause: err });
  }
  return parseDeployment(raw);
}
