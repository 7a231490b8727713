import { copyKeyFilter } from "@ariadne/adapter";
import { H, STREAMS } from "@ariadne/bus";
import { JetStreamApiCodes, JetStreamApiError, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import type { MsgHdrs } from "@nats-io/transport-node";

/** The streams whose messages name the alert in their headers (H.alertId): what an erasure deletes from. */
export const ERASABLE_STREAMS = [STREAMS.INTAKE, STREAMS.DELIVERY, STREAMS.RETURN, STREAMS.DEADLETTER] as const;
export type ErasableStream = (typeof ERASABLE_STREAMS)[number];

/** KV streams of the adapters' state buckets (services/adapter/src/state/bucket.ts). */
const ADAPTER_STATE = /^KV_(ariadne-adapter-[a-z0-9-]+)$/;

/** One stored message, by where it is: never its content. */
export interface StoredRef {
  readonly stream: string;
  readonly seq: number;
  /** The alert version it belongs to; 0 when it does not say. */
  readonly version: number;
}

export interface AlertData {
  /** Messages of the erasable streams whose H.alertId header names the alert. */
  readonly messages: readonly StoredRef[];
  /** Adapter copy-index records (KV messages) of the alert. */
  readonly records: readonly StoredRef[];
}

const BATCH = 256;

/** A stream that does not exist (a deployment without dead letters yet, a bucket removed) holds nothing to erase. */
function isNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound;
}

/**
 * Reads the headers (headers_only: the payloads, which hold personal data, never reach this
 * process) of the messages of a stream under a filter, up to the last message stored when the
 * scan began, and keeps those `pick` gives a version for.
 */
async function scanHeaders(
  js: JetStreamClient,
  jsm: JetStreamManager,
  stream: string,
  filter: string | undefined,
  pick: (subject: string, headers: MsgHdrs | undefined) => number | undefined,
): Promise<StoredRef[]> {
  let info: Awaited<ReturnType<JetStreamManager["streams"]["info"]>>;
  try {
    info = await jsm.streams.info(stream, filter === undefined ? undefined : { subjects_filter: filter });
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
  const matching =
    filter === undefined ? info.state.messages : Object.values(info.state.subjects ?? {}).reduce((a, n) => a + n, 0);
  if (matching === 0) return [];
  const last = info.state.last_seq;
  const consumer = await js.consumers.get(stream, {
    headers_only: true,
    ...(filter === undefined ? {} : { filter_subjects: filter }),
  });
  const found: StoredRef[] = [];
  try {
    let remaining = matching;
    let done = false;
    while (!done && remaining > 0) {
      const batch = await consumer.fetch({ max_messages: Math.min(remaining, BATCH), expires: 5000 });
      let got = 0;
      for await (const m of batch) {
        got++;
        const version = pick(m.subject, m.headers);
        if (version !== undefined) found.push({ stream, seq: m.seq, version });
        remaining = m.info.pending;
        // Messages stored after the scan began are not part of this erasure's scope.
        if (m.seq >= last || remaining === 0) {
          done = true;
          break;
        }
      }
      // Deleted or expired while we read: nothing more to see.
      if (got === 0) done = true;
    }
  } finally {
    await consumer.delete().catch(() => false);
  }
  return found;
}

function versionOf(text: string | undefined): number {
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/** The messages of the erasable streams that name the alert (and the version, when one is given). */
export async function findAlertMessages(
  js: JetStreamClient,
  jsm: JetStreamManager,
  alertId: string,
  version?: number,
): Promise<StoredRef[]> {
  const found: StoredRef[] = [];
  for (const stream of ERASABLE_STREAMS) {
    found.push(
      ...(await scanHeaders(js, jsm, stream, undefined, (_subject, h) => {
        if (h?.get(H.alertId) !== alertId) return undefined;
        const v = versionOf(h.get(H.alertVersion));
        return version === undefined || v === version ? v : undefined;
      })),
    );
  }
  return found;
}

/** The adapters' copy-index records of the alert, in every adapter state bucket there is. */
export async function findCopyRecords(
  js: JetStreamClient,
  jsm: JetStreamManager,
  alertId: string,
  version?: number,
): Promise<StoredRef[]> {
  const buckets: string[] = [];
  for await (const name of jsm.streams.names()) {
    const bucket = ADAPTER_STATE.exec(name)?.[1];
    if (bucket !== undefined) buckets.push(bucket);
  }
  const found: StoredRef[] = [];
  for (const bucket of buckets.sort()) {
    const prefix = `$KV.${bucket}.`;
    found.push(
      ...(await scanHeaders(js, jsm, `KV_${bucket}`, `${prefix}${copyKeyFilter(alertId, version)}`, (subject) =>
        // $KV.<bucket>.copy.<alertId>.<version>.<recipient>
        versionOf(subject.slice(prefix.length).split(".")[2]),
      )),
    );
  }
  return found;
}

export async function findAlertData(
  js: JetStreamClient,
  jsm: JetStreamManager,
  alertId: string,
  version?: number,
): Promise<AlertData> {
  return {
    messages: await findAlertMessages(js, jsm, alertId, version),
    records: await findCopyRecords(js, jsm, alertId, version),
  };
}
