import { type CrimeArea, HandlingCode, Purpose } from "@ariadne/contracts";
import { describe, expect, it } from "vitest";
import { AgencyError, SienaMessageSchema, toSienaMessage } from "../src/mod.ts";
import { example, metaFor, minimise } from "./fixtures.ts";

const minorCase = example("minor-sexual-exploitation-online.yaml");
const labour = example("labour-fake-job-ads.yaml");
const forced = example("forced-criminality-external-border.yaml");
const PURPOSES = [
  Purpose.PURPOSE_CRIMINAL_ANALYSIS,
  Purpose.PURPOSE_OPERATIONAL_SUPPORT,
  Purpose.PURPOSE_INVESTIGATION,
];

const codeOf = (f: () => unknown) => {
  try {
    f();
    return "OK";
  } catch (err) {
    expect(err).toBeInstanceOf(AgencyError);
    return (err as AgencyError).code;
  }
};

describe("toSienaMessage: a copy with every field disclosed", () => {
  it("maps the online sexual exploitation example field by field", () => {
    const m = toSienaMessage(minorCase, metaFor(minorCase, "europol", { purposes: PURPOSES }));
    expect(m).toEqual({
      format: "EUROPOL-SIENA-LIKE/1",
      messageId: "ARD-019380a2-7d2f-7b4c-8a21-3c8d5e6f7a02-1",
      ariadneCopyId: "019380a2-7d2f-7b4c-8a21-3c8d5e6f7a02.1.europol",
      createdAt: "2025-11-05T07:00:00.000Z",
      originator: { party: "ncp.de", memberState: "DE" },
      recipient: "EUROPOL",
      handling: {
        code: "H2",
        notice: "use only within the recipient's mandate",
        disseminationPermittedTo: ["europol", "ncp.ro"],
      },
      evaluation: "A2",
      subject: "Ariadne early alert - Trafficking in human beings - Sexual exploitation - from DE",
      priority: "VERY_URGENT",
      legalBasis: "Regulation (EU) 2016/794 Art. 18(2)",
      processingPurposes: ["CROSS_CHECKING", "OPERATIONAL_ANALYSIS", "INFORMATION_EXCHANGE"],
      caseReferences: [{ system: "INPOL", reference: "DE-LKA-BE-2025-77813", authority: "LKA Berlin, Dezernat 42" }],
      crimeArea: "Trafficking in human beings",
      associatedCrimeAreas: ["Sexual abuse and sexual exploitation, including child abuse material", "Computer crime"],
      exploitationTypes: ["Sexual exploitation"],
      modusOperandi: ["Lover boy method", "Online recruitment", "Encrypted communication", "Isolation"],
      route: { originCountries: ["RO"], transitCountries: ["HU", "AT"], destinationCountries: ["DE"] },
      containsDataOnMinors: true,
      entities: {
        persons: [
          {
            entityId: "P1",
            dataSubjectCategory: "VICTIM",
            role: "recruited online, advertised on an escort site",
            surname: "Munteanu",
            forenames: "Andreea",
            minor: true,
            ageBand: "16-17",
            dateOfBirth: "2009-02-11",
            sex: "FEMALE",
            nationalities: ["RO"],
            physicalDescription: "1.60 m, dark hair, tattoo of a star on left wrist",
          },
          {
            entityId: "P2",
            dataSubjectCategory: "SUSPECT",
            role: 'groomed the victim on Instagram ("lover boy" method), arranged travel',
            surname: "Stoica",
            forenames: "Florin",
            aliases: ["Flo", "Alex B."],
            ageBand: "25-34",
            dateOfBirth: "1997",
            sex: "MALE",
            nationalities: ["RO"],
          },
          {
            entityId: "P3",
            dataSubjectCategory: "WITNESS",
            role: "hotel night receptionist who reported the case",
            surname: "Becker",
            forenames: "Jonas",
            nationalities: ["DE"],
          },
        ],
        organisations: [
          {
            entityId: "O1",
            type: "ONLINE_SERVICE_PROVIDER",
            name: "escort-listings.example",
            role: "hosting the advertisement",
          },
        ],
        meansOfCommunication: [
          { entityId: "P1/C1", type: "HANDLE", value: "@andi.m09", serviceProvider: "Instagram" },
          { entityId: "P2/C1", type: "HANDLE", value: "@alex.b.berlin", serviceProvider: "Instagram" },
          { entityId: "P2/C2", type: "MESSENGER_ID", value: "alexb_97", serviceProvider: "Telegram" },
          { entityId: "P2/C3", type: "PHONE", value: "+49 1570 0000404", serviceProvider: "WhatsApp" },
          {
            entityId: "A1",
            type: "WEB_PAGE",
            value: "https://escort-listings.example/berlin/ad/000000777",
            serviceProvider: "escort-listings.example",
            capturedAt: "2025-10-02T20:40:00.000Z",
            captureSha256: "b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184",
            content: "Neu in Berlin! Junge Studentin, 19, diskret, Termine heute Abend.",
            language: "de",
          },
        ],
        financialInstruments: [
          {
            entityId: "F1",
            type: "CRYPTO_WALLET",
            identifier: "TQ0000000000000000000000000000000x",
            network: "TRON-USDT",
          },
        ],
        locations: [
          {
            entityId: "L1",
            type: "PLACE_OF_EXPLOITATION",
            country: "DE",
            city: "Berlin",
            address: "short-let flat, Neukölln (exact address held by LKA Berlin)",
          },
        ],
        vehicles: [],
      },
      links: [
        { from: "P1", to: "P1/C1", type: "USES" },
        { from: "P1", to: "L1", type: "LINKED_TO_LOCATION" },
        { from: "P2", to: "P2/C1", type: "USES" },
        { from: "P2", to: "P2/C2", type: "USES" },
        { from: "P2", to: "P2/C3", type: "USES" },
        { from: "P2", to: "A1", type: "POSTED" },
        { from: "P2", to: "F1", type: "HOLDS" },
      ],
      narrative:
        "16-year-old Romanian girl groomed on Instagram by a man presenting as a student, flown to Berlin and advertised as an adult on an escort site. Payments in USDT. Victim located and taken into care on 2 October; suspect still active on Telegram.",
    });
  });

  it("maps the labour example's organisations, accounts, coordinates and links", () => {
    const m = toSienaMessage(labour, metaFor(labour, "europol"));
    expect(m.handling).toEqual({ code: "H1", notice: "use only within the recipient's mandate" });
    expect(m.evaluation).toBe("B2");
    expect(m.priority).toBe("HIGH");
    expect(m.processingPurposes).toEqual(["OPERATIONAL_ANALYSIS"]);
    expect(m.associatedCrimeAreas).toEqual([
      "Labour law infringements (non-mandated, context only)",
      "Money-laundering activities",
    ]);
    expect(m.modusOperandi).toEqual([
      "Fake job offer",
      "Online recruitment",
      "Debt bondage",
      "Retention of identity documents",
      "Subcontracting chain",
    ]);
    expect(m.entities.organisations.map((o) => [o.entityId, o.type])).toEqual([
      ["O1", "RECRUITMENT_AGENCY"],
      ["O2", "EMPLOYER"],
      ["O3", "ONLINE_SERVICE_PROVIDER"],
    ]);
    expect(m.entities.organisations[0]).toEqual({
      entityId: "O1",
      type: "RECRUITMENT_AGENCY",
      name: "Flexwork Europa B.V.",
      country: "NL",
      registrationNumber: "KvK 00000001",
      website: "https://flexwork-europa.example",
      role: "fake recruitment agency, no licence (SNA)",
    });
    expect(m.entities.financialInstruments).toEqual([
      {
        entityId: "F1",
        type: "BANK_ACCOUNT",
        identifier: "NL91 ABNA 0417 1643 00",
        institution: "ABN AMRO",
        country: "NL",
      },
      {
        entityId: "F2",
        type: "MONEY_TRANSFER",
        identifier: "MTCN 000-000-1234",
        institution: "Western Union",
        country: "RO",
      },
    ]);
    expect(m.entities.locations[1]).toEqual({
      entityId: "L2",
      type: "PLACE_OF_EXPLOITATION",
      country: "NL",
      region: "Westland",
      city: "Honselersdijk",
      address: "Glasweg 12",
      coordinates: { latitude: 52.0017, longitude: 4.2336 },
    });
    expect(m.entities.vehicles).toEqual([
      {
        entityId: "V1",
        type: "BUS",
        registrationPlate: "IS-00-FLX",
        registrationCountry: "RO",
        makeModel: "Mercedes-Benz Sprinter",
        colour: "white",
      },
    ]);
    const p3 = m.entities.persons.find((p) => p.entityId === "P3");
    expect(p3?.identityDocuments).toEqual([
      { type: "PASSPORT", number: "AB0000311", issuingCountry: "MD", retainedByThirdParty: true },
    ]);
    expect(p3?.addresses).toEqual(["Containerpark 4, 2675 Honselersdijk"]);
    expect(m.links).toEqual(
      expect.arrayContaining([
        { from: "P1", to: "O1", type: "ASSOCIATED_WITH" },
        { from: "P2", to: "O2", type: "ASSOCIATED_WITH" },
        { from: "P2", to: "L2", type: "LINKED_TO_LOCATION" },
        { from: "O1", to: "F1", type: "HOLDS" },
        { from: "P1", to: "F2", type: "HOLDS" },
        { from: "O1", to: "A1", type: "POSTED" },
      ]),
    );
    expect(m.containsDataOnMinors).toBeUndefined();
  });

  it("maps the forced criminality example's documents, contacts and aliases", () => {
    const m = toSienaMessage(forced, metaFor(forced, "europol"));
    expect(m.evaluation).toBe("B3");
    expect(m.priority).toBe("URGENT");
    const [p1, p2, , p4] = m.entities.persons;
    expect(p1?.identityDocuments).toEqual([
      { type: "PASSPORT", number: "BA0000919", issuingCountry: "MD", fraudIndicator: "NO_FRAUD_DETECTED" },
      { type: "DRIVING_LICENCE", number: "MD-DL-000077", issuingCountry: "MD" },
    ]);
    expect(p2?.identityDocuments).toEqual([
      {
        type: "ID_CARD",
        number: "RO-ID-000000712",
        issuingCountry: "RO",
        fraudIndicator: "FORGED",
        retainedByThirdParty: true,
      },
    ]);
    expect(p2?.minor).toBe(true);
    expect(p4).toEqual({
      entityId: "P4",
      dataSubjectCategory: "CONTACT_ASSOCIATE",
      role: "supplies forged Romanian identity cards",
      surname: "unknown",
      aliases: ["Doctorul"],
      nationalities: ["MD"],
    });
    expect(m.entities.vehicles[0]?.type).toBe("VAN");
    expect(m.entities.locations.map((l) => l.type)).toEqual([
      "BORDER_CROSSING_POINT",
      "PLACE_OF_EXPLOITATION",
      "RESIDENCE",
    ]);
    expect(m.entities.meansOfCommunication).toEqual([
      { entityId: "P1/C1", type: "MESSENGER_ID", value: "+373 690 00 919", serviceProvider: "Viber" },
    ]);
    expect(m.entities.organisations[0]?.type).toBe("TRANSPORT_COMPANY");
    expect(m.entities.financialInstruments[0]?.type).toBe("PAYMENT_CARD");
  });
});

describe("toSienaMessage: minimised copies", () => {
  // A Europol-like cut: victims and witnesses without identity, no free text, no ad text.
  const keep = (path: string) =>
    !/^persons\[P1\]\.(name|date_of_birth|physical_description|online_identifiers|addresses)$/.test(path) &&
    !path.startsWith("persons[P3].") &&
    path !== "summary" &&
    path !== "advertisements[A1].captured_text";
  const copy = minimise(minorCase, keep);
  const m = toSienaMessage(copy, metaFor(minorCase, "europol"));

  it("keeps what was disclosed about a victim, and nothing else", () => {
    expect(m.entities.persons.find((p) => p.entityId === "P1")).toEqual({
      entityId: "P1",
      dataSubjectCategory: "VICTIM",
      role: "recruited online, advertised on an escort site",
      minor: true,
      ageBand: "16-17",
      sex: "FEMALE",
      nationalities: ["RO"],
    });
  });

  it("drops withheld entities and every link to them", () => {
    expect(m.entities.persons.map((p) => p.entityId)).toEqual(["P1", "P2"]);
    expect(m.entities.meansOfCommunication.map((c) => c.entityId)).toEqual(["P2/C1", "P2/C2", "P2/C3", "A1"]);
    expect(m.links.some((l) => l.from === "P3" || l.to === "P3" || l.to === "P1/C1")).toBe(false);
    expect(m.links).toContainEqual({ from: "P1", to: "L1", type: "LINKED_TO_LOCATION" });
  });

  it("leaves out withheld free text and never writes the withheld values", () => {
    expect(m).not.toHaveProperty("narrative");
    expect(m.entities.meansOfCommunication.find((c) => c.entityId === "A1")).not.toHaveProperty("content");
    const json = JSON.stringify(m);
    for (const secret of [
      "Munteanu",
      "Andreea",
      "2009-02-11",
      "tattoo",
      "@andi.m09",
      "Becker",
      "Jonas",
      "Junge Studentin",
    ]) {
      expect(json).not.toContain(secret);
    }
  });

  it("drops a link whose other end was withheld, keeps the entity", () => {
    const noPoster = minimise(minorCase, (p) => !p.startsWith("persons[P2]."));
    const n = toSienaMessage(noPoster, metaFor(minorCase, "europol"));
    expect(n.entities.meansOfCommunication.map((c) => c.entityId)).toContain("A1");
    expect(n.links.filter((l) => l.type === "POSTED" || l.type === "HOLDS")).toEqual([]);
  });

  it("maps a copy that discloses only the crime area to the minimal message", () => {
    const only = minimise(labour, (p) => p === "crime_area");
    const n = toSienaMessage(only, metaFor(labour, "europol", { handlingNotice: "" }));
    expect(n).toEqual({
      format: "EUROPOL-SIENA-LIKE/1",
      messageId: "ARD-019380a2-6c1e-7a3b-9f10-2b7c4d5e6f01-1",
      ariadneCopyId: "019380a2-6c1e-7a3b-9f10-2b7c4d5e6f01.1.europol",
      createdAt: "2025-11-05T07:00:00.000Z",
      originator: { party: "ncp.nl", memberState: "NL" },
      recipient: "EUROPOL",
      handling: { code: "H1" },
      subject: "Ariadne early alert - Trafficking in human beings - from NL",
      legalBasis: "Regulation (EU) 2016/794 Art. 18(2)",
      processingPurposes: ["OPERATIONAL_ANALYSIS"],
      crimeArea: "Trafficking in human beings",
      entities: {
        persons: [],
        organisations: [],
        meansOfCommunication: [],
        financialInstruments: [],
        locations: [],
        vehicles: [],
      },
      links: [],
    });
  });

  it("takes the handling code from the attestation when the copy withholds handling", () => {
    const noHandling = minimise(minorCase, (p) => p !== "handling");
    const n = toSienaMessage(
      noHandling,
      metaFor(minorCase, "europol", { handlingCode: HandlingCode.HANDLING_CODE_H2 }),
    );
    expect(n.handling).toEqual({ code: "H2", notice: "use only within the recipient's mandate" });
  });

  it("states no evaluation when half of it is unknown", () => {
    const half = minimise(minorCase, () => true);
    half.evaluation = { sourceReliability: 1, informationAccuracy: 0 };
    expect(toSienaMessage(half, metaFor(minorCase, "europol"))).not.toHaveProperty("evaluation");
  });
});

describe("toSienaMessage: codes without a SIENA term", () => {
  it("refuses an unknown crime area code instead of dropping it", () => {
    const odd = minimise(labour, () => true);
    odd.crimeArea = 99 as CrimeArea;
    expect(codeOf(() => toSienaMessage(odd, metaFor(labour, "europol")))).toBe("UNMAPPABLE_CODE");
  });

  it("produces what its own schema accepts", () => {
    for (const alert of [minorCase, labour, forced]) {
      const m = toSienaMessage(alert, metaFor(alert, "europol"));
      expect(SienaMessageSchema.safeParse(JSON.parse(JSON.stringify(m))).success).toBe(true);
    }
  });
});
