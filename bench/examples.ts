import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CaseAlert, newAlertId, parseAlertDocument } from "@ariadne/contracts";
import { REPO_ROOT } from "@ariadne/nats-server";

/** The shipped example alerts: realistic sizes and fields, so the mandates have work to do. */
export const EXAMPLES = [
  "labour-fake-job-ads.yaml",
  "minor-sexual-exploitation-online.yaml",
  "forced-criminality-external-border.yaml",
] as const;

// Parsed once; copied through the Protobuf encoding, which is faster than re-parsing YAML.
const encoded = EXAMPLES.map((name) =>
  CaseAlert.encode(parseAlertDocument(readFileSync(join(REPO_ROOT, "examples", name), "utf8"))).finish(),
);

/** Example `index` under a fresh alert id, version 1: a new alert for the router. */
export function freshExample(index: number): CaseAlert {
  const alert = CaseAlert.decode(encoded[index % encoded.length] as Uint8Array);
  if (!alert.header) throw new Error("example without header");
  alert.header.alertId = newAlertId();
  alert.header.version = 1;
  return alert;
}
