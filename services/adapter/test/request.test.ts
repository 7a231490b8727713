import { type CrimeArea, FeedRequest, FeedRequest_Action, newId, Purpose } from "@ariadne/contracts";
import { inboxPrefix } from "@ariadne/deploy";
import { encodeEnvelope, MESSAGE_TYPES, type Signer } from "@ariadne/envelope";
import { createTestKeys, type TestKeys } from "@ariadne/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { FeedError } from "../src/errors.ts";
import { checkFeedRequest } from "../src/feed/request.ts";
import { PARTIES } from "./support/world.ts";

const OFFICER = "officer.europol.liaison-1";
let keys: TestKeys;

function signed(signer: Signer, fields: Partial<FeedRequest> = {}): { bytes: Uint8Array; reply: string } {
  const reply = `${inboxPrefix(OFFICER)}.feed.1`;
  const request = FeedRequest.fromPartial({
    requestId: newId(),
    feedId: newId(),
    action: FeedRequest_Action.ACTION_OPEN,
    officer: signer.party,
    agency: "europol",
    replyTo: reply,
    purposes: [Purpose.PURPOSE_CRIMINAL_ANALYSIS],
    ...fields,
  });
  return { bytes: encodeEnvelope(signer.sign(MESSAGE_TYPES.FeedRequest, FeedRequest.encode(request).finish())), reply };
}

function codeOf(bytes: Uint8Array, reply: string | undefined, agency = "europol"): string {
  try {
    checkFeedRequest(bytes, reply, keys.verifier(), agency);
    return "accepted";
  } catch (err) {
    if (err instanceof FeedError) return err.code;
    throw err;
  }
}

beforeAll(async () => {
  keys = await createTestKeys({ parties: PARTIES });
});

describe("checkFeedRequest", () => {
  it("accepts an officer of the agency asking for frames in its own inbox", async () => {
    const { bytes, reply } = signed(await keys.signer(OFFICER));
    const checked = checkFeedRequest(bytes, reply, keys.verifier(), "europol");
    expect(checked.signer.party).toBe(OFFICER);
    expect(checked.bytes).toBe(bytes);
  });

  it("refuses an officer of another agency", async () => {
    const frontex = await keys.signer("officer.frontex.liaison-2");
    const { bytes } = signed(frontex, { agency: "europol" });
    expect(codeOf(bytes, `${inboxPrefix(frontex.party)}.feed.1`)).toBe("WRONG_AGENCY");
    // Nor may a Europol officer ask another agency's feed.
    const own = signed(await keys.signer(OFFICER), { agency: "frontex" });
    expect(codeOf(own.bytes, own.reply, "frontex")).toBe("WRONG_AGENCY");
  });

  it("refuses a forged request: unknown key, or signed by one officer naming another", async () => {
    const stranger = await createTestKeys({ parties: [{ id: OFFICER, roles: ["officer"] }] });
    const forged = signed(await stranger.signer(OFFICER));
    expect(codeOf(forged.bytes, forged.reply)).toBe("REQUEST_UNVERIFIED");
    const other = signed(await keys.signer("officer.europol.analyst-3"), { officer: OFFICER });
    expect(codeOf(other.bytes, other.reply)).toBe("NOT_AN_OFFICER");
    // A flipped bit in the payload.
    const tampered = signed(await keys.signer(OFFICER));
    const bytes = Uint8Array.from(tampered.bytes);
    bytes[6] = (bytes[6] ?? 0) ^ 1;
    expect(["REQUEST_UNVERIFIED", "REQUEST_MALFORMED"]).toContain(codeOf(bytes, tampered.reply));
  });

  it("refuses signers that are not officers", async () => {
    const { bytes, reply } = signed(await keys.signer("ncp.de"));
    expect(codeOf(bytes, reply)).toBe("NOT_AN_OFFICER");
    const adapter = signed(await keys.signer("adapter.europol"));
    expect(codeOf(adapter.bytes, adapter.reply)).toBe("NOT_AN_OFFICER");
  });

  it("refuses frames aimed elsewhere than the officer's own inbox", async () => {
    const officer = await keys.signer(OFFICER);
    const { bytes, reply } = signed(officer);
    expect(codeOf(bytes, `${reply}.other`)).toBe("REPLY_SUBJECT_MISMATCH");
    expect(codeOf(bytes, undefined)).toBe("REPLY_SUBJECT_MISMATCH");
    const elsewhere = `${inboxPrefix("officer.europol.analyst-3")}.feed.1`;
    expect(codeOf(signed(officer, { replyTo: elsewhere }).bytes, elsewhere)).toBe("REPLY_SUBJECT_MISMATCH");
  });

  it("refuses malformed requests: no purpose, unknown codes, bad ids, bytes that are not an envelope", async () => {
    const officer = await keys.signer(OFFICER);
    const cases: Partial<FeedRequest>[] = [
      { purposes: [] },
      { filter: { crimeAreas: [99 as CrimeArea], originatingCountries: [], priorities: [], exploitationForms: [] } },
      { filter: { crimeAreas: [], originatingCountries: ["de"], priorities: [], exploitationForms: [] } },
      { requestId: "not-a-uuid" },
      { action: FeedRequest_Action.ACTION_UNSPECIFIED },
    ];
    for (const fields of cases) {
      const { bytes, reply } = signed(officer, fields);
      expect(codeOf(bytes, reply)).toBe("REQUEST_MALFORMED");
    }
    expect(codeOf(new Uint8Array([1, 2, 3]), "x")).toBe("REQUEST_MALFORMED");
  });
});
