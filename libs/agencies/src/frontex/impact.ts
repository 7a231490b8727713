import { Priority } from "@ariadne/contracts";
import { z } from "zod";

/** EUROSUR impact levels (Regulation (EU) 2019/1896 Art. 34); "critical" is the temporary top level. */
export const ImpactLevel = z.enum(["LOW", "MEDIUM", "HIGH", "CRITICAL"]);
export type ImpactLevel = z.infer<typeof ImpactLevel>;

export const ImpactFactor = z.enum([
  "PRIORITY_ROUTINE",
  "PRIORITY_HIGH",
  "PRIORITY_URGENT",
  "PRIORITY_IMMEDIATE",
  "MINORS_INVOLVED",
  "PERSONS_3_OR_MORE",
  "PERSONS_10_OR_MORE",
]);
export type ImpactFactor = z.infer<typeof ImpactFactor>;

export interface ImpactInputs {
  /** The copy's priority; 0 when withheld. */
  readonly priority: Priority;
  /** Persons the copy presents as minors. */
  readonly minors: number;
  /** Persons the copy carries, whatever their category. */
  readonly persons: number;
}

const PRIORITY_FACTOR: Readonly<Record<number, ImpactFactor>> = {
  [Priority.PRIORITY_ROUTINE]: "PRIORITY_ROUTINE",
  [Priority.PRIORITY_HIGH]: "PRIORITY_HIGH",
  [Priority.PRIORITY_URGENT]: "PRIORITY_URGENT",
  [Priority.PRIORITY_IMMEDIATE]: "PRIORITY_IMMEDIATE",
};

/**
 * The documented rule, first match wins:
 *   CRITICAL  priority IMMEDIATE (threat to life), or URGENT with minors involved
 *   HIGH      priority URGENT, or minors involved, or 10 or more persons
 *   MEDIUM    priority HIGH, or 3 or more persons
 *   LOW       otherwise (also when the priority was withheld and nothing else applies)
 * The factors list every input that was present, so the receiving analyst sees why.
 */
export function impactLevel(i: ImpactInputs): { level: ImpactLevel; factors: ImpactFactor[] } {
  const p = i.priority;
  const minors = i.minors > 0;
  const factors: ImpactFactor[] = [];
  const pf = PRIORITY_FACTOR[p];
  if (pf !== undefined) factors.push(pf);
  if (minors) factors.push("MINORS_INVOLVED");
  if (i.persons >= 10) factors.push("PERSONS_10_OR_MORE");
  else if (i.persons >= 3) factors.push("PERSONS_3_OR_MORE");
  const level: ImpactLevel =
    p === Priority.PRIORITY_IMMEDIATE || (p === Priority.PRIORITY_URGENT && minors)
      ? "CRITICAL"
      : p === Priority.PRIORITY_URGENT || minors || i.persons >= 10
        ? "HIGH"
        : p === Priority.PRIORITY_HIGH || i.persons >= 3
          ? "MEDIUM"
          : "LOW";
  return { level, factors };
}
