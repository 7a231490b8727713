import { parseConfig } from "@ariadne/runtime";
import { StackConfig, stackConfigFromEnv } from "./config.ts";
import { startStack } from "./stack.ts";

// `npm start`: the whole Ariadne stack on local defaults. Ctrl-C stops it gracefully.
/** One line, with the error's stable code when it has one (StackError, ConfigError, DeployError). */
const fail = (err: unknown): never => {
  const code = (err as { code?: unknown }).code;
  const prefix = typeof code === "string" && /^[A-Z][A-Z0-9_]*$/.test(code) ? `${code}: ` : "";
  process.stderr.write(`ariadne stack: ${prefix}${(err as Error).message.split("\n")[0]}\n`);
  process.exit(1);
};
const config = (() => {
  try {
    return parseConfig(StackConfig, stackConfigFromEnv(process.env, process.argv.slice(2)), "stack");
  } catch (err) {
    return fail(err);
  }
})();
const t0 = Date.now();
const say = (text: string) => process.stdout.write(`${text}\n`);
const stack = await startStack(config, {
  step: (text) => say(`  · ${text}`),
  done: (text) => say(`  ✓ ${text}`),
}).catch(fail);

say("");
say(`Ariadne is running (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
say(`  NATS        ${stack.natsUrl}`);
say(`  console     ${stack.consoleUrl || "(not started: --no-console)"}`);
say(`  keys        ${stack.keysDir}`);
if (stack.credentialsDir) say(`  credentials ${stack.credentialsDir} (each service as its own party)`);
say(`  data, logs  ${stack.dataDir}`);
for (const p of stack.processes)
  say(`  ${p.spec.name.padEnd(18)} pid ${String(p.pid).padEnd(8)} ${p.spec.readyUrl ?? ""}`);
say("");
// The CLI finds the credentials folder in <data>/stack.json, like the NATS URL and the keys.
say("Try:  npx ariadne publish examples/labour-fake-job-ads.yaml --as ncp.nl --new-id");
say("      npx ariadne trail <alert id>");
say("Ctrl-C stops everything (data is kept in the data folder).");

let stopping = false;
const stop = (signal: string) => {
  if (stopping) process.exit(1);
  stopping = true;
  say(`\n${signal}: stopping services (each drains), then NATS ...`);
  stack.stop().then(
    () => {
      say("stopped.");
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`stop failed: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
// A service that dies while the stack runs is reported; the stack keeps the others up.
for (const p of stack.processes) {
  void p.exited.then((code) => {
    if (!stopping) process.stderr.write(`${p.spec.name} exited (code ${code}); see ${p.logFile}\n`);
  });
}
