import { describe, it } from "vitest";
import { runPipelineScenario } from "./support/pipeline-scenario.ts";

// The whole pipeline on the generated cluster, sized for every `npm test`; pipeline-10k runs
// the 10,000. ARIADNE_PIPELINE_ALERTS overrides the count.
const alerts = Number(process.env["ARIADNE_PIPELINE_ALERTS"] ?? 600);

describe("the full pipeline on the generated 3-node cluster (TLS, nkeys, R3, every party its own credentials)", () => {
  it(`routes ${alerts} alerts from four NCPs through two routers to three agencies with a node killed -9 mid-burst: no loss, no duplicate, the node catches up`, async () => {
    await runPipelineScenario({ alerts, routers: 2, window: 16, auditCatchUp: false });
  }, 900_000);
});
