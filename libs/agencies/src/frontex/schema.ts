import { z } from "zod";
import { CountryCode, DateTime, HandlingCodeTerm, nonEmpty, PartialDate, PartyId, ShortText } from "../primitives.ts";
import { ImpactFactor, ImpactLevel } from "./impact.ts";
import {
  BorderType,
  DocumentType,
  ExploitationPurpose,
  FraudType,
  FrontexModusOperandi,
  IncidentType,
  TransportMode,
  VehicleType,
} from "./vocabulary.ts";

export const FRONTEX_FORMAT = "FRONTEX-JORA-LIKE/1";

/** "RO-MD-LAND": reporting state, neighbour (land/sea borders), border type. */
export const BorderSection = z.string().regex(/^[A-Z]{2}(-[A-Z]{2})?-(LAND|SEA|AIR)$/, "border section code");

const Count = z.int().min(0);

export const FrontexBorderCrossing = z.strictObject({
  borderSection: BorderSection.optional(),
  crossingPoint: ShortText.optional(),
  country: CountryCode.optional(),
  neighbourCountry: CountryCode.optional(),
  borderType: BorderType.optional(),
  externalBorder: z.boolean(),
  crossedOn: PartialDate.optional(),
  crossingStatus: ShortText.optional(),
});

export const FrontexIncidentSchema = z
  .strictObject({
    format: z.literal(FRONTEX_FORMAT),
    incidentId: z.string().regex(/^INC-[0-9a-f-]{36}-\d{1,9}$/, "INC-<alertId>-<version>"),
    ariadneCopyId: ShortText,
    reportedAt: DateTime,
    reportingParty: z.strictObject({ party: PartyId, memberState: CountryCode.optional() }),
    incidentType: IncidentType.optional(),
    relatedIncidentTypes: nonEmpty(IncidentType).optional(),
    exploitationPurposes: nonEmpty(ExploitationPurpose).optional(),
    impactLevel: ImpactLevel,
    impactFactors: z.array(ImpactFactor),
    route: z
      .strictObject({
        originCountries: nonEmpty(CountryCode).optional(),
        transitCountries: nonEmpty(CountryCode).optional(),
        destinationCountries: nonEmpty(CountryCode).optional(),
        legs: nonEmpty(
          z.strictObject({
            fromCountry: CountryCode.optional(),
            toCountry: CountryCode.optional(),
            transportMode: TransportMode.optional(),
            departedOn: PartialDate.optional(),
            arrivedOn: PartialDate.optional(),
          }),
        ).optional(),
      })
      .optional(),
    borderCrossings: nonEmpty(FrontexBorderCrossing).optional(),
    modusOperandi: nonEmpty(FrontexModusOperandi).optional(),
    documentFraud: nonEmpty(
      z.strictObject({
        documentType: DocumentType.optional(),
        issuingCountry: CountryCode.optional(),
        fraudType: FraudType,
        retainedByThirdParty: z.literal(true).optional(),
      }),
    ).optional(),
    /** Counts only: this channel carries no identities. */
    personsInvolved: z.strictObject({
      total: Count,
      suspects: Count,
      convicted: Count,
      victims: Count,
      potentialVictims: Count,
      witnesses: Count,
      contacts: Count,
      categoryWithheld: Count,
      minors: Count,
      nationalities: z.array(z.strictObject({ country: CountryCode, count: z.int().min(1) })),
    }),
    vehicles: nonEmpty(
      z.strictObject({
        type: VehicleType.optional(),
        registrationPlate: ShortText.optional(),
        registrationCountry: CountryCode.optional(),
        makeModel: ShortText.optional(),
      }),
    ).optional(),
    period: z.strictObject({ from: PartialDate, to: PartialDate }).optional(),
    handling: z.strictObject({ code: HandlingCodeTerm, notice: ShortText.optional() }),
    legalBasis: ShortText,
  })
  .superRefine((r, ctx) => {
    const p = r.personsInvolved;
    const byCategory =
      p.suspects + p.convicted + p.victims + p.potentialVictims + p.witnesses + p.contacts + p.categoryWithheld;
    if (byCategory !== p.total) {
      ctx.addIssue({ code: "custom", path: ["personsInvolved", "total"], message: "categories do not add up" });
    }
    if (p.minors > p.total) ctx.addIssue({ code: "custom", path: ["personsInvolved", "minors"], message: "> total" });
    if (r.period && r.period.from > r.period.to) {
      ctx.addIssue({ code: "custom", path: ["period"], message: "period ends before it starts" });
    }
  });

export type FrontexIncident = z.infer<typeof FrontexIncidentSchema>;
export type FrontexBorderCrossing = z.infer<typeof FrontexBorderCrossing>;
