/** NATS headers Ariadne sets. Values are ids and codes only: never personal data. */
export const H = {
  /** JetStream de-duplication id: alertId.version for intake, copyId for deliveries, eventId for audit. */
  msgId: "Nats-Msg-Id",
  /** Fully qualified type of the envelope's payload, e.g. ariadne.v1.AlertManifest. */
  type: "Ariadne-Type",
  /** Alert id and version, so operators and dead letters can be read without decoding. */
  alertId: "Ariadne-Alert-Id",
  alertVersion: "Ariadne-Alert-Version",
  /** Stable error code of a refusal (see each library's error class). */
  errorCode: "Ariadne-Error-Code",
  /** Non-personal error text. */
  error: "Ariadne-Error",
  /** Stage that dead-lettered a message and how many deliveries it had. */
  deadLetterStage: "Ariadne-Dead-Letter-Stage",
  deliveries: "Ariadne-Deliveries",
  /** W3C trace context (https://www.w3.org/TR/trace-context/). */
  traceparent: "traceparent",
  tracestate: "tracestate",
} as const;
