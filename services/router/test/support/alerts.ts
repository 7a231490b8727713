import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CaseAlert, newAlertId, parseAlertDocument } from "@ariadne/contracts";
import { REPO_ROOT } from "@ariadne/testing";

export const SHIPPED_MANDATES = join(REPO_ROOT, "deploy/mandates.yaml");

export const EXAMPLES = [
  "labour-fake-job-ads.yaml",
  "minor-sexual-exploitation-online.yaml",
  "forced-criminality-external-border.yaml",
] as const;
export type ExampleName = (typeof EXAMPLES)[number];

const cache = new Map<string, Uint8Array>();

/** A fresh copy of an example (parsed once; copied through its Protobuf encoding, which is faster). */
export function example(name: ExampleName): CaseAlert {
  let encoded = cache.get(name);
  if (encoded === undefined) {
    encoded = CaseAlert.encode(parseAlertDocument(readFileSync(join(REPO_ROOT, "examples", name), "utf8"))).finish();
    cache.set(name, encoded);
  }
  return CaseAlert.decode(encoded);
}

/** An example under a fresh alert id (and the given version): a new alert for the router. */
export function freshExample(name: ExampleName, version = 1): CaseAlert {
  const alert = example(name);
  if (!alert.header) throw new Error("example without header");
  alert.header.alertId = newAlertId();
  alert.header.version = version;
  return alert;
}
