import { AuditEvent, LogEntry } from "@ariadne/contracts";
import { describe, expect, it } from "vitest";
import { offlineExportCrypto } from "../src/cli/ed25519-jws.ts";
import {
  AuditError,
  AuditLog,
  collectionEvent,
  type ExportProblemCode,
  type ExportReport,
  PAYLOAD_TYPES,
  signCheckpoint,
  streamExport,
  verifyExport,
  verifyExportStream,
  writeExport,
} from "../src/mod.ts";
import { alertRef } from "./support/events.ts";
import { firstEntryLine, joinLines, linesOf } from "./support/export-edit.ts";
import { buildFixture, LOG_ID } from "./support/export-fixture.ts";
import { testParty } from "./support/signing.ts";

const fixture = buildFixture(40);
const crypto = offlineExportCrypto(fixture.audit.publicJwk);

function codes(report: ExportReport): [ExportProblemCode, number, number | undefined][] {
  return report.problems.map((p) => [p.code, p.line, p.index]);
}

function editEntryLeaf(line: string, edit: (entry: LogEntry) => LogEntry): string {
  const leaf = Buffer.from(JSON.parse(line).leaf, "base64url");
  const changed = LogEntry.encode(edit(LogEntry.decode(leaf))).finish();
  return JSON.stringify({ type: "entry", leaf: Buffer.from(changed).toString("base64url") });
}

describe("export and offline verification", () => {
  it("verifies a range with its checkpoint and an earlier checkpoint", () => {
    const report = verifyExport(fixture.exportRange(13, 37, 20), crypto);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report).toMatchObject({ logId: LOG_ID, from: 13, to: 37, entries: 24 });
    expect(report.checkpoint?.treeSize).toBe(37);
    expect(report.earlierCheckpoint?.treeSize).toBe(20);
  });

  it.each([
    [0, 40, undefined],
    [0, 0, undefined],
    [40, 40, 7],
    [5, 6, 1],
    [31, 32, 31],
    [0, 16, 0],
  ])("verifies [%i, %i) (earlier checkpoint %s)", (from, to, earlier) => {
    const report = verifyExport(fixture.exportRange(from, to, earlier), crypto);
    expect(report.problems).toEqual([]);
    expect(report.entries).toBe(to - from);
  });

  it("streams: any chunking gives the same report, and the streamed export equals the written one", async () => {
    const bytes = fixture.exportRange(3, 29, 10);
    async function* chunks(size: number) {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    }
    for (const size of [1, 7, 4096]) {
      expect(await verifyExportStream(chunks(size), crypto)).toEqual(verifyExport(bytes, crypto));
    }
    const streamed: string[] = [];
    const input = {
      tree: fixture.log.tree,
      from: 3,
      to: 29,
      checkpoint: fixture.checkpointAt(29),
      signerKeys: [],
      exportedAt: new Date(0),
      sign: fixture.audit.sign,
    };
    for await (const line of streamExport(input, fixture.leaves.slice(3, 29))) streamed.push(line);
    expect(Buffer.from(streamed.join(""))).toEqual(Buffer.from(writeExport(input, fixture.leaves.slice(3, 29))));
  });

  describe("reports each tampering with its position", () => {
    const lines = linesOf(fixture.exportRange(10, 30, 12));
    const first = firstEntryLine(lines); // line of entry 10
    const lineOf = (index: number) => first + index - 10;

    it("a deleted entry: a gap where it was, and the count", () => {
      const edited = lines.filter((_, i) => i + 1 !== lineOf(17));
      const report = verifyExport(joinLines(edited), crypto);
      expect(codes(report)).toContainEqual(["INDEX_GAP", lineOf(17), 18]);
      expect(report.problems.map((p) => p.code)).toContain("INCONSISTENT");
    });

    it("the last entry deleted: the range is truncated", () => {
      const edited = lines.filter((_, i) => i + 1 !== lineOf(29));
      const report = verifyExport(joinLines(edited), crypto);
      expect(report.problems.map((p) => p.code)).toContain("TRUNCATED");
      expect(report.problems.find((p) => p.code === "TRUNCATED")?.message).toContain("29..29");
    });

    it("an inserted copy of an entry: a duplicate on the inserted line", () => {
      const edited = [...lines];
      edited.splice(lineOf(20), 0, lines[lineOf(12) - 1] as string);
      expect(codes(verifyExport(joinLines(edited), crypto))).toContainEqual(["DUPLICATE", lineOf(20) + 1, 12]);
    });

    it("two entries swapped: a gap and an entry out of order", () => {
      const edited = [...lines];
      edited[lineOf(15) - 1] = lines[lineOf(16) - 1] as string;
      edited[lineOf(16) - 1] = lines[lineOf(15) - 1] as string;
      const report = codes(verifyExport(joinLines(edited), crypto));
      expect(report).toContainEqual(["INDEX_GAP", lineOf(15), 16]);
      expect(report).toContainEqual(["INDEX_OUT_OF_ORDER", lineOf(16), 15]);
    });

    it("a changed event: its signature fails, the next entry's link breaks, the root differs", () => {
      const edited = [...lines];
      edited[lineOf(14) - 1] = editEntryLeaf(lines[lineOf(14) - 1] as string, (e) => {
        const event = Uint8Array.from(e.event);
        event[event.length - 1] = (event[event.length - 1] as number) ^ 1;
        return { ...e, event };
      });
      const report = codes(verifyExport(joinLines(edited), crypto));
      expect(report).toContainEqual(["SIGNATURE_INVALID", lineOf(14), 14]);
      expect(report).toContainEqual(["CHAIN_BROKEN", lineOf(15), 15]);
      expect(report).toContainEqual(["ROOT_MISMATCH", 2, undefined]);
    });

    it("the last entry's time changed: the signed last leaf hash places it", () => {
      const edited = [...lines];
      edited[lineOf(29) - 1] = editEntryLeaf(lines[lineOf(29) - 1] as string, (e) => ({
        ...e,
        loggedAt: new Date(0),
      }));
      const report = codes(verifyExport(joinLines(edited), crypto));
      expect(report).toContainEqual(["CHAIN_BROKEN", lineOf(29), 29]);
      expect(report).toContainEqual(["ROOT_MISMATCH", 2, undefined]);
    });

    it("the first entry re-linked: the signed anchor places it", () => {
      const edited = [...lines];
      edited[lineOf(10) - 1] = editEntryLeaf(lines[lineOf(10) - 1] as string, (e) => ({
        ...e,
        previousLeafHash: new Uint8Array(32),
      }));
      expect(codes(verifyExport(joinLines(edited), crypto))).toContainEqual(["CHAIN_BROKEN", lineOf(10), 10]);
    });

    it("cut mid-record: truncated", () => {
      const bytes = joinLines(lines);
      const report = verifyExport(bytes.subarray(0, bytes.length - 40), crypto);
      const found = report.problems.map((p) => p.code);
      expect(found).toContain("TRUNCATED");
      expect(found).toContain("MALFORMED");
    });

    it("another audit key: the checkpoint and the manifest do not verify", () => {
      const other = offlineExportCrypto(testParty("audit").publicJwk);
      const report = codes(verifyExport(joinLines(lines), other));
      expect(report).toContainEqual(["SIGNATURE_INVALID", 2, undefined]);
      expect(report).toContainEqual(["SIGNATURE_INVALID", 3, undefined]);
    });

    it("a checkpoint from another export: the manifest was made for another checkpoint", () => {
      const other = signCheckpoint(
        fixture.log.tree,
        { logId: LOG_ID, issuedAt: new Date(1), size: 30 },
        fixture.audit.sign,
      );
      const edited = [...lines];
      edited[1] = JSON.stringify({
        type: "checkpoint",
        envelope: Buffer.from(other.envelopeBytes).toString("base64url"),
      });
      expect(codes(verifyExport(joinLines(edited), crypto))).toContainEqual(["INCONSISTENT", 3, undefined]);
    });

    it("non-canonical spelling of a record is malformed", () => {
      const edited = [...lines];
      edited[lineOf(11) - 1] = (lines[lineOf(11) - 1] as string).replace('{"type":"entry",', '{"type": "entry",');
      expect(codes(verifyExport(joinLines(edited), crypto))).toContainEqual(["MALFORMED", lineOf(11), undefined]);
    });
  });

  it("an earlier checkpoint of a forked log is inconsistent", () => {
    // Same audit key, same log id, different history: a second log that diverged at entry 5.
    const forked = new AuditLog();
    for (const leaf of fixture.leaves.slice(0, 5)) forked.replay(leaf);
    forked.commit(forked.prepare(Uint8Array.of(1, 2, 3), new Date(0)));
    const forkedCheckpoint = signCheckpoint(
      forked.tree,
      { logId: LOG_ID, issuedAt: new Date(0) },
      fixture.audit.sign,
    ).envelopeBytes;
    const lines = linesOf(fixture.exportRange(0, 12, 6));
    const consistency = JSON.parse(lines[3] as string);
    lines[3] = JSON.stringify({ ...consistency, checkpoint: Buffer.from(forkedCheckpoint).toString("base64url") });
    expect(codes(verifyExport(joinLines(lines), crypto))).toContainEqual(["INCONSISTENT", 4, undefined]);
  });

  it("events signed by a key the audit service did not vouch for, or naming another actor", () => {
    const audit = testParty("audit");
    const router = testParty("router");
    const stranger = testParty("router");
    const event = (actor: string) =>
      AuditEvent.encode(collectionEvent({ actor, occurredAt: new Date(0) }, { alert: alertRef() })).finish();
    const log = new AuditLog();
    const leaves = [
      router.signBytes(PAYLOAD_TYPES.AuditEvent, event("router")),
      stranger.signBytes(PAYLOAD_TYPES.AuditEvent, event("router")),
      router.signBytes(PAYLOAD_TYPES.AuditEvent, event("adapter.europol")),
    ].map((envelope) => {
      const record = log.prepare(envelope, new Date(0));
      log.commit(record);
      return record.leaf;
    });
    const checkpoint = signCheckpoint(log.tree, { logId: LOG_ID, issuedAt: new Date(0) }, audit.sign);
    const bytes = writeExport(
      {
        tree: log.tree,
        from: 0,
        to: 3,
        checkpoint: checkpoint.envelopeBytes,
        signerKeys: [router.signerKey(["router"])],
        exportedAt: new Date(0),
        sign: audit.sign,
      },
      leaves,
    );
    expect(codes(verifyExport(bytes, offlineExportCrypto(audit.publicJwk)))).toEqual([
      ["SIGNATURE_INVALID", 5, 1],
      ["SIGNER_MISMATCH", 6, 2],
    ]);
  });

  it("the writer refuses inputs that disagree with the tree", () => {
    const base = {
      tree: fixture.log.tree,
      from: 2,
      to: 8,
      checkpoint: fixture.checkpointAt(8),
      signerKeys: [],
      exportedAt: new Date(0),
      sign: fixture.audit.sign,
    };
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return (err as AuditError).code;
      }
      return undefined;
    };
    expect(
      codeOf(() => writeExport({ ...base, checkpoint: fixture.checkpointAt(9) }, fixture.leaves.slice(2, 8))),
    ).toBe("EXPORT_MISMATCH");
    expect(codeOf(() => writeExport(base, fixture.leaves.slice(3, 9)))).toBe("EXPORT_MISMATCH");
    expect(codeOf(() => writeExport(base, fixture.leaves.slice(2, 7)))).toBe("EXPORT_MISMATCH");
    expect(codeOf(() => writeExport({ ...base, to: 41 }, []))).toBe("OUT_OF_RANGE");
    expect(codeOf(() => writeExport({ ...base, earlierCheckpoint: fixture.checkpointAt(9) }, []))).toBe(
      "EXPORT_MISMATCH",
    );
    expect(new AuditError("EXPORT_MISMATCH", "x")).toBeInstanceOf(Error);
  });
});
