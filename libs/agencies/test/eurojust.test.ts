import { HandlingCode, Priority, Purpose } from "@ariadne/contracts";
import { describe, expect, it } from "vitest";
import { EurojustNotificationSchema, notificationType, toEurojustNotification } from "../src/mod.ts";
import { example, metaFor, minimise } from "./fixtures.ts";

const labour = example("labour-fake-job-ads.yaml");
const forced = example("forced-criminality-external-border.yaml");
const minorCase = example("minor-sexual-exploitation-online.yaml");
const JUDICIAL = [Purpose.PURPOSE_JUDICIAL_COOPERATION, Purpose.PURPOSE_INVESTIGATION];
const meta = (alert: typeof labour, purposes = JUDICIAL) =>
  metaFor(alert, "eurojust", { purposes, legalBasis: "Regulation (EU) 2018/1727 Art. 21" });

describe("toEurojustNotification: a copy with every field disclosed", () => {
  it("maps the labour example field by field", () => {
    expect(toEurojustNotification(labour, meta(labour))).toEqual({
      format: "EUROJUST-JUDICIAL-COOPERATION/1",
      notificationId: "EJN-019380a2-6c1e-7a3b-9f10-2b7c4d5e6f01-1",
      ariadneCopyId: "019380a2-6c1e-7a3b-9f10-2b7c4d5e6f01.1.eurojust",
      type: "REQUEST_COORDINATION_MEETING",
      submittedAt: "2025-11-05T07:00:00.000Z",
      notifying: { party: "ncp.nl", memberState: "NL" },
      nationalCaseReferences: [
        { authority: "Politie Eenheid Den Haag", reference: "NL-2025-LAB-004417", system: "BVH" },
      ],
      crimeType: "TRAFFICKING_IN_HUMAN_BEINGS",
      relatedCrimeTypes: ["LABOUR_LAW_OFFENCES", "MONEY_LAUNDERING"],
      exploitationForms: ["forced labour or services"],
      suspects: [
        {
          ref: "P1",
          status: "SUSPECT",
          surname: "Ardeleanu",
          forenames: "Victor",
          aliases: ["Vic Work"],
          dateOfBirth: "1984-03",
          ageBand: "35_49",
          sex: "M",
          nationalities: ["RO"],
          role: "recruiter, administers the advertising account",
          identityDocuments: [{ type: "IDENTITY_CARD", number: "RX 918273", issuingCountry: "RO" }],
        },
        {
          ref: "P2",
          status: "SUSPECT",
          surname: "Tolea",
          forenames: "Marius",
          ageBand: "25_34",
          sex: "M",
          nationalities: ["MD", "RO"],
          role: "gangmaster at the workplace, holds the workers' passports",
        },
      ],
      victims: { total: 2, minors: 0 },
      competentAuthorities: [
        {
          memberState: "NL",
          type: "POLICE",
          name: "Politie Eenheid Den Haag, Team Mensenhandel",
          reference: "NL-2025-LAB-004417",
        },
        { memberState: "NL", type: "LABOUR_INSPECTORATE", name: "Nederlandse Arbeidsinspectie" },
        { memberState: "NL", type: "PUBLIC_PROSECUTOR", name: "Openbaar Ministerie, Arrondissementsparket Den Haag" },
      ],
      memberStatesInvolved: ["AT", "DE", "HU", "NL", "RO"],
      thirdStatesInvolved: ["MD"],
      urgency: { level: "URGENT", deadline: "2025-09-18T08:42:00.000Z", deadlineBasis: "ORIGINATOR" },
      handlingRestrictions: {
        code: "H1",
        notice: "use only within the recipient's mandate",
        judicialUse: "PROVIDER_PERMISSION_REQUIRED",
        onwardTransmission: "PERMITTED",
      },
      legalBasis: "Regulation (EU) 2018/1727 Art. 21",
      factsSummary:
        'Eleven workers from Moldova and Romania recruited through Facebook advertisements of an unlicensed agency, transported by minibus to a greenhouse in Westland. Passports retained by the gangmaster, wages withheld against a "travel debt". Another group leaves Iași next week.',
    });
  });

  it("never carries victims, witnesses or contacts, only counts victims", () => {
    const n = toEurojustNotification(minorCase, meta(minorCase));
    expect(n.suspects.map((s) => s.ref)).toEqual(["P2"]);
    expect(n.victims).toEqual({ total: 1, minors: 1 });
    const json = JSON.stringify(n);
    for (const secret of ["Munteanu", "Andreea", "Becker", "@andi.m09", "tattoo"]) expect(json).not.toContain(secret);
    const f = toEurojustNotification(forced, meta(forced));
    expect(f.suspects.map((s) => s.ref)).toEqual(["P1"]);
    expect(f.victims).toEqual({ total: 2, minors: 1 });
    expect(JSON.stringify(f)).not.toContain("Doctorul");
  });

  it("maps authorities and states of the forced criminality example", () => {
    const n = toEurojustNotification(forced, meta(forced));
    expect(n.competentAuthorities.map((a) => [a.memberState, a.type])).toEqual([
      ["FR", "POLICE"],
      ["FR", "PUBLIC_PROSECUTOR"],
      ["RO", "BORDER_GUARD"],
    ]);
    expect(n.memberStatesInvolved).toEqual(["AT", "DE", "FR", "HU", "RO"]);
    expect(n.thirdStatesInvolved).toEqual(["MD"]);
    expect(n.exploitationForms).toEqual(["exploitation of criminal activities", "forced begging"]);
    expect(n.relatedCrimeTypes).toEqual(["FORGERY_OF_ADMINISTRATIVE_DOCUMENTS", "MIGRANT_SMUGGLING"]);
    expect(n.handlingRestrictions).toEqual({
      code: "H0",
      notice: "use only within the recipient's mandate",
      judicialUse: "PERMITTED",
      onwardTransmission: "PERMITTED",
    });
  });
});

describe("notification type (documented rule)", () => {
  it("asks for a JIT when authorities of two Member States are named and judicial cooperation is a purpose", () => {
    expect(toEurojustNotification(forced, meta(forced)).type).toBe("REQUEST_JIT");
  });

  it("asks for a coordination meeting when several Member States are involved", () => {
    expect(toEurojustNotification(labour, meta(labour)).type).toBe("REQUEST_COORDINATION_MEETING");
  });

  it("notifies (Art. 21) when judicial cooperation is not among the routed purposes", () => {
    expect(toEurojustNotification(forced, meta(forced, [Purpose.PURPOSE_INVESTIGATION])).type).toBe(
      "ART21_NOTIFICATION",
    );
    expect(toEurojustNotification(minorCase, meta(minorCase, [Purpose.PURPOSE_CRIMINAL_ANALYSIS])).type).toBe(
      "ART21_NOTIFICATION",
    );
  });

  it("counts only EU Member States, and one state alone is a notification", () => {
    const j = Purpose.PURPOSE_JUDICIAL_COOPERATION;
    expect(notificationType([j], ["FR", "MD"], ["FR"])).toBe("ART21_NOTIFICATION");
    expect(notificationType([j], ["FR", "FR"], ["FR", "RO"])).toBe("REQUEST_COORDINATION_MEETING");
    expect(notificationType([j], ["FR", "RO"], ["FR", "RO"])).toBe("REQUEST_JIT");
  });
});

describe("toEurojustNotification: minimised copies", () => {
  it("derives a deadline from the priority (Directive 2023/977) when the originator set none", () => {
    const n = toEurojustNotification(minorCase, meta(minorCase));
    expect(n.urgency).toEqual({
      level: "RISK_TO_LIFE",
      deadline: "2025-11-05T15:00:00.000Z",
      deadlineBasis: "DIRECTIVE_2023_977",
    });
    const routine = minimise(forced, () => true);
    if (routine.header) routine.header.priority = Priority.PRIORITY_ROUTINE;
    expect(toEurojustNotification(routine, meta(forced)).urgency?.deadline).toBe("2025-11-12T07:00:00.000Z");
  });

  it("states no urgency when priority and deadline are withheld", () => {
    const copy = minimise(labour, (p) => p !== "header.priority" && p !== "header.respond_by");
    expect(toEurojustNotification(copy, meta(labour))).not.toHaveProperty("urgency");
  });

  it("keeps a suspect whose identity is withheld, as a suspect without a name", () => {
    const copy = minimise(labour, (p) => !/^persons\[P1\]\.(name|identity_documents|date_of_birth)$/.test(p));
    const n = toEurojustNotification(copy, meta(labour));
    expect(n.suspects[0]).toEqual({
      ref: "P1",
      status: "SUSPECT",
      ageBand: "35_49",
      sex: "M",
      nationalities: ["RO"],
      role: "recruiter, administers the advertising account",
    });
    const json = JSON.stringify(n);
    for (const secret of ["Ardeleanu", "Victor", "Vic Work", "RX 918273", "1984-03"])
      expect(json).not.toContain(secret);
  });

  it("leaves out persons whose category is withheld: they cannot be called suspects", () => {
    const copy = minimise(labour, (p) => !p.endsWith(".category"));
    const n = toEurojustNotification(copy, meta(labour));
    expect(n.suspects).toEqual([]);
    expect(n).not.toHaveProperty("victims");
  });

  it("spells out H3 restrictions the copy discloses", () => {
    const copy = minimise(minorCase, () => true);
    copy.handling = {
      code: HandlingCode.HANDLING_CODE_H3,
      restrictions: "no contact with the suspect's employer",
      permittedRecipients: [],
      thirdPartyConsent: [],
    };
    const n = toEurojustNotification(
      copy,
      metaFor(minorCase, "eurojust", { handlingCode: HandlingCode.HANDLING_CODE_H3 }),
    );
    expect(n.handlingRestrictions).toEqual({
      code: "H3",
      notice: "use only within the recipient's mandate",
      judicialUse: "SEE_RESTRICTIONS",
      onwardTransmission: "SEE_RESTRICTIONS",
      restrictions: "no contact with the suspect's employer",
    });
  });

  it("produces what its own schema accepts, and the schema refuses a JIT for one state", () => {
    const n = toEurojustNotification(forced, meta(forced));
    expect(EurojustNotificationSchema.safeParse(JSON.parse(JSON.stringify(n))).success).toBe(true);
    const oneState = { ...n, competentAuthorities: [{ memberState: "FR" }] };
    const r = EurojustNotificationSchema.safeParse(oneState);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["type"]);
  });
});
