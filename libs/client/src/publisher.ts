import { H, subjects } from "@ariadne/bus";
import type { CaseAlert } from "@ariadne/contracts";
import { encodeEnvelope, MESSAGE_TYPES, type Signer, sealAlert, type Verifier } from "@ariadne/envelope";
import { formatTraceparent, newTrace, type TraceContext } from "@ariadne/runtime";
import { type JetStreamClient, jetstream } from "@nats-io/jetstream";
import { type NatsConnection, headers as newHeaders } from "@nats-io/transport-node";
import { ClientError } from "./errors.ts";
import { followReturns, type ReturnFeed, type ReturnItem } from "./returns.ts";

export interface Published {
  readonly alertId: string;
  readonly version: number;
  /** Sequence in the INTAKE stream. */
  readonly seq: number;
  /** JetStream had this alert id + version already (within its dedup window): nothing new was stored. */
  readonly duplicate: boolean;
  readonly traceId: string;
  /** The exact envelope bytes published. */
  readonly bytes: Uint8Array;
}

export type Outcome =
  | { readonly kind: "accepted"; readonly item: Extract<ReturnItem, { kind: "receipt" }> }
  | { readonly kind: "rejected"; readonly item: Extract<ReturnItem, { kind: "notice" }> };

export interface NcpClientOptions {
  readonly nc: NatsConnection;
  /** Signs as the NCP (party ncp.<cc>, role publisher). */
  readonly signer: Signer;
  /** Verifies what comes back (router-signed receipts and notices). */
  readonly verifier: Verifier;
}

/**
 * What a national contact point does with Ariadne: seal an alert (every field a salted,
 * signed disclosure), publish it on its own intake subject, and read the router's answer.
 */
export class NcpClient {
  readonly party: string;
  readonly #nc: NatsConnection;
  readonly #js: JetStreamClient;
  readonly #signer: Signer;
  readonly #verifier: Verifier;

  constructor(opts: NcpClientOptions) {
    this.#nc = opts.nc;
    this.#js = jetstream(opts.nc);
    this.#signer = opts.signer;
    this.#verifier = opts.verifier;
    this.party = opts.signer.party;
  }

  /** The exact bytes an NCP publishes: a sealed alert envelope. */
  seal(alert: CaseAlert): Uint8Array {
    return encodeEnvelope(sealAlert(alert, this.#signer));
  }

  async publishSealed(
    alertId: string,
    version: number,
    bytes: Uint8Array,
    trace: TraceContext = newTrace(),
  ): Promise<Published> {
    const h = newHeaders();
    h.set(H.type, MESSAGE_TYPES.AlertManifest);
    h.set(H.alertId, alertId);
    h.set(H.alertVersion, String(version));
    h.set(H.traceparent, formatTraceparent(trace));
    try {
      const ack = await this.#js.publish(subjects.intake(this.party), bytes, {
        headers: h,
        msgID: `${alertId}.${version}`,
      });
      return { alertId, version, seq: ack.seq, duplicate: ack.duplicate, traceId: trace.traceId, bytes };
    } catch (cause) {
      throw new ClientError("PUBLISH_FAILED", `JetStream did not store alert ${alertId}`, { cause });
    }
  }

  async publish(alert: CaseAlert, trace?: TraceContext): Promise<Published> {
    const header = alert.header;
    return this.publishSealed(header?.alertId ?? "", header?.version ?? 0, this.seal(alert), trace);
  }

  /**
   * Publishes and waits for the router's signed acceptance receipt or rejection notice for
   * this alert version. Listening starts before publishing, so the answer cannot be missed.
   */
  async publishAndWait(alert: CaseAlert, timeoutMs = 15_000): Promise<{ published: Published; outcome: Outcome }> {
    const alertId = alert.header?.alertId ?? "";
    const version = alert.header?.version ?? 0;
    const returns = await followReturns(this.#js, this.party, this.#verifier, { since: new Date(Date.now() - 1000) });
    let timer: NodeJS.Timeout | undefined;
    try {
      const published = await this.publish(alert);
      const waiting = (async (): Promise<Outcome | undefined> => {
        for await (const item of returns) {
          if (item.kind === "receipt" && item.receipt.alertId === alertId && item.receipt.version === version) {
            if (item.signer.party === "router") return { kind: "accepted", item };
          }
          if (item.kind === "notice" && item.notice.alertId === alertId && item.notice.version === version) {
            return { kind: "rejected", item };
          }
        }
        return undefined;
      })();
      const timeout = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), timeoutMs);
      });
      const outcome = await Promise.race([waiting, timeout]);
      if (!outcome) {
        throw new ClientError("OUTCOME_TIMEOUT", `no acceptance or rejection for ${alertId} within ${timeoutMs} ms`);
      }
      return { published, outcome };
    } finally {
      clearTimeout(timer);
      await returns.close();
    }
  }

  /** Follows this party's receipts, notices and replies; close() the feed to stop. */
  returns(since?: Date): Promise<ReturnFeed> {
    return followReturns(this.#js, this.party, this.#verifier, since ? { since } : {});
  }

  get connection(): NatsConnection {
    return this.#nc;
  }
}
