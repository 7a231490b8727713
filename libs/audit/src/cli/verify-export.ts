#!/usr/bin/env -S npx tsx
// Offline verification of an audit export: `tsx libs/audit/src/cli/verify-export.ts <file> <audit.jwk> [--json]`.
import { runVerifyExport } from "./run-verify-export.ts";

process.exitCode = await runVerifyExport(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
