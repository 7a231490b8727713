import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { offlineExportCrypto } from "../src/cli/ed25519-jws.ts";
import { type ExportReport, verifyExport } from "../src/mod.ts";
import { joinLines, linesOf } from "./support/export-edit.ts";
import { buildFixture } from "./support/export-fixture.ts";

// Issue 6: any flipped byte, deleted, inserted, reordered or truncated record is detected and
// reported with its position. 600 record-level + 600 byte-level random mutations of real exports.

const fixture = buildFixture(24);
const crypto = offlineExportCrypto(fixture.audit.publicJwk);
// Small ranges keep 1,200 verifications (each checks every Ed25519 signature) to a few seconds.
const EXPORTS = [fixture.exportRange(5, 13, 9), fixture.exportRange(0, 6), fixture.exportRange(16, 17, 16)];
for (const bytes of EXPORTS) expect(verifyExport(bytes, crypto).ok).toBe(true);

type RecordMutation =
  | { kind: "delete"; at: number }
  | { kind: "duplicate"; from: number; at: number }
  | { kind: "junk"; at: number; text: string }
  | { kind: "swap"; a: number; b: number }
  | { kind: "move"; from: number; at: number }
  | { kind: "truncate"; keep: number }
  | { kind: "foreign"; from: number; at: number };

/** Records of the other exports: well-formed, validly signed, but not this file's. */
const FOREIGN = EXPORTS.flatMap((bytes, i) => linesOf(bytes).map((line) => ({ export: i, line })));

/** Applies a mutation; returns the new lines and the 1-based lines where the damage is. */
function mutateRecords(lines: readonly string[], m: RecordMutation): { lines: string[]; near: number[] } {
  const out = [...lines];
  const n = lines.length;
  switch (m.kind) {
    case "delete": {
      const at = m.at % n;
      out.splice(at, 1);
      return { lines: out, near: [at + 1] };
    }
    case "duplicate": {
      const at = m.at % (n + 1);
      out.splice(at, 0, lines[m.from % n] as string);
      return { lines: out, near: [at + 1] };
    }
    case "junk": {
      const at = m.at % (n + 1);
      out.splice(at, 0, m.text);
      return { lines: out, near: [at + 1] };
    }
    case "swap": {
      const a = m.a % n;
      const b = m.b % n;
      out[a] = lines[b] as string;
      out[b] = lines[a] as string;
      return { lines: out, near: [a + 1, b + 1] };
    }
    case "move": {
      const from = m.from % n;
      const [line] = out.splice(from, 1);
      const at = m.at % n;
      out.splice(at, 0, line as string);
      return { lines: out, near: [from + 1, at + 1] };
    }
    case "truncate": {
      const keep = m.keep % n;
      return { lines: out.slice(0, keep), near: [keep + 1] };
    }
    case "foreign": {
      const at = m.at % (n + 1);
      out.splice(at, 0, (FOREIGN[m.from % FOREIGN.length] as { line: string }).line);
      return { lines: out, near: [at + 1] };
    }
  }
}

const recordMutation: fc.Arbitrary<RecordMutation> = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate" as const), from: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constant("junk" as const), at: fc.nat(), text: fc.string({ maxLength: 60 }) }),
  fc.record({ kind: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant("move" as const), from: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constant("truncate" as const), keep: fc.nat() }),
  fc.record({ kind: fc.constant("foreign" as const), from: fc.nat(), at: fc.nat() }),
);

type ByteMutation =
  | { kind: "flip"; at: number; mask: number }
  | { kind: "delete"; at: number }
  | { kind: "insert"; at: number; byte: number }
  | { kind: "swap"; a: number; b: number }
  | { kind: "truncate"; at: number };

function lineAt(bytes: Uint8Array, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < bytes.length; i++) if (bytes[i] === 0x0a) line += 1;
  return line;
}

function mutateBytes(bytes: Uint8Array, m: ByteMutation): { bytes: Uint8Array; near: number[] } {
  const n = bytes.length;
  const out = Uint8Array.from(bytes);
  switch (m.kind) {
    case "flip": {
      const at = m.at % n;
      out[at] = (out[at] as number) ^ m.mask;
      return { bytes: out, near: [lineAt(bytes, at)] };
    }
    case "delete": {
      const at = m.at % n;
      return { bytes: Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]), near: [lineAt(bytes, at)] };
    }
    case "insert": {
      const at = m.at % (n + 1);
      return {
        bytes: Buffer.concat([bytes.subarray(0, at), Uint8Array.of(m.byte), bytes.subarray(at)]),
        near: [lineAt(bytes, at)],
      };
    }
    case "swap": {
      const a = m.a % n;
      const b = m.b % n;
      out[a] = bytes[b] as number;
      out[b] = bytes[a] as number;
      return { bytes: out, near: [lineAt(bytes, a), lineAt(bytes, b)] };
    }
    case "truncate": {
      const at = m.at % n;
      return { bytes: bytes.subarray(0, at), near: [lineAt(bytes, at)] };
    }
  }
}

const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
);

/** Detected, and at least one problem is reported on (or right after) a damaged line. */
function expectCaught(report: ExportReport, near: readonly number[], what: unknown): void {
  const lines = report.problems.map((p) => p.line);
  const placed = near.some((l) => lines.includes(l) || lines.includes(l + 1));
  // Messages are built only on failure: 1,200 runs.
  if (report.ok || !placed) expect.fail(`${JSON.stringify(what)} -> ${JSON.stringify(report.problems)}`);
  expect(report.problems.length).toBeGreaterThan(0);
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

describe("export verifier against random tampering", () => {
  it("catches every record-level mutation (delete, insert, reorder, truncate) and places it", () => {
    fc.assert(
      fc.property(fc.nat({ max: EXPORTS.length - 1 }), recordMutation, (which, m) => {
        const original = EXPORTS[which] as Uint8Array;
        const { lines, near } = mutateRecords(linesOf(original), m);
        const mutated = joinLines(lines);
        fc.pre(!same(mutated, original));
        expectCaught(verifyExport(mutated, crypto), near, m);
      }),
      { numRuns: 600 },
    );
  });

  it("catches every byte-level mutation (flip, delete, insert, swap, truncate) and places it", () => {
    fc.assert(
      fc.property(fc.nat({ max: EXPORTS.length - 1 }), byteMutation, (which, m) => {
        const original = EXPORTS[which] as Uint8Array;
        const { bytes, near } = mutateBytes(original, m);
        fc.pre(!same(bytes, original));
        expectCaught(verifyExport(bytes, crypto), near, m);
      }),
      { numRuns: 600 },
    );
  });
});
