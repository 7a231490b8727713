import { STREAMS, subjects } from "@ariadne/bus";
import { describe, expect, it } from "vitest";
import { ACCOUNTS, inboxPrefix, type NatsUser, permissionsFor, usersOf } from "../src/mod.ts";
import { testDeployment } from "./support/deployment.ts";

const d = testDeployment();
const users = usersOf(d);
const grants = (u: NatsUser) => permissionsFor(d, u);
const who = (u: NatsUser) => `${u.party.id}@${u.account}`;
const publishers = (subject: string) => users.filter((u) => grants(u).publish.allow.includes(subject)).map(who);

describe("permissions derived from the deployment", () => {
  it("grants every application subject exactly, never by wildcard", () => {
    for (const u of users) {
      const p = grants(u);
      for (const s of [...p.publish.allow, ...p.subscribe.allow].filter((x) => x.startsWith("ariadne."))) {
        // The only wildcard: the audit service's query endpoints, which it alone serves.
        if (s === `${subjects.auditQuery}.>`) continue;
        expect({ who: who(u), s, literal: !/[*>]/.test(s) }).toEqual({ who: who(u), s, literal: true });
      }
    }
  });

  it("lets each NCP alone publish its intake, and the audit service alone write the log", () => {
    for (const cc of d.ncps) expect(publishers(subjects.intake(`ncp.${cc}`))).toEqual([`ncp.${cc}@${ACCOUNTS.main}`]);
    expect(publishers(subjects.auditLog)).toEqual([`audit@${ACCOUNTS.audit}`]);
    expect(publishers(subjects.auditCheckpoint)).toEqual([`audit@${ACCOUNTS.audit}`]);
    expect(publishers("$KV.ariadne-registry.>")).toEqual([`operator@${ACCOUNTS.main}`]);
    expect(publishers("$KV.ariadne-replay.>")).toEqual([`router@${ACCOUNTS.main}`]);
  });

  it("lets the router alone publish copies, to every agency and NCP", () => {
    for (const r of [...d.agencies, ...d.ncps.map((cc) => `ncp.${cc}`)]) {
      expect(publishers(subjects.deliver(r))).toEqual([`router@${ACCOUNTS.main}`]);
    }
  });

  it("gives each identity its own inbox and no other", () => {
    for (const u of users) {
      const inboxes = grants(u).subscribe.allow.filter((s) => s.startsWith("_INBOX"));
      expect(inboxes).toEqual([`${inboxPrefix(u.party.id)}.>`]);
    }
  });

  it("lets no one but operators manage streams, and even operators not destroy the log", () => {
    for (const u of users.filter((x) => x.party.role !== "operator")) {
      expect(grants(u).publish.allow.some((s) => /STREAM\.(CREATE|UPDATE|DELETE|PURGE)|^\$JS\.API\.>$/.test(s))).toBe(
        false,
      );
      expect(grants(u).publish.deny).toContain("$JS.API.STREAM.PURGE.>");
    }
    const opAudit = users.find((u) => u.party.role === "operator" && u.account === ACCOUNTS.audit);
    if (!opAudit) throw new Error("no operator in AUDIT");
    expect(grants(opAudit).publish.deny).toEqual(
      expect.arrayContaining([`$JS.API.STREAM.DELETE.${STREAMS.AUDIT}`, `$JS.API.STREAM.PURGE.${STREAMS.AUDIT}`]),
    );
  });

  it("answers officers by naming their inboxes, not with allow_responses", () => {
    const europol = users.find((u) => u.party.id === "adapter.europol");
    if (!europol) throw new Error("no adapter");
    expect(grants(europol).allowResponses).toBeUndefined();
    expect(grants(europol).publish.allow).toContain("_INBOX_officer_europol_dupont.>");
    expect(grants(europol).publish.allow).not.toContain("_INBOX_officer_eurojust_weber.>");
  });

  it("a new NCP is a new exact grant for the router and the adapters", () => {
    const more = testDeployment({ ncps: ["de", "nl", "pl"] });
    const router = usersOf(more).find((u) => u.party.id === "router");
    const adapter = usersOf(more).find((u) => u.party.id === "adapter.europol");
    if (!router || !adapter) throw new Error("missing");
    const before = new Set(permissionsFor(d, users.find((u) => u.party.id === "router") as NatsUser).publish.allow);
    const added = permissionsFor(more, router).publish.allow.filter((s) => !before.has(s));
    expect(added.sort()).toEqual([subjects.deliver("ncp.pl"), subjects.ret("ncp.pl")].sort());
    expect(permissionsFor(more, adapter).publish.allow).toContain(subjects.ret("ncp.pl"));
  });
});
