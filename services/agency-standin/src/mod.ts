// Stand-in agency channels for tests and the demo stack. The channel formats and the HTTP
// protocol are defined in @ariadne/agencies; this package plays the agency's side.
export { StandinEnv } from "./config.ts";
export { type ControlState, ControlUpdate, DEFAULT_CONTROL, FAULT_MODES, type FaultMode } from "./control.ts";
export { StandinError, type StandinErrorCode } from "./errors.ts";
export type { StandinRecord } from "./ledger.ts";
export { eurojustReplies, europolReplies, frontexReplies, type ReplySpec, repliesFor } from "./replies.ts";
export { type Standin, type StandinOptions, startStandin } from "./server.ts";
