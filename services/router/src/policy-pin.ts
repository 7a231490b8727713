import type { MandateSet } from "@ariadne/policy";

/** The mandates in force, and earlier versions while kept (a MandateStore has both). */
export interface PolicySource {
  readonly current: MandateSet;
  byVersion?(version: string): MandateSet | undefined;
}

/** The mandates that decide one alert, and whether they are the ones its first attempt read. */
export interface PolicyChoice {
  readonly mandates: MandateSet;
  /** Decided again under the first attempt's version, which is no longer the current one. */
  readonly pinned: boolean;
  /**
   * Set when the first attempt read a version this process no longer has (a reload before a
   * restart, another router's older file): the decision then says so instead of hiding it.
   */
  readonly firstPolicyVersion?: string;
}

/**
 * A redelivered alert is decided under the version its first attempt recorded with its replay
 * claim, so a crash between publishing copies and the ack cannot turn one decision into two
 * when the mandates change meanwhile. `first` undefined: a fresh claim, or a record without one.
 */
export function choosePolicy(source: PolicySource, current: MandateSet, first: string | undefined): PolicyChoice {
  if (first === undefined || first === current.version) return { mandates: current, pinned: false };
  const earlier = source.byVersion?.(first);
  if (earlier !== undefined) return { mandates: earlier, pinned: true };
  return { mandates: current, pinned: false, firstPolicyVersion: first };
}
