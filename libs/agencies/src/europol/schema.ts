import { z } from "zod";
import {
  CountryCode,
  DateTime,
  duplicates,
  EntityId,
  HandlingCodeTerm,
  LongText,
  nonEmpty,
  PartialDate,
  PartyId,
  Sha256Hex,
  ShortText,
} from "../primitives.ts";
import {
  SienaAgeBand,
  SienaCommunicationType,
  SienaCrimeArea,
  SienaDataSubject,
  SienaDocumentType,
  SienaExploitationType,
  SienaFinancialType,
  SienaFraudIndicator,
  SienaLinkType,
  SienaLocationType,
  SienaModusOperandi,
  SienaOrganisationType,
  SienaPriority,
  SienaProcessingPurpose,
  SienaSex,
  SienaVehicleType,
} from "./vocabulary.ts";

export const SIENA_FORMAT = "EUROPOL-SIENA-LIKE/1";

/** A message id the sender chooses: unique per alert version. */
export const SienaMessageId = z.string().regex(/^ARD-[0-9a-f-]{36}-\d{1,9}$/, "ARD-<alertId>-<version>");

export const SienaIdentityDocument = z.strictObject({
  type: SienaDocumentType.optional(),
  number: ShortText.optional(),
  issuingCountry: CountryCode.optional(),
  expiryDate: PartialDate.optional(),
  fraudIndicator: SienaFraudIndicator.optional(),
  retainedByThirdParty: z.literal(true).optional(),
});

export const SienaPerson = z.strictObject({
  entityId: EntityId,
  dataSubjectCategory: SienaDataSubject.optional(),
  role: ShortText.optional(),
  surname: ShortText.optional(),
  forenames: ShortText.optional(),
  aliases: nonEmpty(ShortText).optional(),
  /** Europol Regulation Art. 30: data on minors is handled with extra restriction. */
  minor: z.literal(true).optional(),
  ageBand: SienaAgeBand.optional(),
  dateOfBirth: PartialDate.optional(),
  sex: SienaSex.optional(),
  nationalities: nonEmpty(CountryCode).optional(),
  identityDocuments: nonEmpty(SienaIdentityDocument).optional(),
  addresses: nonEmpty(ShortText).optional(),
  physicalDescription: ShortText.optional(),
});

export const SienaMeansOfCommunication = z.strictObject({
  entityId: EntityId,
  type: SienaCommunicationType.optional(),
  value: ShortText.optional(),
  serviceProvider: ShortText.optional(),
  /** Web pages: when the page was captured, its preserved capture's digest, the captured content. */
  capturedAt: DateTime.optional(),
  captureSha256: Sha256Hex.optional(),
  content: LongText.optional(),
  language: z.string().min(2).max(35).optional(),
});

export const SienaOrganisation = z.strictObject({
  entityId: EntityId,
  type: SienaOrganisationType.optional(),
  name: ShortText.optional(),
  country: CountryCode.optional(),
  registrationNumber: ShortText.optional(),
  website: ShortText.optional(),
  role: ShortText.optional(),
});

export const SienaFinancialInstrument = z.strictObject({
  entityId: EntityId,
  type: SienaFinancialType.optional(),
  identifier: ShortText.optional(),
  institution: ShortText.optional(),
  country: CountryCode.optional(),
  network: ShortText.optional(),
});

export const SienaLocation = z.strictObject({
  entityId: EntityId,
  type: SienaLocationType.optional(),
  country: CountryCode.optional(),
  region: ShortText.optional(),
  city: ShortText.optional(),
  address: ShortText.optional(),
  coordinates: z
    .strictObject({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
    .optional(),
  description: ShortText.optional(),
});

export const SienaVehicle = z.strictObject({
  entityId: EntityId,
  type: SienaVehicleType.optional(),
  registrationPlate: ShortText.optional(),
  registrationCountry: CountryCode.optional(),
  makeModel: ShortText.optional(),
  colour: ShortText.optional(),
});

export const SienaLink = z.strictObject({ from: EntityId, to: EntityId, type: SienaLinkType });

export const SienaEntities = z.strictObject({
  persons: z.array(SienaPerson),
  organisations: z.array(SienaOrganisation),
  meansOfCommunication: z.array(SienaMeansOfCommunication),
  financialInstruments: z.array(SienaFinancialInstrument),
  locations: z.array(SienaLocation),
  vehicles: z.array(SienaVehicle),
});

export const SienaMessageSchema = z
  .strictObject({
    format: z.literal(SIENA_FORMAT),
    messageId: SienaMessageId,
    /** Ariadne's copy id: the same copy delivered twice is the same message. */
    ariadneCopyId: ShortText,
    createdAt: DateTime,
    originator: z.strictObject({ party: PartyId, memberState: CountryCode.optional() }),
    recipient: z.literal("EUROPOL"),
    handling: z.strictObject({
      code: HandlingCodeTerm,
      notice: ShortText.optional(),
      restrictions: ShortText.optional(),
      disseminationPermittedTo: nonEmpty(ShortText).optional(),
      thirdPartyConsent: nonEmpty(ShortText).optional(),
    }),
    /** 4x4 evaluation (Europol Regulation Art. 29): source reliability A/B/C/X, information accuracy 1-4. */
    evaluation: z
      .string()
      .regex(/^[ABCX][1-4]$/, "4x4 evaluation code")
      .optional(),
    subject: ShortText,
    priority: SienaPriority.optional(),
    legalBasis: ShortText,
    processingPurposes: nonEmpty(SienaProcessingPurpose),
    caseReferences: nonEmpty(
      z.strictObject({
        system: ShortText.optional(),
        reference: ShortText.optional(),
        authority: ShortText.optional(),
      }),
    ).optional(),
    crimeArea: SienaCrimeArea.optional(),
    associatedCrimeAreas: nonEmpty(SienaCrimeArea).optional(),
    exploitationTypes: nonEmpty(SienaExploitationType).optional(),
    modusOperandi: nonEmpty(SienaModusOperandi).optional(),
    route: z
      .strictObject({
        originCountries: nonEmpty(CountryCode).optional(),
        transitCountries: nonEmpty(CountryCode).optional(),
        destinationCountries: nonEmpty(CountryCode).optional(),
      })
      .optional(),
    /** Set when a person is flagged as a minor (Art. 30 restrictions apply to the whole message). */
    containsDataOnMinors: z.literal(true).optional(),
    entities: SienaEntities,
    links: z.array(SienaLink),
    narrative: LongText.optional(),
  })
  .superRefine((m, ctx) => {
    // A link is only meaningful between entities the message carries, and ids name one entity.
    const e = m.entities;
    const ids = [
      ...e.persons,
      ...e.organisations,
      ...e.meansOfCommunication,
      ...e.financialInstruments,
      ...e.locations,
      ...e.vehicles,
    ].map((x) => x.entityId);
    for (const id of duplicates(ids)) {
      ctx.addIssue({ code: "custom", path: ["entities"], message: `entity id ${id} used twice` });
    }
    const known = new Set(ids);
    m.links.forEach((l, i) => {
      if (!known.has(l.from)) ctx.addIssue({ code: "custom", path: ["links", i, "from"], message: "unknown entity" });
      if (!known.has(l.to)) ctx.addIssue({ code: "custom", path: ["links", i, "to"], message: "unknown entity" });
    });
  });

export type SienaMessage = z.infer<typeof SienaMessageSchema>;
export type SienaPerson = z.infer<typeof SienaPerson>;
export type SienaLink = z.infer<typeof SienaLink>;
