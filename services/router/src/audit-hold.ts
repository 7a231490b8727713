import { AuditError } from "@ariadne/audit";
import { backoffDelay } from "@ariadne/runtime";

export type AppendOutcome = { readonly kind: "logged" } | { readonly kind: "retry"; readonly code: string };

export interface HoldOptions {
  /** Aborted when the router stops: a held message then goes back to the stream. */
  readonly signal: AbortSignal;
  /** Delay between attempts while the log is unavailable (grows, with jitter). */
  readonly baseMs: number;
  readonly maxMs: number;
  /** Tells JetStream we are still working on the message (resets its ack wait). */
  readonly keepAlive: () => void;
  /** Each failed attempt, by AuditError code (metrics, logs). */
  readonly onFailure?: (code: AuditError["code"]) => void;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * Appends until the audit log confirms. While it is unavailable the message is held here
 * (its ack wait kept alive) and the append retried: nothing is disclosed meanwhile, and an
 * outage, however long, never turns alerts into dead letters. A refusal (APPEND_REFUSED) is
 * about these events, not the log: it goes back as a retry and, if it persists, the work loop
 * dead-letters the message after its bounded deliveries. Any other error is thrown.
 */
export async function appendUntilLogged(append: () => Promise<unknown>, opts: HoldOptions): Promise<AppendOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      await append();
      return { kind: "logged" };
    } catch (err) {
      if (!(err instanceof AuditError)) throw err;
      opts.onFailure?.(err.code);
      if (err.code !== "AUDIT_UNAVAILABLE") return { kind: "retry", code: err.code };
      if (opts.signal.aborted) return { kind: "retry", code: err.code };
      opts.keepAlive();
      await sleep(backoffDelay(attempt, opts.baseMs, opts.maxMs), opts.signal);
      if (opts.signal.aborted) return { kind: "retry", code: err.code };
      opts.keepAlive();
    }
  }
}
