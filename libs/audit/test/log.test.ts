import { createPublicKey } from "node:crypto";
import { Checkpoint, Envelope } from "@ariadne/contracts";
import { describe, expect, it } from "vitest";
import { verifyEnvelopeBytes } from "../src/cli/ed25519-jws.ts";
import {
  AuditError,
  AuditLog,
  buildLogEntry,
  decodeCheckpoint,
  decodeLeaf,
  hashLeaf,
  PAYLOAD_TYPES,
  signCheckpoint,
  verifyInclusion,
} from "../src/mod.ts";
import { refMth } from "./support/reference-merkle.ts";
import { testParty } from "./support/signing.ts";

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return err instanceof AuditError ? err.code : "NOT_AN_AUDIT_ERROR";
  }
  return undefined;
}

const event = (i: number) => Uint8Array.from(Buffer.from(`signed event envelope ${i}`));
const at = (i: number) => new Date(Date.UTC(2025, 5, 12, 10, 0, i));

function logOf(n: number): { log: AuditLog; leaves: Uint8Array[] } {
  const log = new AuditLog();
  const leaves: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const record = log.prepare(event(i), at(i));
    log.commit(record);
    leaves.push(record.leaf);
  }
  return { log, leaves };
}

describe("log entries", () => {
  it("chains every entry to the previous leaf hash; the tree's leaves are the exact entry bytes", () => {
    const { log, leaves } = logOf(5);
    expect(log.size).toBe(5);
    const entries = leaves.map((leaf) => decodeLeaf(leaf));
    expect(entries[0]?.entry.previousLeafHash).toEqual(new Uint8Array(0));
    for (let i = 1; i < 5; i++) {
      expect(entries[i]?.entry.index).toBe(i);
      expect(entries[i]?.entry.previousLeafHash).toEqual(hashLeaf(leaves[i - 1] as Uint8Array));
      expect(entries[i]?.entry.event).toEqual(event(i));
      expect(entries[i]?.entry.loggedAt).toEqual(at(i));
    }
    expect(log.tree.root()).toEqual(refMth(leaves));
    expect(log.lastLeafHash).toEqual(hashLeaf(leaves[4] as Uint8Array));
  });

  it("commits only what continues the log: a prepared entry overtaken by another is refused", () => {
    const log = new AuditLog();
    const a = log.prepare(event(0), at(0));
    const b = log.prepare(event(1), at(1));
    log.commit(a);
    expect(codeOf(() => log.commit(b))).toBe("CHAIN_BROKEN");
    expect(log.size).toBe(1);
    const wrongLink = buildLogEntry({
      index: 1,
      previousLeafHash: new Uint8Array(32),
      loggedAt: at(1),
      event: event(1),
    });
    expect(codeOf(() => log.commit(wrongLink))).toBe("CHAIN_BROKEN");
  });

  it("rebuilds from stored leaves, refusing a leaf out of place or damaged", () => {
    const { log, leaves } = logOf(9);
    const rebuilt = new AuditLog();
    for (const leaf of leaves) rebuilt.replay(leaf);
    expect(rebuilt.tree.root()).toEqual(log.tree.root());
    expect(rebuilt.lastLeafHash).toEqual(log.lastLeafHash);

    const partial = new AuditLog();
    partial.replay(leaves[0] as Uint8Array);
    expect(codeOf(() => partial.replay(leaves[2] as Uint8Array))).toBe("CHAIN_BROKEN");
    expect(codeOf(() => partial.replay(Uint8Array.of(0xff, 0x01)))).toBe("MALFORMED");
    expect(
      codeOf(() =>
        buildLogEntry({ index: 0, previousLeafHash: new Uint8Array(0), loggedAt: at(0), event: new Uint8Array(0) }),
      ),
    ).toBe("MALFORMED");
  });

  it("signs checkpoints of the current or an earlier size; an entry proves its inclusion in them", () => {
    const audit = testParty("audit");
    const { log, leaves } = logOf(11);
    const signed = signCheckpoint(log.tree, { logId: "ariadne-audit/test", issuedAt: at(60), size: 7 }, audit.sign);
    expect(signed.checkpoint).toEqual(
      Checkpoint.create({
        logId: "ariadne-audit/test",
        treeSize: 7,
        rootHash: refMth(leaves.slice(0, 7)),
        issuedAt: at(60),
      }),
    );
    const auditKey = createPublicKey({ key: audit.publicJwk, format: "jwk" });
    const { payload } = verifyEnvelopeBytes(signed.envelopeBytes, PAYLOAD_TYPES.Checkpoint, () => auditKey);
    expect(payload).toEqual(signed.payload);
    expect(Envelope.decode(signed.envelopeBytes).payload).toEqual(signed.payload);
    const checkpoint = decodeCheckpoint(payload);
    verifyInclusion(hashLeaf(leaves[4] as Uint8Array), 4, 7, log.tree.inclusionProof(4, 7), checkpoint.rootHash);
    expect(codeOf(() => signCheckpoint(log.tree, { logId: "Not A Log Id", issuedAt: at(0) }, audit.sign))).toBe(
      "MALFORMED",
    );
    expect(codeOf(() => decodeCheckpoint(Checkpoint.encode(Checkpoint.create({ logId: "x" })).finish()))).toBe(
      "MALFORMED",
    );
  });
});
