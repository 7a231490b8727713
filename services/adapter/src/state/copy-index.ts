import type { KV } from "@nats-io/kv";
import { z } from "zod";
import { AdapterError } from "../errors.ts";
import { isCasConflict } from "./cas.ts";

export const COPY_STATES = ["pending", "delivered", "dead"] as const;
export type CopyState = (typeof COPY_STATES)[number];

/**
 * What the adapter remembers about one copy, so that later channel events (acknowledgement,
 * replies) can be turned into evidence for the right originator: ids, digest, state, reference.
 */
export const CopyRecord = z.strictObject({
  copyId: z.string().min(1).max(200),
  alertId: z.string().min(1).max(64),
  version: z.int().min(1),
  originator: z.string().min(1).max(100),
  recipient: z.string().min(1).max(100),
  /** SHA-256 (hex) of the originator's manifest payload. */
  manifestDigest: z.string().regex(/^[0-9a-f]{64}$/),
  state: z.enum(COPY_STATES),
  /** The channel's reference, once the channel accepted the copy. */
  reference: z.string().max(100).optional(),
  /** The delivery's trace, so receipts and replies that come later join it. */
  traceparent: z.string().max(100).optional(),
});
export type CopyRecord = z.infer<typeof CopyRecord>;

const keyOf = (copyId: string) => `copy.${copyId}`;

/**
 * The KV key filter of every copy record of an alert (or of one version): copy ids are
 * "<alertId>.<version>.<recipient>", so the records of one alert share a key prefix. The
 * operator's erasure (ariadne erase) finds them by it.
 */
export function copyKeyFilter(alertId: string, version?: number): string {
  return version === undefined ? `copy.${alertId}.>` : `copy.${alertId}.${version}.>`;
}

function decode(bytes: Uint8Array): CopyRecord {
  try {
    return CopyRecord.parse(JSON.parse(new TextDecoder().decode(bytes)));
  } catch (cause) {
    throw new AdapterError("STATE_CORRUPT", "a copy record does not parse", { cause });
  }
}

async function state<T>(what: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (cause) {
    if (cause instanceof AdapterError) throw cause;
    throw new AdapterError("STATE_UNAVAILABLE", `state bucket: ${what} failed`, { cause });
  }
}

/** The copy index in the agency's state bucket, shared by every replica. */
export class CopyIndex {
  constructor(private readonly kv: KV) {}

  async get(copyId: string): Promise<CopyRecord | undefined> {
    return state("get", async () => {
      const entry = await this.kv.get(keyOf(copyId));
      return entry === null || entry.operation !== "PUT" ? undefined : decode(entry.value);
    });
  }

  /** Records a copy about to be delivered; an existing record (a redelivery) is kept as it is. */
  async begin(record: CopyRecord): Promise<CopyRecord> {
    const existing = await this.get(record.copyId);
    if (existing !== undefined) return existing;
    return state("create", async () => {
      try {
        await this.kv.create(keyOf(record.copyId), JSON.stringify(record));
        return record;
      } catch (err) {
        if (!isCasConflict(err)) throw err;
        // Another replica created it between our get and create: theirs stands.
        return (await this.get(record.copyId)) ?? record;
      }
    });
  }

  async put(record: CopyRecord): Promise<void> {
    await state("put", () => this.kv.put(keyOf(record.copyId), JSON.stringify(CopyRecord.parse(record))));
  }
}
