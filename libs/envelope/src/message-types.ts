/** What a party may do; a party holds one or more roles in the trust registry. */
export const ROLES = ["publisher", "router", "recipient", "auditor", "operator", "officer"] as const;
export type Role = (typeof ROLES)[number];

/** The signed message types: the JWS `typ` is the payload's fully qualified Protobuf name. */
export const MESSAGE_TYPES = {
  AlertManifest: "ariadne.v1.AlertManifest",
  RoutingAttestation: "ariadne.v1.RoutingAttestation",
  Receipt: "ariadne.v1.Receipt",
  RejectionNotice: "ariadne.v1.RejectionNotice",
  AgencyReply: "ariadne.v1.AgencyReply",
  AuditEvent: "ariadne.v1.AuditEvent",
  Checkpoint: "ariadne.v1.Checkpoint",
  ExportManifest: "ariadne.v1.ExportManifest",
  FeedRequest: "ariadne.v1.FeedRequest",
  FeedFrame: "ariadne.v1.FeedFrame",
  AuditQuery: "ariadne.v1.AuditQuery",
} as const;
export type MessageType = (typeof MESSAGE_TYPES)[keyof typeof MESSAGE_TYPES];

/** Which roles may sign which type (docs/architecture.md, "Signed messages"). */
export const SIGNER_ROLES: Readonly<Record<MessageType, readonly Role[]>> = {
  "ariadne.v1.AlertManifest": ["publisher"],
  "ariadne.v1.RoutingAttestation": ["router"],
  "ariadne.v1.RejectionNotice": ["router"],
  "ariadne.v1.Receipt": ["router", "recipient"],
  "ariadne.v1.AgencyReply": ["recipient"],
  "ariadne.v1.AuditEvent": ["router", "recipient", "auditor", "operator"],
  "ariadne.v1.Checkpoint": ["auditor"],
  "ariadne.v1.ExportManifest": ["auditor"],
  "ariadne.v1.FeedRequest": ["officer"],
  "ariadne.v1.FeedFrame": ["recipient"],
  "ariadne.v1.AuditQuery": ["operator", "officer"],
};

const TYPES: ReadonlySet<string> = new Set(Object.values(MESSAGE_TYPES));

export function isMessageType(value: unknown): value is MessageType {
  return typeof value === "string" && TYPES.has(value);
}

export function roleMaySign(roles: readonly Role[], type: MessageType): boolean {
  const allowed = SIGNER_ROLES[type];
  return roles.some((r) => allowed.includes(r));
}
