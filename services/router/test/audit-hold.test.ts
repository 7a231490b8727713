import { AuditError } from "@ariadne/audit";
import { describe, expect, it } from "vitest";
import { appendUntilLogged } from "../src/mod.ts";

/** An append that fails with the given codes in turn, then succeeds. */
function appender(failures: (AuditError["code"] | Error)[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    append: async () => {
      const f = failures[calls++];
      if (f instanceof Error) throw f;
      if (f) throw new AuditError(f, "test");
      return [];
    },
  };
}

const fast = { baseMs: 1, maxMs: 2 };

describe("appendUntilLogged: fail closed, hold while the log is down", () => {
  const cases: {
    name: string;
    failures: (AuditError["code"] | Error)[];
    outcome: { kind: string; code?: string };
    calls: number;
  }[] = [
    { name: "confirmed at once", failures: [], outcome: { kind: "logged" }, calls: 1 },
    {
      name: "unavailable three times, then confirmed: held, not retried",
      failures: ["AUDIT_UNAVAILABLE", "AUDIT_UNAVAILABLE", "AUDIT_UNAVAILABLE"],
      outcome: { kind: "logged" },
      calls: 4,
    },
    {
      name: "refused: a retry that counts toward the dead letter",
      failures: ["APPEND_REFUSED"],
      outcome: { kind: "retry", code: "APPEND_REFUSED" },
      calls: 1,
    },
    {
      name: "unavailable, then refused",
      failures: ["AUDIT_UNAVAILABLE", "APPEND_REFUSED"],
      outcome: { kind: "retry", code: "APPEND_REFUSED" },
      calls: 2,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const a = appender(c.failures);
      let alive = 0;
      const failures: string[] = [];
      const outcome = await appendUntilLogged(a.append, {
        ...fast,
        signal: new AbortController().signal,
        keepAlive: () => alive++,
        onFailure: (code) => failures.push(code),
      });
      expect(outcome).toEqual(c.outcome);
      expect(a.calls).toBe(c.calls);
      expect(failures).toEqual(c.failures);
      const unavailable = c.failures.filter((f) => f === "AUDIT_UNAVAILABLE").length;
      expect(alive).toBe(2 * unavailable); // before and after each wait: the ack wait never runs out
    });
  }

  it("hands the message back when the router stops while holding", async () => {
    const stop = new AbortController();
    const a = appender(Array.from({ length: 1000 }, () => "AUDIT_UNAVAILABLE" as const));
    const held = appendUntilLogged(a.append, {
      baseMs: 60_000,
      maxMs: 60_000,
      signal: stop.signal,
      keepAlive: () => undefined,
    });
    await new Promise((r) => setImmediate(r));
    stop.abort();
    expect(await held).toEqual({ kind: "retry", code: "AUDIT_UNAVAILABLE" });
    expect(a.calls).toBe(1);
  });

  it("other errors are not the audit log's: they propagate", async () => {
    const a = appender([new Error("bug")]);
    await expect(
      appendUntilLogged(a.append, { ...fast, signal: new AbortController().signal, keepAlive: () => undefined }),
    ).rejects.toThrow("bug");
  });
});
