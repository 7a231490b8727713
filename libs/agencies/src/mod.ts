// Agency channels: formats (zod schemas + types), pure mappings from minimised copies, and the
// HTTP protocol every channel speaks. No NATS, no signing: the adapter service wires those.
export * from "./agency.ts";
export * from "./channel-api.ts";
export * from "./channel-client.ts";
export * from "./channels.ts";
export * from "./delivery-meta.ts";
export * from "./errors.ts";
export { notificationType, toEurojustNotification } from "./eurojust/map.ts";
export * from "./eurojust/schema.ts";
export { EU_MEMBER_STATES } from "./eurojust/vocabulary.ts";
export { evaluationCode, toSienaMessage } from "./europol/map.ts";
export * from "./europol/schema.ts";
export * from "./frontex/impact.ts";
export { borderSectionOf, toFrontexIncident } from "./frontex/map.ts";
export * from "./frontex/schema.ts";
