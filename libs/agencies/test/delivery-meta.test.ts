import { HandlingCode, Purpose, RoutingAttestation } from "@ariadne/contracts";
import { describe, expect, it } from "vitest";
import { AGENCIES, AgencyError, type DeliveryMeta, deliveryMetaOf, mapToChannel, memberStateOf } from "../src/mod.ts";
import { example, metaFor, minimise, ROUTED_AT } from "./fixtures.ts";

const alert = example("labour-fake-job-ads.yaml");

const codeOf = (f: () => unknown) => {
  try {
    f();
    return "OK";
  } catch (err) {
    expect(err).toBeInstanceOf(AgencyError);
    return (err as AgencyError).code;
  }
};

describe("delivery metadata", () => {
  it("comes from a routing attestation", () => {
    const att = RoutingAttestation.fromPartial({
      alertId: "019380a2-6c1e-7a3b-9f10-2b7c4d5e6f01",
      version: 1,
      originator: "ncp.nl",
      recipient: "eurojust",
      handlingCode: HandlingCode.HANDLING_CODE_H1,
      handlingNotice: "not for judicial proceedings without the provider's permission",
      legalBasis: "Regulation (EU) 2018/1727 Art. 21",
      purposes: [Purpose.PURPOSE_JUDICIAL_COOPERATION],
      routedAt: ROUTED_AT,
      copyId: "019380a2-6c1e-7a3b-9f10-2b7c4d5e6f01.1.eurojust",
    });
    const meta = deliveryMetaOf(att);
    expect(meta).toEqual({
      alertId: att.alertId,
      version: 1,
      originator: "ncp.nl",
      copyId: att.copyId,
      handlingCode: HandlingCode.HANDLING_CODE_H1,
      handlingNotice: att.handlingNotice,
      legalBasis: att.legalBasis,
      purposes: [Purpose.PURPOSE_JUDICIAL_COOPERATION],
      routedAt: ROUTED_AT,
    });
    expect(mapToChannel("eurojust", alert, meta).ariadneCopyId).toBe(att.copyId);
    const noTime = deliveryMetaOf(RoutingAttestation.fromPartial({ ...att, routedAt: undefined }));
    expect(codeOf(() => mapToChannel("eurojust", alert, noTime))).toBe("INVALID_METADATA");
  });

  it("names the member state of an NCP only", () => {
    expect(memberStateOf("ncp.de")).toBe("DE");
    expect(memberStateOf("router")).toBeUndefined();
    expect(memberStateOf("ncp.deu")).toBeUndefined();
  });

  const bad: [string, Partial<DeliveryMeta>, string][] = [
    ["alert id not a UUIDv7", { alertId: "not-an-id" }, "INVALID_METADATA"],
    ["version 0", { version: 0 }, "INVALID_METADATA"],
    ["originator not a party id", { originator: "NCP DE" }, "INVALID_METADATA"],
    ["no handling code", { handlingCode: HandlingCode.HANDLING_CODE_UNSPECIFIED }, "INVALID_METADATA"],
    ["empty legal basis", { legalBasis: " " }, "INVALID_METADATA"],
    ["no purpose", { purposes: [] }, "INVALID_METADATA"],
    ["unknown purpose", { purposes: [42 as Purpose] }, "INVALID_METADATA"],
    ["invalid routing time", { routedAt: new Date("nope") }, "INVALID_METADATA"],
    ["copy id of another alert", { copyId: "019380a2-7d2f-7b4c-8a21-3c8d5e6f7a02.1.europol" }, "INVALID_METADATA"],
  ];
  for (const agency of AGENCIES) {
    it.each(bad)(`${agency}: %s -> %s`, (_what, override, code) => {
      expect(codeOf(() => mapToChannel(agency, alert, metaFor(alert, agency, override)))).toBe(code);
    });

    it(`${agency}: refuses a copy meant for another recipient`, () => {
      const other = agency === "europol" ? "frontex" : "europol";
      const meta = metaFor(alert, agency, { copyId: `${alert.header?.alertId}.1.${other}` });
      expect(codeOf(() => mapToChannel(agency, alert, meta))).toBe("WRONG_RECIPIENT");
    });

    it(`${agency}: refuses a copy whose header or handling disagrees with the attestation`, () => {
      const meta = metaFor(alert, agency);
      const otherVersion = minimise(alert, () => true);
      if (otherVersion.header) otherVersion.header.version = 2;
      expect(codeOf(() => mapToChannel(agency, otherVersion, meta))).toBe("COPY_MISMATCH");
      const otherOriginator = minimise(alert, () => true);
      if (otherOriginator.header) otherOriginator.header.originator = "ncp.be";
      expect(codeOf(() => mapToChannel(agency, otherOriginator, meta))).toBe("COPY_MISMATCH");
      expect(codeOf(() => mapToChannel(agency, alert, { ...meta, handlingCode: HandlingCode.HANDLING_CODE_H0 }))).toBe(
        "COPY_MISMATCH",
      );
    });
  }
});
