import {
  AgeBand,
  AlertLink_Relation,
  BorderCrossing_BorderType,
  CaseAlert,
  CompetentAuthority_Kind,
  CrimeArea,
  DataSubjectCategory,
  ExploitationForm,
  FinancialInstrument_Kind,
  HandlingCode,
  IdentityDocument_Fraud,
  IdentityDocument_Kind,
  InformationAccuracy,
  Location_Kind,
  ModusOperandi,
  OnlineIdentifier_Kind,
  Organisation_Kind,
  Person_Sex,
  Priority,
  Purpose,
  RouteLeg_TransportMode,
  SourceReliability,
  Vehicle_Kind,
} from "@ariadne/contracts";
import fc from "fast-check";

/**
 * Random alerts that are valid (validateAlert finds nothing) and shaped like real ones:
 * 0-8 persons of every data-subject category, minors with their age bands and consistent
 * dates of birth, entities with refs and pointers between them, every handling code with
 * permitted recipients and third-party consent, partial dates, IBANs with real check digits.
 * For property tests of validation, routing and minimisation.
 */
export interface AlertArbitraryOptions {
  /** Who publishes (default: four member-state NCPs and one more). */
  readonly originators?: readonly string[];
  /** Pool for H2/H3 permitted recipients (default: the shipped mandates' recipients and two others). */
  readonly recipients?: readonly string[];
  /** Pool for third-party consent (default: ncp.ua and ncp.md). */
  readonly thirdParties?: readonly string[];
  /** Most persons in one alert (default 8). */
  readonly maxPersons?: number;
}

const DEFAULT_ORIGINATORS = ["ncp.nl", "ncp.de", "ncp.fr", "ncp.ro", "ncp.it"];
const DEFAULT_RECIPIENTS = [
  "europol",
  "eurojust",
  "frontex",
  "ncp.nl",
  "ncp.de",
  "ncp.fr",
  "ncp.ro",
  "ncp.ua",
  "ncp.es",
];
const DEFAULT_THIRD_PARTIES = ["ncp.ua", "ncp.md"];

/** Values of a generated enum without *_UNSPECIFIED (0) and UNRECOGNIZED (-1). */
function codes<E extends number>(e: Record<string, string | number>): E[] {
  return Object.values(e).filter((v): v is E => typeof v === "number" && v > 0);
}
const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const someOf = <T>(values: readonly T[], min = 0, max = values.length) =>
  fc.shuffledSubarray([...values], {
    minLength: Math.min(min, values.length),
    maxLength: Math.min(max, values.length),
  });
const maybe = <T>(arb: fc.Arbitrary<T>, empty: T) => fc.oneof(fc.constant(empty), arb);

const COUNTRIES = [
  "RO",
  "MD",
  "UA",
  "BG",
  "HU",
  "AT",
  "DE",
  "NL",
  "FR",
  "IT",
  "ES",
  "PL",
  "NG",
  "VN",
  "AL",
  "XK",
  "RS",
  "TR",
  "MA",
  "BR",
  "IE",
];
const LANGUAGES = ["nl", "de", "fr", "ro", "en", "uk", "it", "pt-BR", "ro-MD", "sr-Latn"];
const GIVEN = ["Ana", "Ion", "Elena", "Marius", "Olena", "Chidi", "Thi Lan", "Bogdan", "Aylin", "Jonas"];
const FAMILY = ["Popa", "Rusu", "Ionescu", "Kovalenko", "Okafor", "Nguyen", "Hoxha", "Petrović", "Yılmaz", "de Vries"];
const ROLES = [
  "recruiter",
  "driver",
  "exploiter",
  "financial facilitator",
  "forced to work in a greenhouse",
  "witness at the hotel",
];
const TEXT = fc.oneof(
  pick(["Recruited through a job advertisement.", "Moved between flats every week.", "Seen at the bus station."]),
  fc.string({ maxLength: 120 }),
);
// fc.stringMatching compiles its regex on every call (milliseconds each): build them once,
// never inside chain(), or 10,000 alerts take minutes.
const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
const DIGITS = { 4: digits(4), 10: digits(10), 16: digits(16), 18: digits(18) };
const DOCUMENT_NUMBER = fc.stringMatching(/^[A-Z]{2}[0-9]{7}$/);
const PHONE = fc.stringMatching(/^\+[1-9][0-9]{7,12}$/);
const EMAIL = fc.stringMatching(/^[a-z][a-z0-9.]{2,15}$/).map((u) => `${u}@example.org`);
const HANDLE = fc.stringMatching(/^@?[a-z][a-z0-9._]{2,20}$/);
const CASE_REFERENCE = fc.stringMatching(/^[A-Z]{2}-20[0-9]{2}-[0-9]{4,6}$/);
const REGISTRATION = fc.stringMatching(/^KvK [0-9]{8}$/);
const PLATE = fc.stringMatching(/^[A-Z]{1,2}-[0-9]{2,3}-[A-Z]{2,3}$/);
const ACCOUNT = fc.stringMatching(/^[A-Za-z0-9]{12,34}$/);
const POST_ID = fc.stringMatching(/^[0-9]{6,12}$/);
const SHA256_HEX = fc.stringMatching(/^[0-9a-f]{64}$/);
const AUTHORITY_REFERENCE = fc.stringMatching(/^[A-Z]{2}-[0-9]{4}$/);

/** ISO 13616 check digits, so that the IBAN passes its mod-97 check. */
function iban(country: string, bban: string): string {
  const numeric = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  const check = 98n - (BigInt(numeric) % 97n);
  return `${country}${String(check).padStart(2, "0")}${bban}`;
}
const IBAN = fc.oneof(
  DIGITS[18].map((b) => iban("DE", b)),
  fc.tuple(pick(["ABNA", "INGB", "RABO", "TRIO"]), DIGITS[10]).map(([bank, acc]) => iban("NL", bank + acc)),
  DIGITS[16].map((b) => iban("AT", b)),
);

const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** A calendar date written at a random precision: YYYY, YYYY-MM or YYYY-MM-DD. */
const partial = (d: Date) => pick([4, 7, 10]).map((n) => isoDay(d).slice(0, n));

const AGE_YEARS: ReadonlyMap<AgeBand, readonly [number, number]> = new Map([
  [AgeBand.AGE_BAND_0_12, [0, 12]],
  [AgeBand.AGE_BAND_13_15, [13, 15]],
  [AgeBand.AGE_BAND_16_17, [16, 17]],
  [AgeBand.AGE_BAND_18_24, [18, 24]],
  [AgeBand.AGE_BAND_25_34, [25, 34]],
  [AgeBand.AGE_BAND_35_49, [35, 49]],
  [AgeBand.AGE_BAND_50_PLUS, [50, 80]],
]);
const MINOR_BANDS = [AgeBand.AGE_BAND_0_12, AgeBand.AGE_BAND_13_15, AgeBand.AGE_BAND_16_17];
const ADULT_BANDS = [AgeBand.AGE_BAND_18_24, AgeBand.AGE_BAND_25_34, AgeBand.AGE_BAND_35_49, AgeBand.AGE_BAND_50_PLUS];

/**
 * A date of birth at which the person is exactly `age` at `at`: `age` years back, then 2-360
 * days more (never past the previous birthday, and clear of 29 February).
 */
function birthDate(at: Date, age: number, daysBack: number): Date {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() - age);
  return new Date(d.getTime() - daysBack * DAY);
}

interface Refs {
  readonly persons: readonly string[];
  readonly locations: readonly string[];
  readonly organisations: readonly string[];
  readonly vehicles: readonly string[];
  readonly financial: readonly string[];
  readonly ads: readonly string[];
}

function person(ref: string, createdAt: Date, refs: Refs) {
  return fc
    .record({
      minor: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 3, arbitrary: fc.constant(false) }),
    })
    .chain(({ minor }) =>
      fc
        .record({
          band: minor ? pick(MINOR_BANDS) : fc.oneof(fc.constant(AgeBand.AGE_BAND_UNSPECIFIED), pick(ADULT_BANDS)),
          ageOffset: fc.nat(),
          daysBack: fc.integer({ min: 2, max: 360 }),
          withBirth: fc.boolean(),
        })
        .chain(({ band, ageOffset, daysBack, withBirth }) => {
          const [lo, hi] = AGE_YEARS.get(band) ?? [18, 80];
          const birth = birthDate(createdAt, lo + (ageOffset % (hi - lo + 1)), daysBack);
          return fc.record({
            ref: fc.constant(ref),
            category: pick(codes<DataSubjectCategory>(DataSubjectCategory)),
            role: maybe(pick(ROLES), ""),
            name: fc.option(
              fc.record({
                givenNames: pick(GIVEN),
                familyName: pick(FAMILY),
                aliases: someOf(["Vic", "Flo", "Doctorul"], 0, 2),
              }),
              { nil: undefined },
            ),
            minor: fc.constant(minor),
            ageBand: fc.constant(band),
            dateOfBirth: withBirth ? partial(birth) : fc.constant(""),
            sex: fc.integer({ min: Person_Sex.SEX_UNSPECIFIED, max: Person_Sex.SEX_OTHER }),
            nationalities: someOf(COUNTRIES, 0, 2),
            identityDocuments: fc.array(identityDocument(createdAt), { maxLength: 2 }),
            onlineIdentifiers: fc.array(onlineIdentifier, { maxLength: 3 }),
            locationRefs: someOf(refs.locations),
            organisationRefs: someOf(refs.organisations),
            addresses: fc.array(pick(["Glasweg 12, Honselersdijk", "str. Păcii 4, Iași"]), { maxLength: 2 }),
            physicalDescription: maybe(pick(["1.60 m, dark hair", "tattoo on the left wrist"]), ""),
          });
        }),
    );
}

function identityDocument(createdAt: Date) {
  return fc.record({
    kind: pick(codes<IdentityDocument_Kind>(IdentityDocument_Kind)),
    number: maybe(DOCUMENT_NUMBER, ""),
    issuingCountry: maybe(pick(COUNTRIES), ""),
    expiresOn: maybe(
      fc.integer({ min: -1000, max: 3000 }).chain((days) => partial(new Date(createdAt.getTime() + days * DAY))),
      "",
    ),
    fraud: fc.integer({ min: 0, max: IdentityDocument_Fraud.FRAUD_STOLEN_BLANK }),
    retainedByThirdParty: fc.boolean(),
  });
}

const onlineIdentifier = pick(codes<OnlineIdentifier_Kind>(OnlineIdentifier_Kind)).chain((kind) =>
  fc.record({
    kind: fc.constant(kind),
    value:
      kind === OnlineIdentifier_Kind.KIND_PHONE_NUMBER
        ? PHONE
        : kind === OnlineIdentifier_Kind.KIND_EMAIL
          ? EMAIL
          : kind === OnlineIdentifier_Kind.KIND_IP_ADDRESS
            ? fc.ipV4()
            : HANDLE,
    platform: maybe(pick(["Facebook", "Telegram", "WhatsApp", "Instagram", "TikTok"]), ""),
  }),
);

function header(createdAt: Date, originators: readonly string[]) {
  return fc.record({
    alertId: fc.uuid({ version: 7 }),
    version: fc.integer({ min: 1, max: 5 }),
    originator: pick(originators),
    createdAt: fc.constant(createdAt),
    caseReferences: fc.array(
      fc.record({
        system: pick(["INPOL", "BVH", "LRPPN", "SIENA", "ECRIS"]),
        reference: CASE_REFERENCE,
        authority: maybe(pick(["BKA", "Politie Den Haag", "OCRTEH", "DIICOT"]), ""),
      }),
      { maxLength: 2 },
    ),
    links: fc.array(
      fc.record({ alertId: fc.uuid({ version: 7 }), relation: pick(codes<AlertLink_Relation>(AlertLink_Relation)) }),
      { maxLength: 2 },
    ),
    priority: pick(codes<Priority>(Priority)),
    language: pick(LANGUAGES),
    purposes: someOf(codes<Purpose>(Purpose), 1, 4),
    respondBy: fc.option(
      fc.integer({ min: 1, max: 7 * 24 }).map((h) => new Date(createdAt.getTime() + h * 3_600_000)),
      { nil: undefined },
    ),
  });
}

function handling(recipients: readonly string[], thirdParties: readonly string[]) {
  return pick(codes<HandlingCode>(HandlingCode)).chain((code) => {
    const restricted = code === HandlingCode.HANDLING_CODE_H2 || code === HandlingCode.HANDLING_CODE_H3;
    return fc.record({
      code: fc.constant(code),
      restrictions:
        code === HandlingCode.HANDLING_CODE_H3
          ? pick(["No use before the planned action day.", "Not to be shared with the destination country's police."])
          : fc.constant(""),
      permittedRecipients: restricted ? someOf(recipients, 1, 4) : fc.constant<string[]>([]),
      thirdPartyConsent: someOf(thirdParties, 0, 2),
    });
  });
}

function scope() {
  const thb = CrimeArea.CRIME_AREA_TRAFFICKING_IN_HUMAN_BEINGS;
  const areas = codes<CrimeArea>(CrimeArea);
  return fc
    .oneof({ weight: 6, arbitrary: fc.constant(thb) }, { weight: 2, arbitrary: pick(areas) })
    .chain((crimeArea) =>
      fc.record({
        crimeArea: fc.constant(crimeArea),
        exploitationForms: someOf(codes<ExploitationForm>(ExploitationForm), crimeArea === thb ? 1 : 0, 3),
        relatedCrimeAreas: someOf(
          areas.filter((a) => a !== crimeArea),
          0,
          3,
        ),
        modusOperandi: someOf(codes<ModusOperandi>(ModusOperandi), 0, 5),
      }),
    );
}

function route(createdAt: Date, refs: Refs) {
  const leg = fc
    .record({ start: fc.integer({ min: -400, max: 20 }), length: fc.integer({ min: 0, max: 5 }) })
    .chain(({ start, length }) => {
      const departed = new Date(createdAt.getTime() + start * DAY);
      return fc.record({
        fromCountry: maybe(pick(COUNTRIES), ""),
        toCountry: maybe(pick(COUNTRIES), ""),
        fromLocationRef: pick(["", ...refs.locations]),
        toLocationRef: pick(["", ...refs.locations]),
        departedOn: maybe(partial(departed), ""),
        arrivedOn: maybe(partial(new Date(departed.getTime() + length * DAY)), ""),
        transportMode: fc.integer({ min: 0, max: RouteLeg_TransportMode.TRANSPORT_MODE_ON_FOOT }),
        vehicleRef: pick(["", ...refs.vehicles]),
      });
    });
  const crossing = fc.record({
    crossingPoint: pick(["Leușeni–Albița", "Hamburg Airport", "Kapitan Andreevo", "Medyka"]),
    country: pick(COUNTRIES),
    neighbourCountry: maybe(pick(COUNTRIES), ""),
    borderType: fc.integer({ min: 0, max: BorderCrossing_BorderType.BORDER_TYPE_AIR }),
    externalBorder: fc.boolean(),
    crossedOn: maybe(partial(createdAt), ""),
    crossingStatus: maybe(pick(["regular check", "irregular", "forged documents presented"]), ""),
  });
  return fc.option(
    fc.record({
      originCountries: someOf(COUNTRIES, 0, 2),
      transitCountries: someOf(COUNTRIES, 0, 3),
      destinationCountries: someOf(COUNTRIES, 0, 2),
      legs: fc.array(leg, { maxLength: 3 }),
      borderCrossings: fc.array(crossing, { maxLength: 2 }),
    }),
    { nil: undefined },
  );
}

function entities(createdAt: Date, refs: Refs) {
  const holders = ["", ...refs.persons, ...refs.organisations];
  return fc.record({
    locations: fc.tuple(
      ...refs.locations.map((ref) =>
        fc.record({
          ref: fc.constant(ref),
          kind: pick(codes<Location_Kind>(Location_Kind)),
          country: maybe(pick(COUNTRIES), ""),
          region: maybe(pick(["Westland", "Île-de-France", "Moldova"]), ""),
          city: maybe(pick(["Iași", "Berlin", "Paris", "Honselersdijk"]), ""),
          address: maybe(pick(["Glasweg 12", "rue (withheld)"]), ""),
          latitude: maybe(fc.double({ min: -90, max: 90, noNaN: true }), 0),
          longitude: maybe(fc.double({ min: -180, max: 180, noNaN: true }), 0),
          description: maybe(TEXT, ""),
        }),
      ),
    ),
    organisations: fc.tuple(
      ...refs.organisations.map((ref) =>
        fc.record({
          ref: fc.constant(ref),
          kind: pick(codes<Organisation_Kind>(Organisation_Kind)),
          name: maybe(pick(["Flexwork Europa B.V.", "Trans-Prut SRL", "escort-listings.example"]), ""),
          country: maybe(pick(COUNTRIES), ""),
          registrationNumber: maybe(REGISTRATION, ""),
          website: maybe(pick(["https://flexwork-europa.example", "http://trans-prut.example/contact"]), ""),
          role: maybe(pick(["fake recruitment agency", "subcontractor"]), ""),
        }),
      ),
    ),
    vehicles: fc.tuple(
      ...refs.vehicles.map((ref) =>
        fc.record({
          ref: fc.constant(ref),
          kind: pick(codes<Vehicle_Kind>(Vehicle_Kind)),
          registrationPlate: maybe(PLATE, ""),
          registrationCountry: maybe(pick(COUNTRIES), ""),
          makeModel: maybe(pick(["Mercedes-Benz Sprinter", "Volkswagen Crafter"]), ""),
          colour: maybe(pick(["white", "grey"]), ""),
        }),
      ),
    ),
    financialInstruments: fc.tuple(
      ...refs.financial.map((ref) =>
        pick(codes<FinancialInstrument_Kind>(FinancialInstrument_Kind)).chain((kind) =>
          fc.record({
            ref: fc.constant(ref),
            kind: fc.constant(kind),
            identifier:
              kind === FinancialInstrument_Kind.KIND_IBAN
                ? IBAN
                : kind === FinancialInstrument_Kind.KIND_PAYMENT_CARD
                  ? DIGITS[4].map((d) => `4000 00** **** ${d}`)
                  : ACCOUNT,
            institution: maybe(pick(["ABN AMRO", "MAIB", "Western Union"]), ""),
            country: maybe(pick(COUNTRIES), ""),
            holderRef: pick(holders),
            network:
              kind === FinancialInstrument_Kind.KIND_CRYPTO_WALLET ? pick(["BTC", "TRON-USDT"]) : fc.constant(""),
          }),
        ),
      ),
    ),
    advertisements: fc.tuple(
      ...refs.ads.map((ref) =>
        fc.record({
          ref: fc.constant(ref),
          url: POST_ID.map((id) => `https://ads.example/posts/${id}`),
          platform: maybe(pick(["Facebook", "escort-listings.example", "Telegram"]), ""),
          capturedAt: fc.option(
            fc.integer({ min: 0, max: 30 * 24 }).map((h) => new Date(createdAt.getTime() - h * 3_600_000)),
            { nil: undefined },
          ),
          capturedText: maybe(TEXT, ""),
          language: maybe(pick(LANGUAGES), ""),
          captureSha256: maybe(SHA256_HEX, ""),
          posterRef: pick(holders),
        }),
      ),
    ),
    competentAuthorities: fc.array(
      fc.record({
        kind: pick(codes<CompetentAuthority_Kind>(CompetentAuthority_Kind)),
        name: pick(["LKA Berlin, Dezernat 42", "Parquet de Paris, JUNALCO", "Nederlandse Arbeidsinspectie"]),
        country: maybe(pick(COUNTRIES), ""),
        reference: maybe(AUTHORITY_REFERENCE, ""),
      }),
      { maxLength: 3 },
    ),
  });
}

const refsOf = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

/** A valid, realistic CaseAlert (see AlertArbitraryOptions). */
export function arbitraryAlert(opts: AlertArbitraryOptions = {}): fc.Arbitrary<CaseAlert> {
  const originators = opts.originators ?? DEFAULT_ORIGINATORS;
  const recipients = opts.recipients ?? DEFAULT_RECIPIENTS;
  const thirdParties = opts.thirdParties ?? DEFAULT_THIRD_PARTIES;
  return fc
    .record({
      createdAt: fc.date({
        min: new Date("2024-01-01T00:00:00Z"),
        max: new Date("2025-12-31T23:59:59Z"),
        noInvalidDate: true,
      }),
      counts: fc.tuple(
        fc.integer({ min: 0, max: opts.maxPersons ?? 8 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
      ),
    })
    .chain(({ createdAt, counts: [p, l, o, v, f, a] }) => {
      const refs: Refs = {
        persons: refsOf("P", p),
        locations: refsOf("L", l),
        organisations: refsOf("O", o),
        vehicles: refsOf("V", v),
        financial: refsOf("F", f),
        ads: refsOf("A", a),
      };
      return fc.record({
        header: header(createdAt, originators),
        scope: scope(),
        handling: handling(recipients, thirdParties),
        evaluation: fc.record({
          sourceReliability: pick(codes<SourceReliability>(SourceReliability)),
          informationAccuracy: pick(codes<InformationAccuracy>(InformationAccuracy)),
        }),
        persons: fc.tuple(...refs.persons.map((ref) => person(ref, createdAt, refs))),
        route: route(createdAt, refs),
        entities: entities(createdAt, refs),
        summary: maybe(TEXT, ""),
      });
    })
    .map(({ scope, entities, ...rest }) => CaseAlert.fromPartial({ ...rest, ...scope, ...entities }));
}
