/** Bounds on what one audit event may carry: the log keeps every byte for years. */
export const LIMITS = {
  detail: 240,
  query: 240,
  reason: 240,
  handlingNotice: 300,
  /** Mandates cite their legal basis in words (libs/policy allows up to 2000 characters). */
  legalBasis: 2000,
  listItems: 256,
  /** A signed receipt, reply or notice recorded as evidence. */
  artefactBytes: 16 * 1024,
} as const;
