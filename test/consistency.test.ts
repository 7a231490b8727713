import { join } from "node:path";
import { loadDeployment, partiesOf } from "@ariadne/deploy";
import { loadMandatesFile } from "@ariadne/policy";
import { REPO_ROOT } from "@ariadne/testing";
import { describe, expect, it } from "vitest";

// deploy/deployment.yaml is the one source of identities; deploy/mandates.yaml says who may
// receive what. A recipient without an identity could never read its copies (and the router
// is not permitted to publish them).
describe("deployment and mandates agree", () => {
  it("every mandate recipient is an agency or an NCP of the deployment", async () => {
    const deployment = await loadDeployment(join(REPO_ROOT, "deploy/deployment.yaml"));
    const mandates = await loadMandatesFile(join(REPO_ROOT, "deploy/mandates.yaml"));
    const receivers = new Set([
      ...deployment.agencies,
      ...partiesOf(deployment)
        .filter((p) => p.role === "ncp")
        .map((p) => p.id),
    ]);
    const missing = mandates.recipients.map((m) => m.id).filter((id) => !receivers.has(id));
    expect(missing).toEqual([]);
  });
});
