// @ariadne/envelope: keys, trust registry, signed envelopes, verifiable minimisation, replay guard.
// Format: docs/envelope-format.md. Keys and registry: docs/keys-and-registry.md.

export { type AttestationFields, attest, copyIdOf } from "./disclosure/attest.ts";
export { decodeDisclosure, SALT_BYTES } from "./disclosure/codec.ts";
export { minimise } from "./disclosure/minimise.ts";
export { type OpenedAlert, type OpenOptions, openAlert } from "./disclosure/open.ts";
export { type OpenCopyOptions, type OpenedCopy, openRoutedCopy } from "./disclosure/routed.ts";
export { CASE_ALERT_TYPE, type SealOptions, sealAlert } from "./disclosure/seal.ts";
export { decodeEnvelope, type Envelope, encodeEnvelope } from "./envelope-codec.ts";
export { ENVELOPE_ERROR_CODES, EnvelopeError, type EnvelopeErrorCode, isEnvelopeError } from "./errors.ts";
export { ALGORITHM, PARTY_HEADER, type ProtectedHeader, parseProtectedHeader, signingInput } from "./jws.ts";
export {
  checkPublicJwk,
  generateKeyPair,
  importPrivateKey,
  importPublicKey,
  type KeyPair,
  type PrivateJwk,
  type PublicJwk,
  publicJwkOf,
  publicKeyPem,
  thumbprint,
} from "./keys.ts";
export {
  isMessageType,
  MESSAGE_TYPES,
  type MessageType,
  ROLES,
  type Role,
  roleMaySign,
  SIGNER_ROLES,
} from "./message-types.ts";
export {
  type AddKeyOptions,
  addKey,
  addParty,
  createDeployment,
  type Deployment,
  type KeyTimes,
  type PartySpec,
  type RotateOptions,
  revokeKey,
  rotateKey,
  signerFor,
} from "./registry/deployment.ts";
export {
  DEPLOYMENT_FILES,
  readDeployment,
  readOperatorKey,
  readPrivateJwk,
  writeDeployment,
} from "./registry/deployment-files.ts";
export { RegistryDocument, RegistryKey, RegistryParty } from "./registry/document.ts";
export {
  publishRegistry,
  REGISTRY_BUCKET,
  REGISTRY_KEY,
  type RegistryLocation,
  RegistryWatcher,
  type RegistryWatcherOptions,
  watchRegistry,
} from "./registry/kv.ts";
export { checkRegistryDocument, REGISTRY_TYP, signRegistry, verifyRegistryJws } from "./registry/sign.ts";
export { type RegistryChange, type TrustSource, TrustStore } from "./registry/store.ts";
export { loadRegistry, type TrustedKey, TrustRegistry } from "./registry/trust-registry.ts";
export {
  type ClaimResult,
  MemoryReplayGuard,
  type MemoryReplayGuardOptions,
  type ReplayGuard,
  type ReplayRecord,
} from "./replay/guard.ts";
export { type KvReplayGuardOptions, NatsKvReplayGuard, REPLAY_BUCKET } from "./replay/kv.ts";
export { Signer, type SignOptions } from "./signer.ts";
export {
  DEFAULT_MAX_AGE_MS,
  DEFAULT_MAX_ENVELOPE_BYTES,
  DEFAULT_MAX_FUTURE_SKEW_MS,
  type Verified,
  Verifier,
  type VerifierOptions,
  type VerifyOptions,
} from "./verify.ts";
