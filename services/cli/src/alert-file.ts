import { readFile } from "node:fs/promises";
import { type CaseAlert, DocumentError, newAlertId, parseAlertDocument } from "@ariadne/contracts";
import { validateAlert } from "@ariadne/policy";
import { CliError } from "./errors.ts";
import { retimed } from "./scenarios.ts";

export interface PrepareOptions {
  /** Publishing party; the alert's originator must be it (set when the document leaves it out). */
  readonly as: string;
  /** Mint a fresh alert id and creation time (re-publishing an example as a new alert). */
  readonly newId?: boolean;
  /** Validate as the router will (default); off to see the router's own rejection notice. */
  readonly check?: boolean;
  readonly now?: Date;
}

/** Reads, completes and validates an alert document; every problem is one clear line. */
export async function prepareAlert(path: string, opts: PrepareOptions): Promise<CaseAlert> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new CliError("FILE_UNREADABLE", `cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? "error"}`, {
      cause,
    });
  }
  let alert: CaseAlert;
  try {
    alert = parseAlertDocument(text);
  } catch (cause) {
    if (cause instanceof DocumentError) throw new CliError("INVALID_ALERT", `${path}: ${cause.message}`, { cause });
    throw cause;
  }
  const now = opts.now ?? new Date();
  const header = alert.header ?? {
    alertId: "",
    version: 0,
    originator: "",
    createdAt: undefined,
    caseReferences: [],
    links: [],
    priority: 0,
    language: "",
    purposes: [],
    respondBy: undefined,
  };
  if (header.originator !== "" && header.originator !== opts.as) {
    throw new CliError("INVALID_ALERT", `${path}: the alert's originator is ${header.originator}, not ${opts.as}`);
  }
  const fresh = opts.newId === true || header.alertId === "";
  const completed: CaseAlert = {
    ...alert,
    header: {
      ...header,
      originator: opts.as,
      alertId: fresh ? newAlertId() : header.alertId,
      version: header.version === 0 ? 1 : header.version,
      ...(fresh || header.createdAt === undefined ? retimed(header, now) : {}),
    },
  };
  const issues = opts.check === false ? [] : validateAlert(completed, { now });
  if (issues.length > 0) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    throw new CliError("INVALID_ALERT", `${path}: ${first?.path}: ${first?.code}: ${first?.message}${more}`);
  }
  return completed;
}
