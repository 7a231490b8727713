import {
  createDeployment,
  type Deployment,
  loadRegistry,
  type PartySpec,
  type PublicJwk,
  type Signer,
  signerFor,
  type TrustRegistry,
  TrustStore,
  Verifier,
  type VerifierOptions,
} from "@ariadne/envelope";

/** The parties of a small deployment: the NCPs of the examples, the router, adapters, audit, operator. */
export const TEST_PARTIES: readonly PartySpec[] = [
  { id: "ncp.de", roles: ["publisher", "recipient"] },
  { id: "ncp.fr", roles: ["publisher", "recipient"] },
  { id: "ncp.nl", roles: ["publisher", "recipient"] },
  { id: "ncp.ro", roles: ["publisher", "recipient"] },
  { id: "router", roles: ["router"] },
  { id: "adapter.europol", roles: ["recipient"] },
  { id: "adapter.eurojust", roles: ["recipient"] },
  { id: "adapter.frontex", roles: ["recipient"] },
  { id: "audit", roles: ["auditor"] },
  { id: "operator", roles: ["operator"] },
  { id: "officer.europol.liaison-1", roles: ["officer"] },
];

/** Real keys and a real signed registry for tests: no fakes in the crypto. */
export interface TestKeys {
  readonly deployment: Deployment;
  /** The operator root public key services pin. */
  readonly operatorKey: PublicJwk;
  readonly registry: TrustRegistry;
  /** A store holding `registry`; tests may replace it to rotate or revoke. */
  readonly store: TrustStore;
  /** A verifier over `store`. */
  verifier(opts?: VerifierOptions): Verifier;
  /** A signer for the party's current key (cached per party). */
  signer(party: string): Promise<Signer>;
}

export interface TestKeysOptions {
  readonly parties?: readonly PartySpec[];
  /** Key validity starts here (default now). */
  readonly now?: Date;
}

/** Generates a deployment (operator key, one Ed25519 key per party, signed registry v1). */
export async function createTestKeys(opts: TestKeysOptions = {}): Promise<TestKeys> {
  const deployment = await createDeployment(opts.parties ?? TEST_PARTIES, opts.now ? { now: opts.now } : {});
  const registry = await loadRegistry(deployment.registryJws, deployment.operator.publicJwk);
  const store = new TrustStore(registry);
  const signers = new Map<string, Promise<Signer>>();
  return {
    deployment,
    operatorKey: deployment.operator.publicJwk,
    registry,
    store,
    verifier: (options) => new Verifier(store, options),
    signer: (party) => {
      let s = signers.get(party);
      if (!s) {
        s = signerFor(deployment, party, opts.now ? { now: opts.now } : {});
        signers.set(party, s);
      }
      return s;
    },
  };
}
