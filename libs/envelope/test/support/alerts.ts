import { readFileSync } from "node:fs";
import { type CaseAlert, parseAlertDocument } from "@ariadne/contracts";

export const EXAMPLES = [
  "labour-fake-job-ads.yaml",
  "minor-sexual-exploitation-online.yaml",
  "forced-criminality-external-border.yaml",
] as const;

export function example(name: (typeof EXAMPLES)[number]): CaseAlert {
  return parseAlertDocument(readFileSync(new URL(`../../../../examples/${name}`, import.meta.url), "utf8"));
}

/** The example alerts, each with its originator. */
export function examples(): { name: string; alert: CaseAlert; originator: string }[] {
  return EXAMPLES.map((name) => {
    const alert = example(name);
    return { name, alert, originator: alert.header?.originator ?? "" };
  });
}
