import { durables, ncp, STREAMS, subjects } from "@ariadne/bus";
import type { Deployment } from "./deployment.ts";
import { jsApi, kvSubjects, othersDurables, readBucket, readDurable, readOrdered } from "./jsapi.ts";
import { ACCOUNTS, inboxPrefix, type NatsUser } from "./parties.ts";

/** KV buckets (created by operators in provisioning; services open them, never create). */
export const BUCKETS = { registry: "ariadne-registry", replay: "ariadne-replay" } as const;

/** The state bucket an agency's adapter replicas share (services/adapter/src/state/bucket.ts). */
export function adapterBucket(agency: string): string {
  return `ariadne-adapter-${agency}`;
}

export interface SubjectRules {
  readonly allow: readonly string[];
  readonly deny: readonly string[];
}

export interface Permissions {
  readonly publish: SubjectRules;
  readonly subscribe: SubjectRules;
  /** May answer requests it received: at most `max` replies each, within `expiresMs`. */
  readonly allowResponses?: { readonly max: number; readonly expiresMs: number };
}

/** One reply per request: audit append, audit queries, micro-service discovery. */
export const SINGLE_RESPONSE = { max: 1, expiresMs: 60_000 } as const;

function rules(allow: readonly string[], deny: readonly string[] = []): SubjectRules {
  return { allow: [...new Set(allow)], deny: [...new Set(deny)] };
}

/** Every recipient subject the router may publish to: agencies and NCPs (mandates name both). */
function recipients(d: Deployment): string[] {
  return [...d.agencies, ...d.ncps.map(ncp)];
}

/** Every named durable on DELIVERY and RETURN (libs/bus durables) but `own`. */
function durablesBut(d: Deployment, stream: "DELIVERY" | "RETURN", own: readonly string[]): string[] {
  const ncps = d.ncps.map((cc) => durables.ncp(ncp(cc)));
  const all =
    stream === "RETURN" ? ncps : [...d.agencies.flatMap((a) => [durables.adapter(a), durables.feed(a)]), ...ncps];
  return all.filter((n) => !own.includes(n));
}

/**
 * What one NATS identity may publish and subscribe to: exact subjects, derived from the
 * deployment so that a new NCP or agency is a regenerated config, never a wildcard.
 * Nothing outside an operator may create, update, delete or purge streams.
 */
export function permissionsFor(d: Deployment, user: NatsUser): Permissions {
  const { party } = user;
  const inbox = `${inboxPrefix(party.id)}.>`;
  const registry = readBucket(BUCKETS.registry);
  const ncps = d.ncps.map(ncp);
  const notOperator = jsApi.destructive;

  if (user.account === ACCOUNTS.system) {
    // Server-wide monitoring ($SYS.REQ.SERVER.PING...) for operators' nats CLI.
    return { publish: rules(["$SYS.REQ.>"]), subscribe: rules([inbox]) };
  }

  if (user.account === ACCOUNTS.audit) {
    const audit = [STREAMS.AUDIT, STREAMS.AUDIT_CHECKPOINTS];
    if (party.role === "operator") {
      // Operators manage the audit streams but, even they, never delete or purge the log.
      const forbidden = audit.flatMap((s) => [
        `$JS.API.STREAM.DELETE.${s}`,
        `$JS.API.STREAM.PURGE.${s}`,
        `$JS.API.STREAM.MSG.DELETE.${s}`,
      ]);
      return { publish: rules([jsApi.all, "$JS.ACK.>", "$JS.FC.>"], forbidden), subscribe: rules([inbox]) };
    }
    return {
      publish: rules(
        [
          subjects.auditLog,
          subjects.auditCheckpoint,
          jsApi.accountInfo,
          ...audit.flatMap((s) => [
            jsApi.streamInfo(s),
            jsApi.msgGet(s),
            ...jsApi.directGet(s),
            // The log's own reader (tree rebuild, proofs, ordered consumers): any name on its own streams.
            jsApi.consumerCreate(s, "*"),
            jsApi.consumerCreate(s, "*", ">"),
            jsApi.consumerInfo(s, "*"),
            jsApi.next(s, "*"),
            `$JS.ACK.${s}.>`,
            jsApi.flowControl(s),
          ]),
          ...registry,
        ],
        notOperator,
      ),
      subscribe: rules([inbox, subjects.auditAppend, subjects.auditQuery, `${subjects.auditQuery}.>`, "$SRV.>"]),
      allowResponses: SINGLE_RESPONSE,
    };
  }

  switch (party.role) {
    case "ncp": {
      const own = [durables.ncp(party.id)];
      return {
        publish: rules(
          [
            subjects.intake(party.id),
            ...readDurable(STREAMS.RETURN, durables.ncp(party.id), subjects.ret(party.id)),
            ...readDurable(STREAMS.DELIVERY, durables.ncp(party.id), subjects.deliver(party.id)),
            // NcpClient follows its returns (and may browse its copies) with ordered consumers.
            ...readOrdered(STREAMS.RETURN, subjects.ret(party.id)),
            ...readOrdered(STREAMS.DELIVERY, subjects.deliver(party.id)),
            ...registry,
          ],
          [
            ...notOperator,
            ...othersDurables(STREAMS.RETURN, durablesBut(d, "RETURN", own)),
            ...othersDurables(STREAMS.DELIVERY, durablesBut(d, "DELIVERY", own)),
          ],
        ),
        subscribe: rules([inbox]),
      };
    }
    case "router":
      return {
        publish: rules(
          [
            jsApi.accountInfo,
            // The router reads every publisher's intake: its durable may carry any intake filter.
            ...readDurable(STREAMS.INTAKE, durables.router),
            jsApi.consumerCreate(STREAMS.INTAKE, durables.router, subjects.intakeAll),
            ...recipients(d).map(subjects.deliver),
            ...ncps.map(subjects.ret),
            subjects.deadLetter("router"),
            subjects.auditAppend,
            ...registry,
            // Replay guard: claim (create), read and open its bucket.
            kvSubjects(BUCKETS.replay),
            ...readBucket(BUCKETS.replay),
          ],
          notOperator,
        ),
        subscribe: rules([inbox]),
      };
    case "adapter": {
      const agency = party.agency ?? "";
      // Feed replies go to the inboxes of this agency's officers by name, not through
      // allow_responses: NATS does not check the reply subject a requester names, so a
      // responder with allow_responses could be made to publish anywhere.
      const officers = d.officers.filter((o) => o.startsWith(`${agency}.`)).map((o) => `officer.${o}`);
      return {
        publish: rules(
          [
            jsApi.accountInfo,
            ...readDurable(STREAMS.DELIVERY, durables.adapter(agency), subjects.deliver(agency)),
            ...readDurable(STREAMS.DELIVERY, durables.feed(agency), subjects.deliver(agency)),
            // The officers' feed reads its agency's copies with ordered consumers (feed/session.ts).
            ...readOrdered(STREAMS.DELIVERY, subjects.deliver(agency)),
            ...ncps.map(subjects.ret),
            subjects.deadLetter(party.id),
            subjects.auditAppend,
            ...registry,
            ...officers.map((o) => `${inboxPrefix(o)}.>`),
            // Its agency's state (copy index, events cursor): read and write, no other agency's.
            kvSubjects(adapterBucket(agency)),
            ...readBucket(adapterBucket(agency)),
          ],
          [
            ...notOperator,
            ...othersDurables(
              STREAMS.DELIVERY,
              durablesBut(d, "DELIVERY", [durables.adapter(agency), durables.feed(agency)]),
            ),
          ],
        ),
        // The adapter also serves its agency's liaison-officer feed (request/reply).
        subscribe: rules([inbox, subjects.feed(agency)]),
      };
    }
    case "officer":
      return {
        publish: rules([subjects.feed(party.agency ?? ""), ...registry], notOperator),
        subscribe: rules([inbox]),
      };
    case "console":
      return {
        publish: rules(
          [
            jsApi.accountInfo,
            jsApi.streamNames,
            jsApi.streamList,
            jsApi.streamInfo("*"),
            jsApi.consumerInfo("*", "*"),
            jsApi.consumerNames("*"),
            jsApi.consumerList("*"),
            // Dead letters are for operators: browse them, or follow them with the console's durable.
            jsApi.msgGet(STREAMS.DEADLETTER),
            ...jsApi.directGet(STREAMS.DEADLETTER),
            ...readDurable(STREAMS.DEADLETTER, durables.console),
            jsApi.consumerCreate(STREAMS.DEADLETTER, durables.console, subjects.deadLetterAll),
            subjects.auditAppend,
            subjects.auditQuery,
            `${subjects.auditQuery}.>`,
            ...registry,
          ],
          notOperator,
        ),
        subscribe: rules([inbox, subjects.auditCheckpoint]),
      };
    case "operator":
      return {
        publish: rules([
          jsApi.all,
          "$JS.ACK.>",
          "$JS.FC.>",
          // Only operators write the trust registry.
          kvSubjects(BUCKETS.registry),
          subjects.auditAppend,
          subjects.auditQuery,
          `${subjects.auditQuery}.>`,
        ]),
        subscribe: rules([inbox, subjects.auditCheckpoint]),
      };
    case "audit":
      // The audit service lives in the AUDIT account only (handled above).
      return { publish: rules([]), subscribe: rules([]) };
  }
}
