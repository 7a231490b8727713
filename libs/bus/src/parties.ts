/**
 * Party ids name who signs and who receives. They are lowercase dot-separated tokens, so a
 * party id appended to a subject prefix stays a valid subject and NATS permissions can match
 * it exactly:
 *
 *   ncp.<cc>                    national contact point of member state <cc> (ISO 3166-1 alpha-2)
 *   router                      the router (all router replicas share the party)
 *   adapter.<agency>            the channel adapter of an agency: adapter.europol
 *   audit                       the audit service
 *   operator                    the operator root: signs the trust registry
 *   officer.<agency>.<name>     a liaison officer of an agency (or of an NCP: officer.ncp-nl.jansen)
 *
 * Recipients in mandates are agencies ("europol", "eurojust", "frontex") or NCPs ("ncp.nl").
 */
export const PARTY_ID = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*){0,3}$/;

export class PartyIdError extends Error {
  readonly code = "INVALID_PARTY";
  override readonly name = "PartyIdError";
}

export function assertPartyId(id: string): string {
  if (!PARTY_ID.test(id)) throw new PartyIdError(`not a party id: ${JSON.stringify(id)}`);
  return id;
}

export function ncp(countryCode: string): string {
  return assertPartyId(`ncp.${countryCode.toLowerCase()}`);
}

export function adapterOf(agency: string): string {
  return assertPartyId(`adapter.${agency}`);
}

/** The agency an adapter party serves: adapter.europol -> europol. */
export function agencyOfAdapter(party: string): string | undefined {
  return /^adapter\.([a-z0-9-]+)$/.exec(party)?.[1];
}
