import { PARTY_ID } from "@ariadne/bus";
import {
  CrimeArea,
  ExploitationForm,
  type FeedFilter,
  FeedRequest,
  FeedRequest_Action,
  isAlertId,
  Priority,
  Purpose,
} from "@ariadne/contracts";
import { inboxPrefix } from "@ariadne/deploy";
import { isEnvelopeError, MESSAGE_TYPES, type Verified, type Verifier } from "@ariadne/envelope";
import { FeedError } from "../errors.ts";

/** A feed request whose signature, signer, agency and shape were checked. */
export interface CheckedRequest {
  readonly request: FeedRequest;
  /** The officer's signed envelope, exactly as received: recorded with every consultation. */
  readonly bytes: Uint8Array;
  readonly signer: Verified;
}

const OFFICER = /^officer\.([a-z0-9][a-z0-9-]*)\.([a-z0-9][a-z0-9-]*)$/;
const MAX_FILTER_VALUES = 64;

/** The agency of an officer party: officer.europol.dupont -> europol. */
export function agencyOfOfficer(party: string): string | undefined {
  return OFFICER.exec(party)?.[1];
}

/** Where an officer's frames may go: the officer's own inbox prefix, which only it may read. */
export function officerInbox(officer: string): string {
  return `${inboxPrefix(officer)}.`;
}

function known<T extends number>(values: readonly T[], valid: (v: T) => boolean): boolean {
  return values.length <= MAX_FILTER_VALUES && values.every(valid);
}

function checkFilter(f: FeedFilter | undefined): boolean {
  if (f === undefined) return true;
  return (
    known(f.crimeAreas, (v) => v > 0 && CrimeArea[v] !== undefined && v !== CrimeArea.UNRECOGNIZED) &&
    known(f.priorities, (v) => v > 0 && Priority[v] !== undefined && v !== Priority.UNRECOGNIZED) &&
    known(
      f.exploitationForms,
      (v) => v > 0 && ExploitationForm[v] !== undefined && v !== ExploitationForm.UNRECOGNIZED,
    ) &&
    f.originatingCountries.length <= MAX_FILTER_VALUES &&
    f.originatingCountries.every((c) => /^[A-Z]{2}$/.test(c))
  );
}

function malformed(why: string): never {
  throw new FeedError("REQUEST_MALFORMED", `feed request: ${why}`);
}

/**
 * Verifies a request on ariadne.feed.<agency>: signed by an officer (role officer) who is the
 * officer it names, of this agency; for OPEN, frames go to the NATS reply subject, which must be
 * under the officer's own inbox (NATS does not check reply subjects, so a forged one could aim
 * the feed at someone else's inbox); the request is fresh (the verifier's replay window).
 */
export function checkFeedRequest(
  bytes: Uint8Array,
  replySubject: string | undefined,
  verifier: Verifier,
  agency: string,
): CheckedRequest {
  let signer: Verified;
  try {
    signer = verifier.verify(bytes, { type: MESSAGE_TYPES.FeedRequest });
  } catch (err) {
    if (!isEnvelopeError(err)) throw err;
    if (err.code === "ROLE_NOT_ALLOWED") throw new FeedError("NOT_AN_OFFICER", "signer may not ask for feeds");
    if (err.code === "MALFORMED" || err.code === "TOO_LARGE" || err.code === "TYPE_MISMATCH") malformed(err.code);
    throw new FeedError("REQUEST_UNVERIFIED", `feed request signature: ${err.code}`, { cause: err });
  }
  let request: FeedRequest;
  try {
    request = FeedRequest.decode(signer.payload);
  } catch {
    malformed("does not decode");
  }
  if (request.officer !== signer.party || !PARTY_ID.test(signer.party) || agencyOfOfficer(signer.party) === undefined) {
    throw new FeedError("NOT_AN_OFFICER", "the signer is not the officer the request names");
  }
  if (agencyOfOfficer(signer.party) !== agency || request.agency !== agency) {
    throw new FeedError("WRONG_AGENCY", "the officer does not belong to this feed's agency");
  }
  if (!isAlertId(request.requestId) || !isAlertId(request.feedId)) malformed("request and feed ids must be UUIDv7");
  switch (request.action) {
    case FeedRequest_Action.ACTION_OPEN:
      if (replySubject === undefined || request.replyTo !== replySubject) {
        throw new FeedError("REPLY_SUBJECT_MISMATCH", "frames must go to the signed reply subject");
      }
      if (!request.replyTo.startsWith(officerInbox(signer.party))) {
        throw new FeedError("REPLY_SUBJECT_MISMATCH", "frames must go to the officer's own inbox");
      }
      if (request.purposes.length === 0 || request.purposes.some((p) => p <= 0 || Purpose[p] === undefined)) {
        malformed("purposes: at least one known purpose");
      }
      if (!checkFilter(request.filter)) malformed("filter: unknown codes or too many values");
      break;
    case FeedRequest_Action.ACTION_RENEW:
    case FeedRequest_Action.ACTION_CLOSE:
      break;
    default:
      malformed("unknown action");
  }
  return { request, bytes, signer };
}
