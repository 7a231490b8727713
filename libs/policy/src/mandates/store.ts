import { createHash } from "node:crypto";
import { type FSWatcher, watch } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { PolicyError } from "../errors.ts";
import { loadMandatesFile, parseMandates } from "./load.ts";
import type { MandateSet } from "./types.ts";

export interface MandateStoreOptions {
  /** Watch the file's folder for changes (default true). */
  readonly watch?: boolean;
  /**
   * Also re-read the file this often, as a backstop for file systems whose change events are
   * unreliable (network mounts) (default 5000 ms; 0 turns it off). Cheap: unchanged bytes are
   * recognised by their hash and nothing else happens.
   */
  readonly pollIntervalMs?: number;
  /** Coalesces the burst of events one save makes (default 50 ms). */
  readonly debounceMs?: number;
  /**
   * How many loaded versions stay at hand (the one in force included), so that a redelivered
   * alert can be decided again under the version its first attempt used (default 8).
   */
  readonly keepVersions?: number;
}

export type ReloadOutcome = "changed" | "unchanged" | "invalid";

type ChangeListener = (next: MandateSet, previous: MandateSet) => void;
type ErrorListener = (error: PolicyError) => void;

/**
 * The mandates in force, kept current from a file without a restart. A changed file that is
 * valid replaces the mandates (onChange); an invalid or unreadable one leaves the previous
 * mandates in force and is reported once (onError) until the file changes again.
 *
 * It watches the folder, not the file: editors and deployment tools replace files by rename,
 * and Kubernetes swaps a symlinked folder; any event in the folder leads to a re-read, and
 * only bytes with a new hash count as a change. Write the file atomically (temp + rename) so
 * a half-written file is never read; if it is, it is reported and the next event fixes it.
 */
export class MandateStore implements Disposable {
  #current: MandateSet;
  /** Loaded versions, oldest first (Map order), the current one last. */
  readonly #loaded = new Map<string, MandateSet>();
  #lastSeen: string;
  #checking: Promise<ReloadOutcome> = Promise.resolve("unchanged");
  #watcher: FSWatcher | undefined;
  #poll: NodeJS.Timeout | undefined;
  #debounce: NodeJS.Timeout | undefined;
  #closed = false;
  #pending = 0; // reloads queued or running
  readonly #changeListeners = new Set<ChangeListener>();
  readonly #errorListeners = new Set<ErrorListener>();

  private constructor(
    readonly path: string,
    initial: MandateSet,
    private readonly opts: Required<MandateStoreOptions>,
  ) {
    this.#current = initial;
    this.#lastSeen = initial.version;
    this.#keep(initial);
  }

  /** Loads the file once (a bad file at start-up throws PolicyError) and starts watching. */
  static async open(path: string, opts: MandateStoreOptions = {}): Promise<MandateStore> {
    const full = resolve(path);
    const initial = await loadMandatesFile(full);
    const store = new MandateStore(full, initial, {
      watch: opts.watch ?? true,
      pollIntervalMs: opts.pollIntervalMs ?? 5000,
      debounceMs: opts.debounceMs ?? 50,
      keepVersions: Math.max(1, opts.keepVersions ?? 8),
    });
    store.#start();
    return store;
  }

  /** The mandates in force now; pass this to decide(). */
  get current(): MandateSet {
    return this.#current;
  }

  /** The policy version in force: SHA-256 (hex) of the file bytes. */
  get version(): string {
    return this.#current.version;
  }

  /**
   * The mandates of a version this store loaded, while it keeps them (the last `keepVersions`);
   * undefined for a version it never loaded (another process's, or before a restart).
   */
  byVersion(version: string): MandateSet | undefined {
    return this.#loaded.get(version);
  }

  /** Called after a valid new file took effect. Returns an unsubscribe function. */
  onChange(listener: ChangeListener): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  /** Called when a new file could not be read or is invalid; the previous mandates stay. */
  onError(listener: ErrorListener): () => void {
    this.#errorListeners.add(listener);
    return () => this.#errorListeners.delete(listener);
  }

  /** Re-reads the file now. Checks run one at a time, in order. */
  reload(): Promise<ReloadOutcome> {
    this.#pending++;
    // A failed check must not poison the queue for the ones after it.
    const next = this.#checking
      .catch(() => "invalid" as const)
      .then(() => this.#check())
      .finally(() => this.#pending--);
    this.#checking = next;
    return next;
  }

  close(): void {
    this.#closed = true;
    this.#watcher?.close();
    clearInterval(this.#poll);
    clearTimeout(this.#debounce);
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #start(): void {
    if (this.opts.watch) {
      // Any event in the folder: some platforms give no file name, and a symlinked folder swap
      // names another entry than the file. The hash check makes a needless re-read harmless.
      this.#watcher = watch(dirname(this.path), { persistent: false }, () => this.#schedule());
      this.#watcher.on("error", (err) => {
        this.#emitError(new PolicyError("MANDATES_UNREADABLE", `watching ${this.path} failed`, [], { cause: err }));
      });
    }
    if (this.opts.pollIntervalMs > 0) {
      // Not through the debounce: a poll faster than the debounce would keep resetting it.
      this.#poll = setInterval(() => {
        if (this.#pending === 0) void this.reload();
      }, this.opts.pollIntervalMs);
      this.#poll.unref();
    }
  }

  #schedule(): void {
    if (this.#closed) return;
    clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => {
      void this.reload();
    }, this.opts.debounceMs);
    this.#debounce.unref();
  }

  async #check(): Promise<ReloadOutcome> {
    if (this.#closed) return "unchanged";
    let bytes: Uint8Array;
    try {
      bytes = await readFile(this.path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "EIO";
      if (this.#lastSeen === `unreadable:${code}`) return "invalid";
      this.#lastSeen = `unreadable:${code}`;
      this.#emitError(
        new PolicyError("MANDATES_UNREADABLE", `cannot read mandates file ${this.path}: ${code}`, [], { cause: err }),
      );
      return "invalid";
    }
    const hash = createHash("sha256").update(bytes).digest("hex");
    if (hash === this.#current.version) {
      this.#lastSeen = hash;
      return "unchanged";
    }
    if (hash === this.#lastSeen) return "invalid"; // this very content was already refused
    this.#lastSeen = hash;
    let next: MandateSet;
    try {
      next = parseMandates(bytes);
    } catch (err) {
      this.#emitError(
        err instanceof PolicyError
          ? err
          : new PolicyError("MANDATES_INVALID", "mandates file refused", [], { cause: err }),
      );
      return "invalid";
    }
    const previous = this.#current;
    this.#current = next;
    this.#keep(next);
    for (const listener of this.#changeListeners) {
      try {
        listener(next, previous);
      } catch {
        // A listener's failure must not undo or block the swap for the others.
      }
    }
    return "changed";
  }

  #keep(set: MandateSet): void {
    // Re-inserted so that a version loaded again (a rollback) counts as the newest.
    this.#loaded.delete(set.version);
    this.#loaded.set(set.version, set);
    for (const version of this.#loaded.keys()) {
      if (this.#loaded.size <= this.opts.keepVersions) break;
      this.#loaded.delete(version);
    }
  }

  #emitError(error: PolicyError): void {
    for (const listener of this.#errorListeners) {
      try {
        listener(error);
      } catch {
        // Same as for change listeners.
      }
    }
  }
}
