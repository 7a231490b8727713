import { z } from "zod";
import {
  CountryCode,
  DateTime,
  EntityId,
  HandlingCodeTerm,
  LongText,
  nonEmpty,
  PartialDate,
  PartyId,
  ShortText,
} from "../primitives.ts";
import {
  EurojustAgeBand,
  EurojustAuthorityType,
  EurojustCrimeType,
  EurojustDocumentType,
  EurojustExploitationForm,
  EurojustSex,
  EurojustUrgency,
  SuspectStatus,
  UseCondition,
} from "./vocabulary.ts";

export const EUROJUST_FORMAT = "EUROJUST-JUDICIAL-COOPERATION/1";

/**
 * ART21_NOTIFICATION: information to the national member (Eurojust Regulation Art. 21);
 * REQUEST_COORDINATION_MEETING: several Member States' proceedings to coordinate;
 * REQUEST_JIT: competent authorities of two or more Member States, a joint investigation team.
 */
export const EurojustNotificationType = z.enum(["ART21_NOTIFICATION", "REQUEST_COORDINATION_MEETING", "REQUEST_JIT"]);

export const EurojustSuspect = z.strictObject({
  ref: EntityId,
  status: SuspectStatus,
  surname: ShortText.optional(),
  forenames: ShortText.optional(),
  aliases: nonEmpty(ShortText).optional(),
  dateOfBirth: PartialDate.optional(),
  ageBand: EurojustAgeBand.optional(),
  sex: EurojustSex.optional(),
  nationalities: nonEmpty(CountryCode).optional(),
  role: ShortText.optional(),
  identityDocuments: nonEmpty(
    z.strictObject({
      type: EurojustDocumentType.optional(),
      number: ShortText.optional(),
      issuingCountry: CountryCode.optional(),
    }),
  ).optional(),
});

export const EurojustAuthority = z.strictObject({
  memberState: CountryCode.optional(),
  type: EurojustAuthorityType.optional(),
  name: ShortText.optional(),
  reference: ShortText.optional(),
});

export const EurojustNotificationSchema = z
  .strictObject({
    format: z.literal(EUROJUST_FORMAT),
    notificationId: z.string().regex(/^EJN-[0-9a-f-]{36}-\d{1,9}$/, "EJN-<alertId>-<version>"),
    ariadneCopyId: ShortText,
    type: EurojustNotificationType,
    submittedAt: DateTime,
    notifying: z.strictObject({ party: PartyId, memberState: CountryCode.optional() }),
    nationalCaseReferences: nonEmpty(
      z.strictObject({
        authority: ShortText.optional(),
        reference: ShortText.optional(),
        system: ShortText.optional(),
      }),
    ).optional(),
    crimeType: EurojustCrimeType.optional(),
    relatedCrimeTypes: nonEmpty(EurojustCrimeType).optional(),
    exploitationForms: nonEmpty(EurojustExploitationForm).optional(),
    suspects: z.array(EurojustSuspect),
    /** How many victims the copy names as such (identities never travel on this channel). */
    victims: z.strictObject({ total: z.int().min(1), minors: z.int().min(0) }).optional(),
    competentAuthorities: z.array(EurojustAuthority),
    memberStatesInvolved: z.array(CountryCode),
    thirdStatesInvolved: z.array(CountryCode),
    urgency: z
      .strictObject({
        level: EurojustUrgency.optional(),
        deadline: DateTime.optional(),
        deadlineBasis: z.enum(["ORIGINATOR", "DIRECTIVE_2023_977"]).optional(),
      })
      .optional(),
    handlingRestrictions: z.strictObject({
      code: HandlingCodeTerm,
      notice: ShortText.optional(),
      judicialUse: UseCondition,
      onwardTransmission: UseCondition,
      restrictions: ShortText.optional(),
      permittedRecipients: nonEmpty(ShortText).optional(),
      thirdPartyConsent: nonEmpty(ShortText).optional(),
    }),
    legalBasis: ShortText,
    factsSummary: LongText.optional(),
  })
  .superRefine((n, ctx) => {
    if (n.type === "REQUEST_JIT") {
      const states = new Set(n.competentAuthorities.map((a) => a.memberState).filter((s) => s !== undefined));
      if (states.size < 2) {
        ctx.addIssue({
          code: "custom",
          path: ["type"],
          message: "a JIT request needs authorities of two Member States",
        });
      }
    }
    if (n.victims && n.victims.minors > n.victims.total) {
      ctx.addIssue({ code: "custom", path: ["victims", "minors"], message: "more minors than victims" });
    }
    if (n.urgency?.deadline !== undefined && n.urgency.deadlineBasis === undefined) {
      ctx.addIssue({ code: "custom", path: ["urgency", "deadlineBasis"], message: "a deadline states its basis" });
    }
  });

export type EurojustNotification = z.infer<typeof EurojustNotificationSchema>;
export type EurojustNotificationType = z.infer<typeof EurojustNotificationType>;
