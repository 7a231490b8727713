import { Command, CommanderError } from "commander";
import { CliContext } from "./context.ts";
import { errorLine, exitCodeOf } from "./errors.ts";
import { createOutput, type Output } from "./output.ts";

type Register = (program: Command, ctx: () => CliContext, out: () => Output) => void;

/**
 * Each command's module, loaded only when that command runs: the libraries behind `feed` or
 * `trail` (adapter, audit service) take a second to load, and a CLI should start at once.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  keys: async () => (await import("./commands/keys.ts")).keysCommand,
  publish: async () => (await import("./commands/publish.ts")).publishCommand,
  trail: async () => (await import("./commands/trail.ts")).trailCommand,
  feed: async () => (await import("./commands/feed.ts")).feedCommand,
  audit: async () => (await import("./commands/audit.ts")).auditCommand,
  demo: async () => (await import("./commands/demo.ts")).demoCommand,
  erase: async () => (await import("./commands/erase.ts")).eraseCommand,
};
const GLOBALS_WITH_VALUE = new Set(["--data-dir", "--nats", "--keys"]);

/** The command the arguments name, past the global options; undefined for help or an unknown one. */
function commandOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (GLOBALS_WITH_VALUE.has(a)) i++;
    else if (!a.startsWith("-")) return Object.hasOwn(COMMANDS, a) ? a : undefined;
  }
  return undefined;
}

const program = new Command("ariadne")
  .description("Ariadne: lawful, minimal, verifiable exchange of early alerts on trafficking in human beings")
  .option("--data-dir <dir>", "local stack data folder (default .ariadne)")
  .option("--nats <url>", "NATS server URL (default: the running stack's)")
  .option("--keys <dir>", "deployment keys folder (default <data-dir>/keys)")
  .option("--json", "machine-readable output on read commands")
  // Commander's own complaints (unknown option, missing argument) in the same one-line form.
  .configureOutput({
    outputError: (text, write) => write(`ariadne: USAGE: ${text.replace(/^error: /, "").trim()}\n`),
  })
  .exitOverride();

const globals = () => program.opts<{ dataDir?: string; nats?: string; keys?: string; json?: boolean }>();
const ctx = () => {
  const g = globals();
  return new CliContext({
    ...(g.dataDir ? { dataDir: g.dataDir } : {}),
    ...(g.nats ? { nats: g.nats } : {}),
    ...(g.keys ? { keys: g.keys } : {}),
  });
};
const out = () => createOutput(globals().json === true);

const named = commandOf(process.argv.slice(2));
// Help and unknown commands need them all (to list them, or to say which exist).
for (const name of named === undefined ? Object.keys(COMMANDS) : [named]) {
  const register = await COMMANDS[name]?.();
  register?.(program, ctx, out);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version end with exit code 0; the message was already written.
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    process.stderr.write(`${errorLine(err)}\n`);
    process.exitCode = exitCodeOf(err);
  }
}
