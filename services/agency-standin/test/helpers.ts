import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Agency,
  ChannelAcceptance,
  ChannelErrorBody,
  type ChannelMessages,
  mapToChannel,
} from "@ariadne/agencies";
import { type CaseAlert, HandlingCode, Purpose, parseAlertDocument } from "@ariadne/contracts";
import { type Standin, type StandinOptions, startStandin } from "../src/mod.ts";

const EXAMPLES = join(import.meta.dirname, "../../../examples");

export type ExampleName =
  | "forced-criminality-external-border"
  | "labour-fake-job-ads"
  | "minor-sexual-exploitation-online";

export function example(name: ExampleName): CaseAlert {
  return parseAlertDocument(readFileSync(join(EXAMPLES, `${name}.yaml`), "utf8"));
}

/** The channel message an adapter would send for this copy. */
export function messageFor<A extends Agency>(agency: A, copy: CaseAlert): ChannelMessages[A] {
  const h = copy.header;
  if (!h) throw new Error("example without header");
  return mapToChannel(agency, copy, {
    alertId: h.alertId,
    version: h.version,
    originator: h.originator,
    copyId: `${h.alertId}.${h.version}.${agency}`,
    handlingCode: copy.handling?.code ?? HandlingCode.HANDLING_CODE_H0,
    handlingNotice: "",
    legalBasis: "test mandate",
    purposes: [Purpose.PURPOSE_CRIMINAL_ANALYSIS, Purpose.PURPOSE_JUDICIAL_COOPERATION],
    routedAt: new Date("2025-11-05T07:00:00.000Z"),
  });
}

/** A stand-in on a fresh temp folder; disposing it closes it and removes the folder. */
export async function standin<A extends Agency>(
  agency: A,
  opts: Partial<StandinOptions<A>> = {},
): Promise<Standin<A> & { dir: string }> {
  const dir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), `ariadne-standin-${agency}-`)));
  const s = await startStandin({ agency, dataDir: dir, ...opts });
  const dispose = async () => {
    await s.close();
    if (opts.dataDir === undefined) await rm(dir, { recursive: true, force: true });
  };
  return { ...s, dir, close: dispose, [Symbol.asyncDispose]: dispose };
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/** A raw HTTP request, answered as status, headers and parsed JSON (undefined if none). */
export async function request(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}

export function post(s: Standin, body: unknown, key: string | undefined, headers: Record<string, string> = {}) {
  return request(`${s.url}${s.path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(key === undefined ? {} : { "idempotency-key": key }),
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** The channel error code of an answer (the body must be a ChannelErrorBody). */
export function errorCode(a: Answer): string {
  return ChannelErrorBody.parse(a.body).error.code;
}

/** The acceptance of an answer (the body must be a ChannelAcceptance). */
export function accepted(a: Answer): ChannelAcceptance {
  return ChannelAcceptance.parse(a.body);
}
