import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type Agency,
  CHANNELS,
  type ChannelAcceptance,
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyKey,
  REPLAYED_HEADER,
} from "@ariadne/agencies";
import type { Logger } from "@ariadne/runtime";
import { type ControlState, takeDrop } from "./control.ts";
import { BodyTooLarge, canonicalJson, readBody, sendError, sendJson, sha256Hex } from "./http.ts";
import type { Ledger, StandinRecord } from "./ledger.ts";
import type { StandinMetrics } from "./metrics.ts";

export interface DeliverContext<A extends Agency> {
  readonly agency: A;
  readonly ledger: Ledger<A>;
  readonly control: ControlState;
  readonly metrics: StandinMetrics;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
}

function acceptance(r: StandinRecord): ChannelAcceptance {
  return {
    status: "RECEIVED",
    reference: r.reference,
    idempotencyKey: r.idempotencyKey,
    messageId: r.messageId,
    receivedAt: r.receivedAt,
  };
}

/**
 * POST <channel path>: checks run in the order a real gateway would (media type, idempotency
 * key, size, JSON, schema), then the ledger records the message once per key. The fault gate
 * has already run.
 */
export async function handleDelivery<A extends Agency>(
  ctx: DeliverContext<A>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const reject = (
    status: number,
    code: Parameters<typeof sendError>[2],
    message: string,
    issues?: { path: string; code: string }[],
  ) => {
    ctx.metrics.deliveries.inc({ outcome: `rejected_${code.toLowerCase()}` });
    ctx.logger.info({ code }, "delivery refused");
    sendError(res, status, code, message, issues);
  };
  const type = String(req.headers["content-type"] ?? "")
    .split(";")[0]
    ?.trim()
    .toLowerCase();
  if (type !== "application/json") return reject(415, "UNSUPPORTED_MEDIA_TYPE", "send application/json");
  const rawKey = req.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
  if (rawKey === undefined)
    return reject(400, "IDEMPOTENCY_KEY_REQUIRED", `${IDEMPOTENCY_KEY_HEADER} header is required`);
  const key = IdempotencyKey.safeParse(rawKey);
  if (!key.success)
    return reject(400, "IDEMPOTENCY_KEY_INVALID", `${IDEMPOTENCY_KEY_HEADER} must be 1-255 printable ASCII`);

  let body: unknown;
  try {
    body = JSON.parse((await readBody(req, ctx.maxBodyBytes)).toString("utf8"));
  } catch (err) {
    if (err instanceof BodyTooLarge)
      return reject(413, "PAYLOAD_TOO_LARGE", `body larger than ${ctx.maxBodyBytes} bytes`);
    return reject(400, "MALFORMED_JSON", "body is not JSON");
  }
  const spec = CHANNELS[ctx.agency];
  const parsed = spec.schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), code: i.code }));
    return reject(422, "SCHEMA_VIOLATION", `not a ${spec.format} message`, issues);
  }

  const outcome = await ctx.ledger.deliver(key.data, parsed.data, sha256Hex(canonicalJson(parsed.data)));
  if (outcome.kind === "key_reused") {
    return reject(422, "IDEMPOTENCY_KEY_REUSED", "this key was used for a different message");
  }
  const { record } = outcome;
  if (outcome.kind === "recorded") {
    ctx.metrics.records.set(ctx.ledger.records().length);
    ctx.logger.info({ reference: record.reference, idempotencyKey: record.idempotencyKey }, "message recorded");
  }
  if (takeDrop(ctx.control)) {
    // The record stands; only the answer is lost, as when a connection breaks after commit.
    ctx.metrics.deliveries.inc({ outcome: `${outcome.kind}_answer_dropped` });
    res.socket?.destroy();
    return;
  }
  ctx.metrics.deliveries.inc({ outcome: outcome.kind });
  sendJson(res, 201, acceptance(record), outcome.kind === "replayed" ? { [REPLAYED_HEADER]: "true" } : {});
}
