import { PARTY_ID } from "@ariadne/bus";
import { z } from "zod";
import { ROLES } from "../message-types.ts";

const isoInstant = z.iso.datetime({ offset: false });

/** A party's public key in the registry: a public JWK plus its validity. Private members are refused. */
export const RegistryKey = z
  .object({
    kty: z.literal("OKP"),
    crv: z.literal("Ed25519"),
    x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    kid: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    /** First instant the key may sign (inclusive). */
    notBefore: isoInstant,
    /** Instant from which the key may no longer sign (exclusive). */
    notAfter: isoInstant,
    /** Set once the key is compromised or retired early: nothing it signed verifies any more. */
    revokedAt: isoInstant.optional(),
  })
  .strict();
export type RegistryKey = z.infer<typeof RegistryKey>;

export const RegistryParty = z
  .object({
    id: z.string().regex(PARTY_ID),
    roles: z.array(z.enum(ROLES)).min(1),
    /** Display name for operators; never used in a decision. */
    name: z.string().max(200).optional(),
    keys: z.array(RegistryKey),
  })
  .strict();
export type RegistryParty = z.infer<typeof RegistryParty>;

/**
 * The trust registry: who may sign, with which keys, in which roles. Signed by the operator
 * root key; `version` only ever grows, so an old document cannot be replayed over a newer one.
 */
export const RegistryDocument = z
  .object({
    version: z.number().int().positive(),
    issuedAt: isoInstant,
    parties: z.array(RegistryParty),
  })
  .strict()
  .superRefine((doc, ctx) => {
    const ids = new Set<string>();
    const kids = new Set<string>();
    for (const p of doc.parties) {
      if (ids.has(p.id)) ctx.addIssue({ code: "custom", message: `party ${p.id} listed twice` });
      ids.add(p.id);
      for (const k of p.keys) {
        // A kid names one key of one party: the verifier maps kid -> party with no ambiguity.
        if (kids.has(k.kid)) ctx.addIssue({ code: "custom", message: `kid ${k.kid} listed twice` });
        kids.add(k.kid);
        if (Date.parse(k.notAfter) <= Date.parse(k.notBefore)) {
          ctx.addIssue({ code: "custom", message: `key ${k.kid} ends before it starts` });
        }
      }
    }
  });
export type RegistryDocument = z.infer<typeof RegistryDocument>;
