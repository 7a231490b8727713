import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Long runs outside `npm test`: the full-size pipeline under a node failure (docs/deployment.md).
export default defineConfig({
  // Paths below are the repository's, as in the root vitest.config.ts.
  root: fileURLToPath(new URL("../../..", import.meta.url)),
  test: {
    include: ["libs/deploy/bench/**/*.soak.ts"],
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 7_200_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
  },
});
