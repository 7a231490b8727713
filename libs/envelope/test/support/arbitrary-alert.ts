import { CaseAlert } from "@ariadne/contracts";
import fc from "fast-check";

/**
 * Random CaseAlerts covering every field kind the splitter meets: strings, enums, bools,
 * doubles, packed enums, repeated strings, nested messages, timestamps, entities with refs.
 * Values are either defaults (absent on the wire) or not, so units come and go.
 */
const text = fc.oneof(fc.constant(""), fc.string({ unit: "grapheme", maxLength: 12 }));
const enumOf = (max: number) => fc.integer({ min: 0, max });
const enums = (max: number) => fc.array(enumOf(max), { maxLength: 3 });
const strings = fc.array(fc.string({ unit: "grapheme", maxLength: 8 }), { maxLength: 3 });
// Whole milliseconds after 2000: Timestamp round-trips them exactly.
const date = fc.integer({ min: 946_684_800_000, max: 4_102_444_800_000 }).map((ms) => new Date(ms));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const coordinate = fc.oneof(
  fc.constant(0),
  fc.double({ min: -180, max: 180, noNaN: true }).map((x) => x || 0),
);
const refs = (prefix: string) => fc.integer({ min: 1, max: 999 }).map((n) => `${prefix}${n}`);

function entities<T extends { ref: string }>(prefix: string, body: fc.Arbitrary<Omit<T, "ref">>) {
  return fc.uniqueArray(
    fc.tuple(refs(prefix), body).map(([ref, b]) => ({ ref, ...b }) as T),
    { selector: (e) => e.ref, maxLength: 3 },
  );
}

const person = fc.record({
  category: enumOf(6),
  role: text,
  name: maybe(fc.record({ givenNames: text, familyName: text, aliases: strings })),
  minor: fc.boolean(),
  ageBand: enumOf(7),
  dateOfBirth: text,
  sex: enumOf(3),
  nationalities: strings,
  identityDocuments: fc.array(
    fc.record({
      kind: enumOf(6),
      number: text,
      issuingCountry: text,
      expiresOn: text,
      fraud: enumOf(6),
      retainedByThirdParty: fc.boolean(),
    }),
    { maxLength: 2 },
  ),
  onlineIdentifiers: fc.array(fc.record({ kind: enumOf(6), value: text, platform: text }), { maxLength: 2 }),
  locationRefs: strings,
  organisationRefs: strings,
  addresses: strings,
  physicalDescription: text,
});

const location = fc.record({
  kind: enumOf(7),
  country: text,
  region: text,
  city: text,
  address: text,
  latitude: coordinate,
  longitude: coordinate,
  description: text,
});

export const arbitraryAlert = (originator: string): fc.Arbitrary<CaseAlert> =>
  fc
    .record({
      header: fc.record({
        alertId: fc.uuid({ version: 7 }),
        version: fc.integer({ min: 1, max: 5 }),
        createdAt: maybe(date),
        caseReferences: fc.array(fc.record({ system: text, reference: text, authority: text }), { maxLength: 2 }),
        links: fc.array(fc.record({ alertId: fc.uuid({ version: 7 }), relation: enumOf(5) }), { maxLength: 2 }),
        priority: enumOf(4),
        language: text,
        purposes: enums(7),
        respondBy: maybe(date),
      }),
      crimeArea: enumOf(7),
      exploitationForms: enums(10),
      handling: maybe(
        fc.record({ code: enumOf(4), restrictions: text, permittedRecipients: strings, thirdPartyConsent: strings }),
      ),
      evaluation: maybe(fc.record({ sourceReliability: enumOf(4), informationAccuracy: enumOf(4) })),
      persons: entities("P", person),
      route: maybe(
        fc.record({
          originCountries: strings,
          transitCountries: strings,
          destinationCountries: strings,
          legs: fc.array(
            fc.record({
              fromCountry: text,
              toCountry: text,
              fromLocationRef: text,
              toLocationRef: text,
              departedOn: text,
              arrivedOn: text,
              transportMode: enumOf(6),
              vehicleRef: text,
            }),
            { maxLength: 2 },
          ),
          borderCrossings: fc.array(
            fc.record({
              crossingPoint: text,
              country: text,
              neighbourCountry: text,
              borderType: enumOf(3),
              externalBorder: fc.boolean(),
              crossedOn: text,
              crossingStatus: text,
            }),
            { maxLength: 2 },
          ),
        }),
      ),
      locations: entities("L", location),
      organisations: entities(
        "O",
        fc.record({
          kind: enumOf(7),
          name: text,
          country: text,
          registrationNumber: text,
          website: text,
          role: text,
        }),
      ),
      vehicles: entities(
        "V",
        fc.record({
          kind: enumOf(5),
          registrationPlate: text,
          registrationCountry: text,
          makeModel: text,
          colour: text,
        }),
      ),
      financialInstruments: entities(
        "F",
        fc.record({
          kind: enumOf(5),
          identifier: text,
          institution: text,
          country: text,
          holderRef: text,
          network: text,
        }),
      ),
      advertisements: entities(
        "A",
        fc.record({
          url: text,
          platform: text,
          capturedAt: maybe(date),
          capturedText: text,
          language: text,
          captureSha256: text,
          posterRef: text,
        }),
      ),
      modusOperandi: enums(13),
      summary: text,
      competentAuthorities: fc.array(fc.record({ kind: enumOf(6), name: text, country: text, reference: text }), {
        maxLength: 2,
      }),
      relatedCrimeAreas: enums(7),
    })
    .map((a) => CaseAlert.fromPartial({ ...a, header: { ...a.header, originator } }));
