import { z } from "zod";

/**
 * How the stand-in misbehaves, changed at runtime through POST /_control (or start options):
 *   ok    answer normally
 *   fail  answer 503 CHANNEL_UNAVAILABLE to deliveries and event polls
 *   hang  accept the connection and never answer (the client must time out)
 *   slow  wait delayMs, then answer normally
 * failNext / dropNext count down over the next deliveries, whatever the mode:
 *   failNext  answer 503 without recording
 *   dropNext  record, then drop the connection without answering (the answer is lost)
 * ackDelayMs: how long after recording the agency "retrieves" the message (acknowledged event,
 * then the reply, if the reply rules give one).
 */
export const FAULT_MODES = ["ok", "fail", "hang", "slow"] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface ControlState {
  mode: FaultMode;
  delayMs: number;
  failNext: number;
  dropNext: number;
  ackDelayMs: number;
}

const Ms = z.int().min(0).max(600_000);
const Count = z.int().min(0).max(1_000_000);

export const ControlUpdate = z.strictObject({
  mode: z.enum(FAULT_MODES).optional(),
  delayMs: Ms.optional(),
  failNext: Count.optional(),
  dropNext: Count.optional(),
  ackDelayMs: Ms.optional(),
});
export type ControlUpdate = z.infer<typeof ControlUpdate>;

export const DEFAULT_CONTROL: Readonly<ControlState> = {
  mode: "ok",
  delayMs: 0,
  failNext: 0,
  dropNext: 0,
  ackDelayMs: 0,
};

export function applyControl(state: ControlState, update: ControlUpdate): ControlState {
  for (const [k, v] of Object.entries(update)) if (v !== undefined) Object.assign(state, { [k]: v });
  return state;
}

/** What the fault gate decides for one request. */
export type GateDecision =
  | { readonly kind: "proceed"; readonly delayMs: number }
  | { readonly kind: "fail" }
  | { readonly kind: "hang" };

/** The fault gate: deliveries count down failNext first; event polls only follow the mode. */
export function gate(state: ControlState, route: "deliver" | "events"): GateDecision {
  if (route === "deliver" && state.failNext > 0) {
    state.failNext -= 1;
    return { kind: "fail" };
  }
  switch (state.mode) {
    case "fail":
      return { kind: "fail" };
    case "hang":
      return { kind: "hang" };
    case "slow":
      return { kind: "proceed", delayMs: state.delayMs };
    case "ok":
      return { kind: "proceed", delayMs: 0 };
  }
}

/** Whether to drop the answer of this delivery (counts dropNext down). */
export function takeDrop(state: ControlState): boolean {
  if (state.dropNext <= 0) return false;
  state.dropNext -= 1;
  return true;
}
