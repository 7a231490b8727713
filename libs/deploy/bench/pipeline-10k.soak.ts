import { describe, it } from "vitest";
import { runPipelineScenario } from "../test/support/pipeline-scenario.ts";

// The done-criterion at full size: 10,000 alerts (ARIADNE_PIPELINE_ALERTS overrides).
// Not part of `npm test` (it takes far longer than its budget on a shared 2-core machine):
//   npx vitest run -c libs/deploy/bench/vitest.soak.config.ts
const alerts = Number(process.env["ARIADNE_PIPELINE_ALERTS"] ?? 10_000);
const routers = Number(process.env["ARIADNE_PIPELINE_ROUTERS"] ?? 2);

describe("the full pipeline on the generated 3-node cluster, at the issue's size", () => {
  it(`routes ${alerts} alerts through ${routers} routers with a node killed -9 mid-burst: no loss, no duplicate, the node catches up`, async () => {
    await runPipelineScenario({ alerts, routers, window: 32 });
  }, 7_200_000);
});
