import { createHmac, timingSafeEqual } from "node:crypto";
import { WEBHOOK_EVENTS, type WebhookEvent, type WebhookPayloads } from "./routes.js";

/** The header every delivery carries: `t=<unix ms>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export const SIGNATURE_HEADER = "encore-signature";

/** Why a delivery was not accepted. */
export type WebhookRefusal = "malformed_signature" | "bad_signature" | "stale_timestamp" | "malformed_body";

export class WebhookVerificationError extends Error {
  override readonly name = "WebhookVerificationError";
  constructor(
    readonly reason: WebhookRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** A verified delivery, typed by its event: switch on `event` and `data` follows. */
export type WebhookMessage = { [E in WebhookEvent]: WebhookPayloads[E] }[WebhookEvent];

export interface VerifyOptions {
  /** how far the signature's time may be from now, in ms (default 5 minutes): a replay later is refused */
  toleranceMs?: number;
  /** epoch ms (default now) */
  now?: number;
}

/**
 * Checks a delivery before anything acts on it: the MAC over the timestamp and the raw body
 * (the bytes as received, before any JSON parsing), compared in constant time, and a timestamp
 * within the tolerance. Returns the parsed message; throws WebhookVerificationError otherwise.
 */
export function verifyWebhook(
  secret: string,
  rawBody: string | Buffer,
  signatureHeader: string | undefined,
  options: VerifyOptions = {},
): WebhookMessage {
  const parts = new Map(
    (signatureHeader ?? "").split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get("t"));
  const given = parts.get("v1") ?? "";
  if (!Number.isSafeInteger(timestamp) || !/^[0-9a-f]{64}$/.test(given)) {
    throw new WebhookVerificationError("malformed_signature", `no valid ${SIGNATURE_HEADER} header`);
  }
  const body = typeof rawBody === "string" ? rawBody : rawBody.toString("utf8");
  const expected = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(given, "hex"))) {
    throw new WebhookVerificationError("bad_signature", "the signature does not match this secret and body");
  }
  if (Math.abs((options.now ?? Date.now()) - timestamp) > (options.toleranceMs ?? 5 * 60_000)) {
    throw new WebhookVerificationError("stale_timestamp", "the signature's time is outside the tolerance");
  }
  let message: { event?: unknown };
  try {
    message = JSON.parse(body);
  } catch {
    throw new WebhookVerificationError("malformed_body", "the body is not JSON");
  }
  if (!(WEBHOOK_EVENTS as readonly unknown[]).includes(message.event)) {
    throw new WebhookVerificationError("malformed_body", `unknown event ${String(message.event)}`);
  }
  return message as WebhookMessage;
}
