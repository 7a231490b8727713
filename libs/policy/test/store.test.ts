import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { presentUnits } from "@ariadne/contracts";
import { decide, type MandateSet, MandateStore, PolicyError, policyVersion } from "@ariadne/policy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { baseAlert, testMandatesDoc } from "./fixtures.ts";

const V1 = stringify(testMandatesDoc());
/** The same mandates without the "narrow" recipient: a change decisions can see. */
const V2 = stringify({
  ...testMandatesDoc(),
  recipients: testMandatesDoc().recipients.filter((r) => r.id !== "narrow"),
});
const BROKEN = V1.replace("- crime_area\n", "- crime_aera\n");
const version = (text: string) => policyVersion(new TextEncoder().encode(text));

/** The next value a store reports through one of its subscriptions. */
function next<T>(subscribe: (listener: (value: T) => void) => () => void): Promise<T> {
  return new Promise((resolve) => {
    const off = subscribe((value) => {
      off();
      resolve(value);
    });
  });
}

describe("MandateStore", () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ariadne-mandates-"));
    file = join(dir, "mandates.yaml");
    await writeFile(file, V1);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Replaces the file the way deployment tools do: write a temp file, rename it over. */
  async function replace(text: string): Promise<void> {
    await writeFile(`${file}.tmp`, text);
    await rename(`${file}.tmp`, file);
  }

  it("swaps in a changed valid file without a restart (watching the folder)", async () => {
    using store = await MandateStore.open(file, { pollIntervalMs: 0 });
    expect(store.version).toBe(version(V1));
    const recipients = (s: MandateSet) => decide(baseAlert(), presentUnits(baseAlert()), s).map((d) => d.recipient);
    expect(recipients(store.current)).toContain("narrow");

    const changed = next<MandateSet>((l) => store.onChange(l));
    await replace(V2);
    const set = await changed;
    expect(set.version).toBe(version(V2));
    expect(store.version).toBe(version(V2));
    expect(recipients(store.current)).not.toContain("narrow");
    expect(decide(baseAlert(), presentUnits(baseAlert()), store.current)[0]?.policyVersion).toBe(version(V2));
  });

  it("keeps the previous mandates when the new file is invalid, reports it once, then takes the fix", async () => {
    using store = await MandateStore.open(file, { pollIntervalMs: 0 });
    const errors: PolicyError[] = [];
    store.onError((e) => errors.push(e));

    const failed = next<PolicyError>((l) => store.onError(l));
    await replace(BROKEN);
    const err = await failed;
    expect(err).toBeInstanceOf(PolicyError);
    expect(err.code).toBe("MANDATES_INVALID");
    expect(err.fields.map((f) => `${f.path} ${f.code}`)).toEqual(["recipients[0].fields[0] UNKNOWN_FIELD_PATTERN"]);
    expect(store.version).toBe(version(V1));
    expect(await store.reload()).toBe("invalid");
    expect(errors).toHaveLength(1); // the same bad bytes are not reported again

    const changed = next<MandateSet>((l) => store.onChange(l));
    await replace(V2);
    expect((await changed).version).toBe(version(V2));
  });

  it("reports a vanished file and keeps serving the mandates it has", async () => {
    using store = await MandateStore.open(file, { pollIntervalMs: 0 });
    const failed = next<PolicyError>((l) => store.onError(l));
    await rm(file);
    expect((await failed).code).toBe("MANDATES_UNREADABLE");
    expect(store.version).toBe(version(V1));
    expect(store.current.recipients.map((m) => m.id)).toContain("narrow");
  });

  it("polls when it does not watch, and an edit in place works too", async () => {
    using store = await MandateStore.open(file, { watch: false, pollIntervalMs: 20 });
    const changed = next<MandateSet>((l) => store.onChange(l));
    await writeFile(file, V2);
    expect((await changed).version).toBe(version(V2));
  });

  it("reload() reads now: unchanged bytes are no change", async () => {
    using store = await MandateStore.open(file, { watch: false, pollIntervalMs: 0 });
    expect(await store.reload()).toBe("unchanged");
    await writeFile(file, V2);
    const seen: string[] = [];
    store.onChange((n, previous) => seen.push(`${previous.version}->${n.version}`));
    expect(await store.reload()).toBe("changed");
    expect(seen).toEqual([`${version(V1)}->${version(V2)}`]);
  });

  it("refuses to start on an invalid file", async () => {
    await writeFile(file, BROKEN);
    await expect(MandateStore.open(file)).rejects.toMatchObject({ code: "MANDATES_INVALID" });
  });
});
