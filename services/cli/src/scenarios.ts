import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AlertLink_Relation, type CaseAlert, newAlertId, Priority, parseAlertDocument } from "@ariadne/contracts";
import { REPO_ROOT } from "@ariadne/nats-server";

/** The realistic scenario alerts in examples/, each published by its own NCP. */
export function loadScenarios(dir = join(REPO_ROOT, "examples")): CaseAlert[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => parseAlertDocument(readFileSync(join(dir, f), "utf8")));
}

export type DemoStep =
  | { readonly kind: "new"; readonly alert: CaseAlert }
  | { readonly kind: "update"; readonly alert: CaseAlert }
  | { readonly kind: "invalid"; readonly alert: CaseAlert; readonly why: string };

/**
 * A stream of scenario alerts as NCPs would send them over a shift: new alerts (fresh ids,
 * now as creation time, some linked to an earlier one), new versions of earlier ones, and with
 * `withErrors` an occasional invalid one (a minor without an age band) that the router refuses.
 */
export function* demoSteps(
  templates: readonly CaseAlert[],
  count: number,
  opts: { withErrors?: boolean; now?: () => Date } = {},
): Generator<DemoStep> {
  const now = opts.now ?? (() => new Date());
  const sent: CaseAlert[] = [];
  for (let i = 0; i < count; i++) {
    const template = templates[i % templates.length];
    if (!template?.header) continue;
    const earlier = sent[i - templates.length];
    if (opts.withErrors && i % 7 === 6) {
      const alert = fresh(template, now());
      const persons = alert.persons.map((p, j) => (j === 0 ? { ...p, minor: true, ageBand: 0 } : p));
      yield { kind: "invalid", alert: { ...alert, persons }, why: "a minor without an age band" };
    } else if (earlier?.header && i % 4 === 3) {
      const header = earlier.header;
      const update: CaseAlert = {
        ...earlier,
        header: {
          ...header,
          version: header.version + 1,
          priority: Priority.PRIORITY_URGENT,
        },
      };
      sent[i - templates.length] = update;
      sent.push(update);
      yield { kind: "update", alert: update };
    } else {
      const base = fresh(template, now());
      // Now and then an NCP links a new alert to an earlier one of the same network.
      const related = i % 5 === 4 ? sent[0]?.header?.alertId : undefined;
      const alert: CaseAlert =
        related && base.header
          ? {
              ...base,
              header: {
                ...base.header,
                links: [{ alertId: related, relation: AlertLink_Relation.RELATION_SAME_NETWORK }],
              },
            }
          : base;
      sent.push(alert);
      yield { kind: "new", alert };
    }
  }
}

function fresh(template: CaseAlert, at: Date): CaseAlert {
  const header = template.header;
  if (!header) return template;
  return { ...template, header: { ...header, ...retimed(header, at), alertId: newAlertId(), version: 1, links: [] } };
}

/** A new creation time; a deadline keeps its distance to it (3 days stays 3 days). */
export function retimed(header: { createdAt?: Date | undefined; respondBy?: Date | undefined }, at: Date) {
  const respondBy =
    header.respondBy && header.createdAt
      ? new Date(at.getTime() + (header.respondBy.getTime() - header.createdAt.getTime()))
      : header.respondBy;
  return { createdAt: at, respondBy };
}
