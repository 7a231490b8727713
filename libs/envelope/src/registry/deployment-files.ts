import { chmod, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { EnvelopeError } from "../errors.ts";
import { checkPublicJwk, importPrivateKey, type PrivateJwk, type PublicJwk, publicJwkOf } from "../keys.ts";
import type { Deployment } from "./deployment.ts";
import { verifyRegistryJws } from "./sign.ts";

/**
 * A deployment folder:
 *
 *   operator.jwk             operator root private JWK (0600): signs the registry, stays offline
 *   operator.pub.jwk         operator root public JWK: what every service pins in its config
 *   registry.jws             the signed registry (compact JWS)
 *   keys/<party>/<kid>.jwk   each party's private JWK (0600), handed to that party's service
 */
export const DEPLOYMENT_FILES = {
  operatorPrivate: "operator.jwk",
  operatorPublic: "operator.pub.jwk",
  registry: "registry.jws",
  keys: "keys",
} as const;

async function writePrivate(path: string, jwk: PrivateJwk): Promise<void> {
  await writeFile(path, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600 });
  await chmod(path, 0o600); // writeFile's mode only applies when it creates the file
}

export async function writeDeployment(dir: string, d: Deployment): Promise<void> {
  await mkdir(join(dir, DEPLOYMENT_FILES.keys), { recursive: true, mode: 0o700 });
  await writePrivate(join(dir, DEPLOYMENT_FILES.operatorPrivate), d.operator.privateJwk);
  await writeFile(join(dir, DEPLOYMENT_FILES.operatorPublic), `${JSON.stringify(d.operator.publicJwk, null, 2)}\n`);
  await writeFile(join(dir, DEPLOYMENT_FILES.registry), `${d.registryJws}\n`);
  for (const [party, keys] of d.privateKeys) {
    const partyDir = join(dir, DEPLOYMENT_FILES.keys, party);
    await mkdir(partyDir, { recursive: true, mode: 0o700 });
    for (const jwk of keys) await writePrivate(join(partyDir, `${jwk.kid}.jwk`), jwk);
  }
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new EnvelopeError("KEY_INVALID", `cannot read ${path}`, { cause: err });
  }
}

/** Reads a private JWK file (e.g. a service's own key, from its config). */
export async function readPrivateJwk(path: string): Promise<PrivateJwk> {
  return (await importPrivateKey(await readJson(path))).jwk;
}

/** Reads the pinned operator public key file. */
export async function readOperatorKey(path: string): Promise<PublicJwk> {
  return checkPublicJwk(await readJson(path));
}

/** Reads a deployment folder, checking the registry signature and that every key file is in it. */
export async function readDeployment(dir: string): Promise<Deployment> {
  const operatorPrivate = await readPrivateJwk(join(dir, DEPLOYMENT_FILES.operatorPrivate));
  const operatorPublic = await readOperatorKey(join(dir, DEPLOYMENT_FILES.operatorPublic));
  if (operatorPublic.kid !== operatorPrivate.kid) {
    throw new EnvelopeError("KEY_INVALID", "operator public and private keys differ");
  }
  const registryJws = (await readFile(join(dir, DEPLOYMENT_FILES.registry), "utf8")).trim();
  const document = await verifyRegistryJws(registryJws, operatorPublic);
  const privateKeys = new Map<string, PrivateJwk[]>();
  const keysDir = join(dir, DEPLOYMENT_FILES.keys);
  for (const party of document.parties) {
    const files = await readdir(join(keysDir, party.id)).catch(() => [] as string[]);
    for (const file of files.filter((f) => f.endsWith(".jwk")).sort()) {
      const jwk = await readPrivateJwk(join(keysDir, party.id, file));
      if (!party.keys.some((k) => k.kid === jwk.kid)) {
        throw new EnvelopeError("KEY_INVALID", `key file ${party.id}/${file} is not a key of ${party.id}`);
      }
      privateKeys.set(party.id, [...(privateKeys.get(party.id) ?? []), jwk]);
    }
  }
  // Keep the registry's key order (oldest first) rather than file-name order.
  for (const party of document.parties) {
    const held = privateKeys.get(party.id);
    if (!held) continue;
    const order = party.keys.map((k) => k.kid);
    held.sort((a, b) => order.indexOf(a.kid) - order.indexOf(b.kid));
  }
  return {
    operator: { kid: operatorPrivate.kid, privateJwk: operatorPrivate, publicJwk: publicJwkOf(operatorPublic) },
    document,
    registryJws,
    privateKeys,
  };
}
