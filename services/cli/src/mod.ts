// @ariadne/cli: the `ariadne` command (bin/ariadne.mjs -> src/main.ts); docs/cli.md.
// What other packages may reuse: the trail timeline, its inclusion check, and the error codes.
export { CLI_ERRORS, CliError, type CliErrorCode, errorLine } from "./errors.ts";
export { type InclusionReport, proveInclusion } from "./trail/inclusion.ts";
export { renderTimeline } from "./trail/render.ts";
export {
  buildTimeline,
  type DecisionLine,
  type RecipientProgress,
  type Stage,
  type Timeline,
  type TimelineEntry,
} from "./trail/timeline.ts";
