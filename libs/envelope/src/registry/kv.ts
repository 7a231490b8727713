import type { Logger } from "@ariadne/runtime";
import type { KV, KvWatchEntry } from "@nats-io/kv";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import { decodeBase64Url, decodeUtf8 } from "../bytes.ts";
import { EnvelopeError, isEnvelopeError } from "../errors.ts";
import type { PublicJwk } from "../keys.ts";
import { type TrustSource, TrustStore } from "./store.ts";
import { loadRegistry, type TrustRegistry } from "./trust-registry.ts";

export const REGISTRY_BUCKET = "ariadne-registry";
export const REGISTRY_KEY = "current";

export interface RegistryLocation {
  readonly bucket?: string;
  readonly key?: string;
}

/** The version a registry JWS claims, read without verifying: only to refuse an obvious step back. */
function claimedVersion(jws: string): number | undefined {
  const payload = decodeBase64Url(jws.split(".")[1] ?? "");
  try {
    const v = JSON.parse(payload ? (decodeUtf8(payload) ?? "") : "") as { version?: unknown };
    return typeof v.version === "number" ? v.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Puts a signed registry into the KV bucket (created if missing), refusing to go back to a
 * lower version and using compare-and-set, so two operators publishing at once cannot
 * silently overwrite each other. Returns the KV revision.
 */
export async function publishRegistry(
  nc: NatsConnection,
  jws: string,
  opts: RegistryLocation & { readonly replicas?: number } = {},
): Promise<number> {
  const kv = await new Kvm(nc).create(opts.bucket ?? REGISTRY_BUCKET, { history: 16, replicas: opts.replicas ?? 1 });
  const key = opts.key ?? REGISTRY_KEY;
  const version = claimedVersion(jws);
  if (version === undefined) throw new EnvelopeError("REGISTRY_INVALID", "not a registry JWS");
  const entry = await kv.get(key);
  if (entry === null || entry.operation !== "PUT") return kv.create(key, jws);
  const current = claimedVersion(entry.string());
  if (current !== undefined && current >= version) {
    throw new EnvelopeError("REGISTRY_STALE", `registry version ${version} is not newer than published ${current}`);
  }
  return kv.update(key, jws, entry.revision);
}

export interface RegistryWatcherOptions extends RegistryLocation {
  readonly nc: NatsConnection;
  /** The operator root public key, pinned in the service's configuration. */
  readonly operatorKey: PublicJwk;
  readonly logger?: Logger;
  /** Called after the registry moved forward. */
  readonly onChange?: (registry: TrustRegistry) => void;
}

/**
 * Keeps a TrustStore in step with the KV registry: every valid newer document applies at once
 * (rotations, revocations: no restart); a bad signature, a broken document or a lower version
 * is logged by code and the current registry stays.
 */
export class RegistryWatcher implements TrustSource, AsyncDisposable {
  readonly #waiters = new Set<{ version: number; resolve: () => void }>();
  #lastRejection: EnvelopeError["code"] | undefined;
  readonly #done: Promise<void>;

  private constructor(
    readonly store: TrustStore,
    private readonly watch: AsyncIterable<KvWatchEntry> & { stop(): void },
    private readonly opts: RegistryWatcherOptions,
  ) {
    this.#done = this.#follow();
  }

  /** Reads the current registry (REGISTRY_UNAVAILABLE when there is none) and starts watching. */
  static async start(opts: RegistryWatcherOptions): Promise<RegistryWatcher> {
    const bucket = opts.bucket ?? REGISTRY_BUCKET;
    const key = opts.key ?? REGISTRY_KEY;
    let kv: KV;
    try {
      kv = await new Kvm(opts.nc).open(bucket);
    } catch (err) {
      throw new EnvelopeError("REGISTRY_UNAVAILABLE", `registry bucket ${bucket} cannot be opened`, { cause: err });
    }
    // Watch before reading, so nothing published in between is missed; the watch's first
    // entry is then the document already loaded, which the store sees as unchanged.
    const watch = await kv.watch({ key }).catch((err: unknown) => {
      throw new EnvelopeError("REGISTRY_UNAVAILABLE", `registry bucket ${bucket} cannot be watched`, { cause: err });
    });
    try {
      const entry = await kv.get(key);
      if (entry === null || entry.operation !== "PUT") {
        throw new EnvelopeError("REGISTRY_UNAVAILABLE", `no registry under ${bucket}/${key}`);
      }
      const store = new TrustStore(await loadRegistry(entry.string(), opts.operatorKey));
      opts.logger?.info({ registryVersion: store.current().version }, "trust registry loaded");
      return new RegistryWatcher(store, watch, opts);
    } catch (err) {
      watch.stop();
      throw err;
    }
  }

  current(): TrustRegistry {
    return this.store.current();
  }

  get version(): number {
    return this.store.current().version;
  }

  /** Code of the last document refused, for health reporting. */
  get lastRejection(): EnvelopeError["code"] | undefined {
    return this.#lastRejection;
  }

  /** Resolves once the registry reaches `version` (or a later one). */
  waitForVersion(version: number, timeoutMs = 10_000): Promise<void> {
    if (this.version >= version) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        version,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new EnvelopeError("REGISTRY_UNAVAILABLE", `registry version ${version} not seen in ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  async stop(): Promise<void> {
    this.watch.stop();
    await this.#done;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  async #follow(): Promise<void> {
    const log = this.opts.logger;
    try {
      for await (const entry of this.watch) await this.#offer(entry);
    } catch (err) {
      // The watch ended abnormally (connection closed for good): keep serving the last registry.
      log?.error({ err }, "trust registry watch ended");
    }
  }

  async #offer(entry: KvWatchEntry): Promise<void> {
    const log = this.opts.logger;
    if (entry.operation !== "PUT") {
      log?.warn({ operation: entry.operation, revision: entry.revision }, "trust registry entry removed; keeping");
      return;
    }
    try {
      const next = await loadRegistry(entry.string(), this.opts.operatorKey, this.store.current());
      if (this.store.replace(next) === "unchanged") return;
      log?.info({ registryVersion: next.version, revision: entry.revision }, "trust registry updated");
      this.opts.onChange?.(next);
      for (const w of this.#waiters) {
        if (next.version >= w.version) {
          this.#waiters.delete(w);
          w.resolve();
        }
      }
    } catch (err) {
      this.#lastRejection = isEnvelopeError(err) ? err.code : "REGISTRY_INVALID";
      log?.warn(
        { code: this.#lastRejection, revision: entry.revision },
        "trust registry document refused; keeping current",
      );
    }
  }
}

export function watchRegistry(opts: RegistryWatcherOptions): Promise<RegistryWatcher> {
  return RegistryWatcher.start(opts);
}
