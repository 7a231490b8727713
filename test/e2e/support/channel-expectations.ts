// The channel messages the stand-ins must record for the shipped examples (examples/*.yaml) under
// deploy/mandates.yaml, written out literally: what each agency's channel receives, field by
// field, derived by reading the mandates and the channel formats (libs/agencies/src/*/vocabulary.ts,
// docs/agency-channels.md), never by calling the mapping under test. Only what the pipeline
// decides at run time comes in through `Ctx`: the fresh alert id and the routing time.

export interface Ctx {
  readonly alertId: string;
  /** When the router attested the copy (ISO 8601): every channel message of the alert carries it. */
  readonly routedAt: string;
  /** The originator's answer deadline of the fresh alert (ISO 8601), when it set one. */
  readonly respondBy: string | undefined;
  /** routedAt + 8 hours: Directive (EU) 2023/977 Art. 5's deadline for urgent requests. */
  readonly urgentDeadline: string;
}

/** The legal bases of deploy/mandates.yaml, as the folded YAML scalars read. */
export const LEGAL_BASIS = {
  europol:
    "Regulation (EU) 2016/794 (Europol Regulation): Art. 3 and Annex I (trafficking in human beings and associated crimes), Art. 18(2)(a)-(c) (cross-checking, strategic and operational analysis), Art. 18(5) and Annex II (categories of data subjects), Art. 30(1) (victims, witnesses and minors only where strictly necessary).",
  eurojust:
    "Regulation (EU) 2018/1727 (Eurojust Regulation): Art. 2-3 and Annex I (trafficking in human beings), Art. 4(1) (coordination of investigations and prosecutions, mutual legal assistance, joint investigation teams), Art. 21 (exchange of information with national authorities), Art. 27 and Annex II (operational personal data: suspects; victims and witnesses within limits).",
  frontex:
    "Regulation (EU) 2019/1896 (European Border and Coast Guard Regulation): Art. 29 (risk analysis), Art. 87(1) (purposes of processing), Art. 88-90 (operational personal data of persons suspected of cross-border crime such as trafficking in human beings, only where strictly necessary for the Agency's tasks).",
} as const;

/** The handling notices the router stamps (SIENA wording). */
export const NOTICE = {
  H0: "H0: use only to prevent or combat crime within the recipient's mandate",
  H1: "H1: not to be used in judicial proceedings without the provider's permission",
  H2: "H2: not to be disseminated without the provider's permission",
} as const;

// labour europol
// Europol's mandate covers nearly everything; only the victim's address (P3) stays behind.
const labour_europol = (c: Ctx) => ({
  format: "EUROPOL-SIENA-LIKE/1",
  messageId: `ARD-${c.alertId}-1`,
  ariadneCopyId: `${c.alertId}.1.europol`,
  createdAt: c.routedAt,
  originator: {
    party: "ncp.nl",
    memberState: "NL",
  },
  recipient: "EUROPOL",
  handling: {
    code: "H1",
    notice: NOTICE.H1,
  },
  evaluation: "B2",
  subject: "Ariadne early alert - Trafficking in human beings - Labour exploitation - from NL",
  priority: "HIGH",
  legalBasis: LEGAL_BASIS.europol,
  processingPurposes: ["CROSS_CHECKING", "OPERATIONAL_ANALYSIS"],
  caseReferences: [
    {
      system: "BVH",
      reference: "NL-2025-LAB-004417",
      authority: "Politie Eenheid Den Haag",
    },
  ],
  crimeArea: "Trafficking in human beings",
  associatedCrimeAreas: ["Labour law infringements (non-mandated, context only)", "Money-laundering activities"],
  exploitationTypes: ["Labour exploitation"],
  modusOperandi: [
    "Fake job offer",
    "Online recruitment",
    "Debt bondage",
    "Retention of identity documents",
    "Subcontracting chain",
  ],
  route: {
    originCountries: ["RO", "MD"],
    transitCountries: ["HU", "AT", "DE"],
    destinationCountries: ["NL"],
  },
  entities: {
    persons: [
      {
        entityId: "P1",
        dataSubjectCategory: "SUSPECT",
        role: "recruiter, administers the advertising account",
        surname: "Ardeleanu",
        forenames: "Victor",
        aliases: ["Vic Work"],
        ageBand: "35-49",
        dateOfBirth: "1984-03",
        sex: "MALE",
        nationalities: ["RO"],
        identityDocuments: [
          {
            type: "ID_CARD",
            number: "RX 918273",
            issuingCountry: "RO",
            fraudIndicator: "NO_FRAUD_DETECTED",
          },
        ],
      },
      {
        entityId: "P2",
        dataSubjectCategory: "SUSPECT",
        role: "gangmaster at the workplace, holds the workers' passports",
        surname: "Tolea",
        forenames: "Marius",
        ageBand: "25-34",
        sex: "MALE",
        nationalities: ["MD", "RO"],
      },
      {
        entityId: "P3",
        dataSubjectCategory: "VICTIM",
        role: 'greenhouse worker, passport retained, 1,900 EUR "travel debt"',
        surname: "Rusu",
        forenames: "Ion",
        ageBand: "18-24",
        sex: "MALE",
        nationalities: ["MD"],
        identityDocuments: [
          {
            type: "PASSPORT",
            number: "AB0000311",
            issuingCountry: "MD",
            retainedByThirdParty: true,
          },
        ],
      },
      {
        entityId: "P4",
        dataSubjectCategory: "POTENTIAL_VICTIM",
        role: "answered the advertisement, travelling next week",
        surname: "Ciobanu",
        forenames: "Elena",
        ageBand: "25-34",
        sex: "FEMALE",
        nationalities: ["RO"],
      },
    ],
    organisations: [
      {
        entityId: "O1",
        type: "RECRUITMENT_AGENCY",
        name: "Flexwork Europa B.V.",
        country: "NL",
        registrationNumber: "KvK 00000001",
        website: "https://flexwork-europa.example",
        role: "fake recruitment agency, no licence (SNA)",
      },
      {
        entityId: "O2",
        type: "EMPLOYER",
        name: "Glasweg Teelt V.O.F.",
        country: "NL",
        role: "greenhouse operator using the agency as subcontractor",
      },
      {
        entityId: "O3",
        type: "ONLINE_SERVICE_PROVIDER",
        name: "Facebook",
        country: "IE",
        role: "platform hosting the advertisements",
      },
    ],
    meansOfCommunication: [
      {
        entityId: "P1/C1",
        type: "ONLINE_ACCOUNT",
        value: "flexwork.europa.jobs",
        serviceProvider: "Facebook",
      },
      {
        entityId: "P1/C2",
        type: "PHONE",
        value: "+40 722 000 101",
        serviceProvider: "WhatsApp",
      },
      {
        entityId: "P2/C1",
        type: "PHONE",
        value: "+31 6 0000 2202",
      },
      {
        entityId: "P3/C1",
        type: "PHONE",
        value: "+373 600 00 303",
      },
      {
        entityId: "P4/C1",
        type: "ONLINE_ACCOUNT",
        value: "elena.c.1999",
        serviceProvider: "Facebook",
      },
      {
        entityId: "A1",
        type: "WEB_PAGE",
        value: "https://www.facebook.com/groups/000000000/posts/1111111111",
        serviceProvider: "Facebook",
        capturedAt: "2025-09-10T19:05:00.000Z",
        captureSha256: "6c3b0f4e1d2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4",
        content: "Lucru în Olanda! Sere, 12 EUR/oră, cazare + transport gratuit. Fără experiență. Plecare săptămânal.",
        language: "ro",
      },
    ],
    financialInstruments: [
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
    ],
    locations: [
      {
        entityId: "L1",
        type: "PLACE_OF_RECRUITMENT",
        country: "RO",
        city: "Iași",
        description: "interviews held in a rented café room",
      },
      {
        entityId: "L2",
        type: "PLACE_OF_EXPLOITATION",
        country: "NL",
        region: "Westland",
        city: "Honselersdijk",
        address: "Glasweg 12",
        coordinates: {
          latitude: 52.0017,
          longitude: 4.2336,
        },
      },
    ],
    vehicles: [
      {
        entityId: "V1",
        type: "BUS",
        registrationPlate: "IS-00-FLX",
        registrationCountry: "RO",
        makeModel: "Mercedes-Benz Sprinter",
        colour: "white",
      },
    ],
  },
  links: [
    {
      from: "P1",
      to: "P1/C1",
      type: "USES",
    },
    {
      from: "P1",
      to: "P1/C2",
      type: "USES",
    },
    {
      from: "P1",
      to: "O1",
      type: "ASSOCIATED_WITH",
    },
    {
      from: "P2",
      to: "P2/C1",
      type: "USES",
    },
    {
      from: "P2",
      to: "O1",
      type: "ASSOCIATED_WITH",
    },
    {
      from: "P2",
      to: "O2",
      type: "ASSOCIATED_WITH",
    },
    {
      from: "P2",
      to: "L2",
      type: "LINKED_TO_LOCATION",
    },
    {
      from: "P3",
      to: "P3/C1",
      type: "USES",
    },
    {
      from: "P3",
      to: "L2",
      type: "LINKED_TO_LOCATION",
    },
    {
      from: "P4",
      to: "P4/C1",
      type: "USES",
    },
    {
      from: "O1",
      to: "A1",
      type: "POSTED",
    },
    {
      from: "O1",
      to: "F1",
      type: "HOLDS",
    },
    {
      from: "P1",
      to: "F2",
      type: "HOLDS",
    },
  ],
  narrative:
    'Eleven workers from Moldova and Romania recruited through Facebook advertisements of an unlicensed agency, transported by minibus to a greenhouse in Westland. Passports retained by the gangmaster, wages withheld against a "travel debt". Another group leaves Iași next week.',
});

// labour eurojust
// Judicial cooperation routed, authorities of one Member State only (NL), several Member States
// involved: a coordination meeting. The originator's respondBy is the deadline.
const labour_eurojust = (c: Ctx) => ({
  format: "EUROJUST-JUDICIAL-COOPERATION/1",
  notificationId: `EJN-${c.alertId}-1`,
  ariadneCopyId: `${c.alertId}.1.eurojust`,
  type: "REQUEST_COORDINATION_MEETING",
  submittedAt: c.routedAt,
  notifying: {
    party: "ncp.nl",
    memberState: "NL",
  },
  nationalCaseReferences: [
    {
      authority: "Politie Eenheid Den Haag",
      reference: "NL-2025-LAB-004417",
      system: "BVH",
    },
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
      identityDocuments: [
        {
          type: "IDENTITY_CARD",
          number: "RX 918273",
          issuingCountry: "RO",
        },
      ],
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
  victims: {
    total: 2,
    minors: 0,
  },
  competentAuthorities: [
    {
      memberState: "NL",
      type: "POLICE",
      name: "Politie Eenheid Den Haag, Team Mensenhandel",
      reference: "NL-2025-LAB-004417",
    },
    {
      memberState: "NL",
      type: "LABOUR_INSPECTORATE",
      name: "Nederlandse Arbeidsinspectie",
    },
    {
      memberState: "NL",
      type: "PUBLIC_PROSECUTOR",
      name: "Openbaar Ministerie, Arrondissementsparket Den Haag",
    },
  ],
  memberStatesInvolved: ["AT", "DE", "HU", "NL", "RO"],
  thirdStatesInvolved: ["MD"],
  urgency: {
    level: "URGENT",
    deadline: c.respondBy,
    deadlineBasis: "ORIGINATOR",
  },
  handlingRestrictions: {
    code: "H1",
    notice: NOTICE.H1,
    judicialUse: "PROVIDER_PERMISSION_REQUIRED",
    onwardTransmission: "PERMITTED",
  },
  legalBasis: LEGAL_BASIS.eurojust,
  factsSummary:
    'Eleven workers from Moldova and Romania recruited through Facebook advertisements of an unlicensed agency, transported by minibus to a greenhouse in Westland. Passports retained by the gangmaster, wages withheld against a "travel debt". Another group leaves Iași next week.',
});

// labour frontex
// HIGH priority and four persons: MEDIUM. Persons counted, never described.
const labour_frontex = (c: Ctx) => ({
  format: "FRONTEX-JORA-LIKE/1",
  incidentId: `INC-${c.alertId}-1`,
  ariadneCopyId: `${c.alertId}.1.frontex`,
  reportedAt: c.routedAt,
  reportingParty: {
    party: "ncp.nl",
    memberState: "NL",
  },
  incidentType: "SUSPECTED_THB",
  relatedIncidentTypes: ["LABOUR_EXPLOITATION_INDICATORS", "MONEY_LAUNDERING"],
  exploitationPurposes: ["LABOUR"],
  impactLevel: "MEDIUM",
  impactFactors: ["PRIORITY_HIGH", "PERSONS_3_OR_MORE"],
  route: {
    originCountries: ["RO", "MD"],
    transitCountries: ["HU", "AT", "DE"],
    destinationCountries: ["NL"],
    legs: [
      {
        fromCountry: "RO",
        toCountry: "NL",
        transportMode: "LAND_COACH",
        departedOn: "2025-08-30",
        arrivedOn: "2025-09-01",
      },
    ],
  },
  modusOperandi: [
    "FRAUDULENT_JOB_OFFER",
    "ONLINE_RECRUITMENT",
    "DEBT_BONDAGE",
    "DOCUMENT_CONFISCATION",
    "SUBCONTRACTING_CHAIN",
  ],
  personsInvolved: {
    total: 4,
    suspects: 2,
    convicted: 0,
    victims: 1,
    potentialVictims: 1,
    witnesses: 0,
    contacts: 0,
    categoryWithheld: 0,
    minors: 0,
    nationalities: [
      {
        country: "MD",
        count: 2,
      },
      {
        country: "RO",
        count: 3,
      },
    ],
  },
  vehicles: [
    {
      type: "COACH",
      registrationPlate: "IS-00-FLX",
      registrationCountry: "RO",
      makeModel: "Mercedes-Benz Sprinter",
    },
  ],
  period: {
    from: "2025-08-30",
    to: "2025-09-01",
  },
  handling: {
    code: "H1",
    notice: NOTICE.H1,
  },
  legalBasis: LEGAL_BASIS.frontex,
});

// forced europol
// A minor (P2) is in the alert and no purpose is victim identification: Europol gets the minor
// only as a profile (no name, no documents), and no narrative (minors.text_fields: summary).
const forced_europol = (c: Ctx) => ({
  format: "EUROPOL-SIENA-LIKE/1",
  messageId: `ARD-${c.alertId}-1`,
  ariadneCopyId: `${c.alertId}.1.europol`,
  createdAt: c.routedAt,
  originator: {
    party: "ncp.fr",
    memberState: "FR",
  },
  recipient: "EUROPOL",
  handling: {
    code: "H0",
    notice: NOTICE.H0,
  },
  evaluation: "B3",
  subject: "Ariadne early alert - Trafficking in human beings - Forced criminality, Forced begging - from FR",
  priority: "URGENT",
  legalBasis: LEGAL_BASIS.europol,
  processingPurposes: ["CROSS_CHECKING", "OPERATIONAL_ANALYSIS", "INFORMATION_EXCHANGE"],
  caseReferences: [
    {
      system: "LRPPN",
      reference: "FR-OCRTEH-2025-1190",
      authority: "OCRTEH",
    },
  ],
  crimeArea: "Trafficking in human beings",
  associatedCrimeAreas: ["Forgery of administrative documents and trafficking therein", "Illegal immigrant smuggling"],
  exploitationTypes: ["Forced criminality", "Forced begging"],
  modusOperandi: ["Document fraud", "Facilitated border crossing", "Family involvement", "Violence or threats"],
  route: {
    originCountries: ["MD"],
    transitCountries: ["RO", "HU", "AT", "DE"],
    destinationCountries: ["FR"],
  },
  containsDataOnMinors: true,
  entities: {
    persons: [
      {
        entityId: "P1",
        dataSubjectCategory: "SUSPECT",
        role: "organiser, drives the group and collects the proceeds",
        surname: "Lungu",
        forenames: "Sergiu",
        ageBand: "35-49",
        sex: "MALE",
        nationalities: ["MD"],
        identityDocuments: [
          {
            type: "PASSPORT",
            number: "BA0000919",
            issuingCountry: "MD",
            fraudIndicator: "NO_FRAUD_DETECTED",
          },
          {
            type: "DRIVING_LICENCE",
            number: "MD-DL-000077",
            issuingCountry: "MD",
          },
        ],
      },
      {
        entityId: "P2",
        dataSubjectCategory: "VICTIM",
        role: "forced to shoplift in Paris department stores",
        minor: true,
        ageBand: "13-15",
        sex: "MALE",
        nationalities: ["MD"],
      },
      {
        entityId: "P3",
        dataSubjectCategory: "VICTIM",
        role: "forced begging at Gare du Nord",
        surname: "Popa",
        forenames: "Ana",
        ageBand: "18-24",
        sex: "FEMALE",
        nationalities: ["MD"],
        identityDocuments: [
          {
            type: "ID_CARD",
            number: "RO-ID-000000713",
            issuingCountry: "RO",
            fraudIndicator: "FORGED",
            retainedByThirdParty: true,
          },
        ],
      },
      {
        entityId: "P4",
        dataSubjectCategory: "CONTACT_ASSOCIATE",
        role: "supplies forged Romanian identity cards",
        surname: "unknown",
        aliases: ["Doctorul"],
        nationalities: ["MD"],
      },
    ],
    organisations: [
      {
        entityId: "O1",
        type: "TRANSPORT_COMPANY",
        name: "Trans-Prut SRL",
        country: "MD",
        role: "minibus passenger transport used as cover",
      },
    ],
    meansOfCommunication: [
      {
        entityId: "P1/C1",
        type: "MESSENGER_ID",
        value: "+373 690 00 919",
        serviceProvider: "Viber",
      },
    ],
    financialInstruments: [
      {
        entityId: "F1",
        type: "PAYMENT_CARD",
        identifier: "4000 00** **** 0919",
        institution: "MAIB",
        country: "MD",
      },
    ],
    locations: [
      {
        entityId: "L1",
        type: "BORDER_CROSSING_POINT",
        country: "RO",
        city: "Albița",
      },
      {
        entityId: "L2",
        type: "PLACE_OF_EXPLOITATION",
        country: "FR",
        city: "Paris",
        description: "department stores on boulevard Haussmann; Gare du Nord",
      },
      {
        entityId: "L3",
        type: "RESIDENCE",
        country: "FR",
        city: "Saint-Denis",
        address: "squat, rue (withheld by OCRTEH)",
      },
    ],
    vehicles: [
      {
        entityId: "V1",
        type: "VAN",
        registrationPlate: "C 000 XY",
        registrationCountry: "MD",
        makeModel: "Volkswagen Crafter",
        colour: "grey",
      },
    ],
  },
  links: [
    {
      from: "P1",
      to: "P1/C1",
      type: "USES",
    },
    {
      from: "P1",
      to: "O1",
      type: "ASSOCIATED_WITH",
    },
    {
      from: "P1",
      to: "F1",
      type: "HOLDS",
    },
  ],
});

// forced eurojust
// Authorities of two Member States (FR, RO) and judicial cooperation routed: a JIT request. URGENT
// without a deadline of the originator: 8 hours from routing (Directive (EU) 2023/977). No facts
// summary (a minor, minors.text_fields), victims only counted, the contact (P4) left out.
const forced_eurojust = (c: Ctx) => ({
  format: "EUROJUST-JUDICIAL-COOPERATION/1",
  notificationId: `EJN-${c.alertId}-1`,
  ariadneCopyId: `${c.alertId}.1.eurojust`,
  type: "REQUEST_JIT",
  submittedAt: c.routedAt,
  notifying: {
    party: "ncp.fr",
    memberState: "FR",
  },
  nationalCaseReferences: [
    {
      authority: "OCRTEH",
      reference: "FR-OCRTEH-2025-1190",
      system: "LRPPN",
    },
  ],
  crimeType: "TRAFFICKING_IN_HUMAN_BEINGS",
  relatedCrimeTypes: ["FORGERY_OF_ADMINISTRATIVE_DOCUMENTS", "MIGRANT_SMUGGLING"],
  exploitationForms: ["exploitation of criminal activities", "forced begging"],
  suspects: [
    {
      ref: "P1",
      status: "SUSPECT",
      surname: "Lungu",
      forenames: "Sergiu",
      ageBand: "35_49",
      sex: "M",
      nationalities: ["MD"],
      role: "organiser, drives the group and collects the proceeds",
      identityDocuments: [
        {
          type: "PASSPORT",
          number: "BA0000919",
          issuingCountry: "MD",
        },
        {
          type: "DRIVING_LICENCE",
          number: "MD-DL-000077",
          issuingCountry: "MD",
        },
      ],
    },
  ],
  victims: {
    total: 2,
    minors: 1,
  },
  competentAuthorities: [
    {
      memberState: "FR",
      type: "POLICE",
      name: "Office central pour la répression de la traite des êtres humains (OCRTEH)",
      reference: "FR-OCRTEH-2025-1190",
    },
    {
      memberState: "FR",
      type: "PUBLIC_PROSECUTOR",
      name: "Parquet de Paris, JUNALCO",
    },
    {
      memberState: "RO",
      type: "BORDER_GUARD",
      name: "Poliția de Frontieră Română, ITPF Iași",
    },
  ],
  memberStatesInvolved: ["AT", "DE", "FR", "HU", "RO"],
  thirdStatesInvolved: ["MD"],
  urgency: {
    level: "VERY_URGENT",
    deadline: c.urgentDeadline,
    deadlineBasis: "DIRECTIVE_2023_977",
  },
  handlingRestrictions: {
    code: "H0",
    notice: NOTICE.H0,
    judicialUse: "PERMITTED",
    onwardTransmission: "PERMITTED",
  },
  legalBasis: LEGAL_BASIS.eurojust,
});

// forced frontex
// URGENT with a minor involved: CRITICAL. The contact (P4) is outside Frontex's categories, so three
// persons; the victims' forged documents are withheld (profile only), the suspect's show no fraud.
const forced_frontex = (c: Ctx) => ({
  format: "FRONTEX-JORA-LIKE/1",
  incidentId: `INC-${c.alertId}-1`,
  ariadneCopyId: `${c.alertId}.1.frontex`,
  reportedAt: c.routedAt,
  reportingParty: {
    party: "ncp.fr",
    memberState: "FR",
  },
  incidentType: "SUSPECTED_THB",
  relatedIncidentTypes: ["DOCUMENT_FRAUD", "FACILITATION_OF_IRREGULAR_MIGRATION"],
  exploitationPurposes: ["CRIMINAL_ACTIVITIES", "BEGGING"],
  impactLevel: "CRITICAL",
  impactFactors: ["PRIORITY_URGENT", "MINORS_INVOLVED", "PERSONS_3_OR_MORE"],
  route: {
    originCountries: ["MD"],
    transitCountries: ["RO", "HU", "AT", "DE"],
    destinationCountries: ["FR"],
    legs: [
      {
        fromCountry: "MD",
        toCountry: "RO",
        transportMode: "LAND_CAR_VAN",
        departedOn: "2025-10-28",
      },
      {
        fromCountry: "RO",
        toCountry: "FR",
        transportMode: "LAND_CAR_VAN",
        arrivedOn: "2025-10-31",
      },
    ],
  },
  borderCrossings: [
    {
      borderSection: "RO-MD-LAND",
      crossingPoint: "Leușeni–Albița (RO-MD road BCP)",
      country: "RO",
      neighbourCountry: "MD",
      borderType: "LAND",
      externalBorder: true,
      crossedOn: "2025-10-28",
      crossingStatus: "regular check; minors presented forged RO identity cards",
    },
  ],
  modusOperandi: ["DOCUMENT_FRAUD", "FACILITATED_CROSSING", "FAMILY_NETWORK", "VIOLENCE_THREATS"],
  personsInvolved: {
    total: 3,
    suspects: 1,
    convicted: 0,
    victims: 2,
    potentialVictims: 0,
    witnesses: 0,
    contacts: 0,
    categoryWithheld: 0,
    minors: 1,
    nationalities: [
      {
        country: "MD",
        count: 3,
      },
    ],
  },
  vehicles: [
    {
      type: "VAN",
      registrationPlate: "C 000 XY",
      registrationCountry: "MD",
      makeModel: "Volkswagen Crafter",
    },
  ],
  period: {
    from: "2025-10-28",
    to: "2025-10-31",
  },
  handling: {
    code: "H0",
    notice: NOTICE.H0,
  },
  legalBasis: LEGAL_BASIS.frontex,
});

// minor europol
// H2, permitted recipients europol and ncp.ro; victim identification among the purposes, so the
// minor's identity (minors.identity_fields) and the narrative travel to Europol.
const minor_europol = (c: Ctx) => ({
  format: "EUROPOL-SIENA-LIKE/1",
  messageId: `ARD-${c.alertId}-1`,
  ariadneCopyId: `${c.alertId}.1.europol`,
  createdAt: c.routedAt,
  originator: {
    party: "ncp.de",
    memberState: "DE",
  },
  recipient: "EUROPOL",
  handling: {
    code: "H2",
    notice: NOTICE.H2,
    disseminationPermittedTo: ["europol", "ncp.ro"],
  },
  evaluation: "A2",
  subject: "Ariadne early alert - Trafficking in human beings - Sexual exploitation - from DE",
  priority: "VERY_URGENT",
  legalBasis: LEGAL_BASIS.europol,
  processingPurposes: ["CROSS_CHECKING", "OPERATIONAL_ANALYSIS", "INFORMATION_EXCHANGE"],
  caseReferences: [
    {
      system: "INPOL",
      reference: "DE-LKA-BE-2025-77813",
      authority: "LKA Berlin, Dezernat 42",
    },
  ],
  crimeArea: "Trafficking in human beings",
  associatedCrimeAreas: ["Sexual abuse and sexual exploitation, including child abuse material", "Computer crime"],
  exploitationTypes: ["Sexual exploitation"],
  modusOperandi: ["Lover boy method", "Online recruitment", "Encrypted communication", "Isolation"],
  route: {
    originCountries: ["RO"],
    transitCountries: ["HU", "AT"],
    destinationCountries: ["DE"],
  },
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
      {
        entityId: "P1/C1",
        type: "HANDLE",
        value: "@andi.m09",
        serviceProvider: "Instagram",
      },
      {
        entityId: "P2/C1",
        type: "HANDLE",
        value: "@alex.b.berlin",
        serviceProvider: "Instagram",
      },
      {
        entityId: "P2/C2",
        type: "MESSENGER_ID",
        value: "alexb_97",
        serviceProvider: "Telegram",
      },
      {
        entityId: "P2/C3",
        type: "PHONE",
        value: "+49 1570 0000404",
        serviceProvider: "WhatsApp",
      },
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
    {
      from: "P1",
      to: "P1/C1",
      type: "USES",
    },
    {
      from: "P1",
      to: "L1",
      type: "LINKED_TO_LOCATION",
    },
    {
      from: "P2",
      to: "P2/C1",
      type: "USES",
    },
    {
      from: "P2",
      to: "P2/C2",
      type: "USES",
    },
    {
      from: "P2",
      to: "P2/C3",
      type: "USES",
    },
    {
      from: "P2",
      to: "A1",
      type: "POSTED",
    },
    {
      from: "P2",
      to: "F1",
      type: "HOLDS",
    },
  ],
  narrative:
    "16-year-old Romanian girl groomed on Instagram by a man presenting as a student, flown to Berlin and advertised as an adult on an escort site. Payments in USDT. Victim located and taken into care on 2 October; suspect still active on Telegram.",
});

type Agency = "europol" | "eurojust" | "frontex";

export interface ExampleExpectation {
  /** The router's acceptance receipt: every recipient entitled under the mandates, in the mandates file's order. */
  readonly recipients: readonly string[];
  /** Every refused candidate and the reason the decision names. */
  readonly refused: Readonly<Record<string, string>>;
  /** The message each entitled agency's channel records; an agency not listed gets nothing. */
  readonly channels: Partial<Readonly<Record<Agency, (c: Ctx) => unknown>>>;
  /**
   * Text only withheld fields hold, per agency: it must not appear in that agency's message.
   * (Text a field the agency was given also holds, e.g. a surname two victims share, is not listed.)
   */
  readonly withheld: Partial<Readonly<Record<Agency, readonly string[]>>>;
}

const LABOUR_SUMMARY_START = "Eleven workers from Moldova and Romania";
const FORCED_SUMMARY_START = "A Moldovan organiser brings young relatives";

export const EXPECTED: Readonly<Record<string, ExampleExpectation>> = {
  "labour-fake-job-ads.yaml": {
    recipients: ["europol", "eurojust", "frontex", "ncp.de", "ncp.fr", "ncp.ro"],
    // A third country without the originator's consent.
    refused: { "ncp.ua": "THIRD_PARTY_NO_CONSENT" },
    channels: { europol: labour_europol, eurojust: labour_eurojust, frontex: labour_frontex },
    withheld: {
      // Victims are analysed without contact details (addresses).
      europol: ["Containerpark 4, 2675 Honselersdijk"],
      // No victim identities or contacts; no vehicles, addresses, adverts or websites on the judicial channel.
      eurojust: [
        "Rusu",
        "Ciobanu",
        "Elena",
        "AB0000311",
        "+373 600 00 303",
        "elena.c.1999",
        "Containerpark 4, 2675 Honselersdijk",
        "Glasweg 12",
        "https://flexwork-europa.example",
        "https://www.facebook.com/groups/000000000/posts/1111111111",
        "Lucru în Olanda!",
      ],
      // No names, dates of birth, contacts, addresses, money or narrative for Frontex.
      frontex: [
        "Ardeleanu",
        "Victor",
        "Vic Work",
        "Tolea",
        "Marius",
        "Rusu",
        "Ciobanu",
        "Elena",
        "1984-03",
        "AB0000311",
        "+40 722 000 101",
        "+31 6 0000 2202",
        "+373 600 00 303",
        "flexwork.europa.jobs",
        "Glasweg 12",
        "Containerpark 4, 2675 Honselersdijk",
        "NL91 ABNA 0417 1643 00",
        "MTCN 000-000-1234",
        "KvK 00000001",
        LABOUR_SUMMARY_START,
      ],
    },
  },
  "forced-criminality-external-border.yaml": {
    recipients: ["europol", "eurojust", "frontex", "ncp.nl", "ncp.de", "ncp.ro"],
    refused: { "ncp.ua": "THIRD_PARTY_NO_CONSENT" },
    channels: { europol: forced_europol, eurojust: forced_eurojust, frontex: forced_frontex },
    withheld: {
      // The minor's identity and the narrative (minors' rules); Ana Popa, an adult victim, keeps her name.
      europol: ["Daniel", "RO-ID-000000712", FORCED_SUMMARY_START],
      eurojust: [
        "Popa",
        "Daniel",
        "Ana",
        "RO-ID-000000712",
        "RO-ID-000000713",
        "Doctorul",
        "C 000 XY",
        "Volkswagen Crafter",
        "squat, rue (withheld by OCRTEH)",
        "Leușeni–Albița (RO-MD road BCP)",
        FORCED_SUMMARY_START,
      ],
      frontex: [
        "Lungu",
        "Sergiu",
        "Popa",
        "Daniel",
        "Ana",
        "Doctorul",
        "RO-ID-000000712",
        "RO-ID-000000713",
        "+373 690 00 919",
        "4000 00** **** 0919",
        "squat, rue (withheld by OCRTEH)",
        FORCED_SUMMARY_START,
      ],
    },
  },
  "minor-sexual-exploitation-online.yaml": {
    recipients: ["europol", "ncp.ro"],
    // H2: only the originator's permitted recipients (europol, ncp.ro); Frontex serves none of the purposes.
    refused: {
      eurojust: "HANDLING_NOT_PERMITTED",
      frontex: "PURPOSE_OUT_OF_MANDATE",
      "ncp.nl": "HANDLING_NOT_PERMITTED",
      "ncp.fr": "HANDLING_NOT_PERMITTED",
      "ncp.ua": "HANDLING_NOT_PERMITTED",
    },
    channels: { europol: minor_europol },
    // Europol's mandate covers every field this alert holds.
    withheld: {},
  },
};
