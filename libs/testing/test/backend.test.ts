import type { LocalServerOptions } from "@ariadne/nats-server";
import { describe, expect, it } from "vitest";
import { chooseNatsBackend, containerRuntimeHinted, NATS_BACKEND_VARIABLE } from "../src/mod.ts";

/** A runtime probe that answers `answer` and counts its calls (no Docker involved). */
function probe(answer: boolean) {
  const p = async () => {
    p.calls++;
    return answer;
  };
  p.calls = 0;
  return p;
}

const forced = (mode: string) => ({ [NATS_BACKEND_VARIABLE]: mode });

describe("chooseNatsBackend", () => {
  it("reads ARIADNE_TEST_NATS", () => {
    expect(NATS_BACKEND_VARIABLE).toBe("ARIADNE_TEST_NATS");
  });

  it.each([{}, forced("auto"), forced("")])("auto (%o): no runtime -> the local binary", async (env) => {
    const absent = probe(false);
    expect(await chooseNatsBackend(env, {}, absent)).toBe("local");
    expect(absent.calls).toBe(1);
  });

  it.each([{}, forced("auto")])("auto (%o): a runtime answers -> the container", async (env) => {
    const present = probe(true);
    expect(await chooseNatsBackend(env, {}, present)).toBe("container");
    expect(await chooseNatsBackend(env, { jetstream: true, startTimeoutMs: 5000 }, present)).toBe("container");
    expect(present.calls).toBe(2);
  });

  it("local forced: the binary even when a runtime answers, without probing", async () => {
    const present = probe(true);
    expect(await chooseNatsBackend(forced("local"), {}, present)).toBe("local");
    expect(present.calls).toBe(0);
  });

  it("container forced: the container even when no runtime is seen, without probing", async () => {
    const absent = probe(false);
    expect(await chooseNatsBackend(forced("container"), {}, absent)).toBe("container");
    expect(absent.calls).toBe(0);
  });

  it.each<[string, LocalServerOptions]>([
    ["no JetStream", { jetstream: false }],
    ["extra config", { extraConfig: "max_payload: 1MB" }],
    ["a full config", { config: () => "port: -1" }],
    ["a cluster", { cluster: { name: "c", port: -1, routes: [] } }],
    ["a fixed port", { port: 14222 }],
    ["a kept folder", { dir: "/tmp/n1" }],
    ["a server name", { serverName: "n1" }],
  ])("%s needs the local binary, even with container forced or a runtime present", async (_, opts) => {
    const present = probe(true);
    expect(await chooseNatsBackend({}, opts, present)).toBe("local");
    expect(await chooseNatsBackend(forced("container"), opts, present)).toBe("local");
    expect(present.calls).toBe(0);
  });

  it("refuses a misspelt mode instead of quietly taking the binary", async () => {
    const present = probe(true);
    await expect(chooseNatsBackend(forced("contianer"), {}, present)).rejects.toBeInstanceOf(Error);
    expect(present.calls).toBe(0);
  });
});

describe("containerRuntimeHinted", () => {
  const none = () => false;

  it("is false with no DOCKER_HOST and no socket, so the probe never loads testcontainers", () => {
    expect(containerRuntimeHinted({ HOME: "/home/u" }, none, 1000)).toBe(false);
  });

  it("is true with DOCKER_HOST", () => {
    expect(containerRuntimeHinted({ DOCKER_HOST: "tcp://127.0.0.1:2375" }, none, 1000)).toBe(true);
  });

  it.each(["/var/run/docker.sock", "/home/u/.docker/run/docker.sock", "/run/user/1000/podman/podman.sock"])(
    "is true with %s",
    (socket) => {
      expect(containerRuntimeHinted({ HOME: "/home/u" }, (p) => p === socket, 1000)).toBe(true);
    },
  );
});
