import type { CaseAlert } from "@ariadne/contracts";
import type { z } from "zod";
import type { Agency } from "./agency.ts";
import type { DeliveryMeta } from "./delivery-meta.ts";
import { toEurojustNotification } from "./eurojust/map.ts";
import { EUROJUST_FORMAT, type EurojustNotification, EurojustNotificationSchema } from "./eurojust/schema.ts";
import { toSienaMessage } from "./europol/map.ts";
import { SIENA_FORMAT, type SienaMessage, SienaMessageSchema } from "./europol/schema.ts";
import { toFrontexIncident } from "./frontex/map.ts";
import { FRONTEX_FORMAT, type FrontexIncident, FrontexIncidentSchema } from "./frontex/schema.ts";

export interface ChannelMessages {
  readonly europol: SienaMessage;
  readonly eurojust: EurojustNotification;
  readonly frontex: FrontexIncident;
}
export type ChannelMessage = ChannelMessages[Agency];

/** Everything that defines one agency's channel: its format, where it takes deliveries, the mapping. */
export interface ChannelSpec<A extends Agency> {
  readonly agency: A;
  /** The value of the message's `format` field. */
  readonly format: string;
  /** The path a channel accepts deliveries on (POST, JSON, Idempotency-Key). */
  readonly path: string;
  /** Prefix of the references the channel assigns ("SIENA-2025-000001"). */
  readonly referencePrefix: string;
  readonly schema: z.ZodType<ChannelMessages[A]>;
  readonly map: (copy: CaseAlert, meta: DeliveryMeta) => ChannelMessages[A];
  /** The sender's own id of a message (messageId, notificationId, incidentId). */
  readonly messageIdOf: (message: ChannelMessages[A]) => string;
}

export const CHANNELS: { readonly [A in Agency]: ChannelSpec<A> } = {
  europol: {
    agency: "europol",
    format: SIENA_FORMAT,
    path: "/siena/v1/messages",
    referencePrefix: "SIENA",
    schema: SienaMessageSchema,
    map: toSienaMessage,
    messageIdOf: (m) => m.messageId,
  },
  eurojust: {
    agency: "eurojust",
    format: EUROJUST_FORMAT,
    path: "/eurojust/v1/notifications",
    referencePrefix: "EJ",
    schema: EurojustNotificationSchema,
    map: toEurojustNotification,
    messageIdOf: (m) => m.notificationId,
  },
  frontex: {
    agency: "frontex",
    format: FRONTEX_FORMAT,
    path: "/frontex/v1/incidents",
    referencePrefix: "JORA",
    schema: FrontexIncidentSchema,
    map: toFrontexIncident,
    messageIdOf: (m) => m.incidentId,
  },
};

/** Maps a minimised copy to the agency's channel format (throws AgencyError, see errors.ts). */
export function mapToChannel<A extends Agency>(agency: A, copy: CaseAlert, meta: DeliveryMeta): ChannelMessages[A] {
  const spec: ChannelSpec<A> = CHANNELS[agency];
  return spec.map(copy, meta);
}
