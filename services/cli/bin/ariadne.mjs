#!/usr/bin/env node
// Runs the TypeScript sources through tsx: `npx ariadne ...` works from a fresh clone after npm ci.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
