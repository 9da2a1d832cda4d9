import type { ErrorCode } from "../protocol/errors.js";
import type { ClientToServerEvents, ServerToClientEvents } from "../protocol/events.js";
import type { Ack } from "../protocol/wire.js";

export type ServerEventName = keyof ServerToClientEvents;
export type ServerData<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];
export type ClientEventName = keyof ClientToServerEvents;
export type ClientData<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[0];
export type AckData<E extends ClientEventName> =
  Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends Ack<infer T> ? T : never;

/** What the widget can be told went wrong: the server's codes, plus no answer in time. */
export type WidgetErrorCode = ErrorCode | "timeout";

/**
 * Codes only the shop's backend (checkout, orders) or the host console ever receive. The viewer's
 * script tag carries no sentences for them, to stay inside its size budget; should one reach a
 * viewer anyway, it reads the generic sentence.
 */
export type BackOfficeErrorCode =
  | "room_exists"
  | "idempotency_conflict"
  | "offer_live"
  | "stock_invalid"
  | "duration_invalid"
  | "template_not_found"
  | "product_not_found"
  | "product_exists"
  | "coupon_not_found"
  | "coupon_expired"
  | "coupon_used"
  | "coupon_revoked"
  | "coupon_other_viewer"
  | "coupon_below_threshold"
  | "order_not_found"
  | "order_conflict"
  | "amount_invalid"
  | "points_cap"
  | "experiment_not_found"
  | "experiment_conflict"
  | "experiment_invalid"
  | "webhook_url_refused"
  | "shop_not_found";

/** Every code a viewer's socket can be answered with: each has a sentence in both locales. */
export type ViewerErrorCode = Exclude<WidgetErrorCode, BackOfficeErrorCode>;
export type Result<T> = { ok: true; data: T } | { ok: false; error: { code: WidgetErrorCode; message: string } };

/**
 * How the link to the server stands. "reconnecting" keeps the last values on screen (stale);
 * "offline" means it stopped trying: the handshake was refused (`error` says why) or retries ran out.
 */
export type LinkState =
  | { state: "connecting" }
  | { state: "online" }
  | { state: "reconnecting" }
  | { state: "offline"; error: string | null };

/**
 * Everything the models know of the network. The socket.io implementation is in
 * transport-socket.ts; tests drive the models with a fake that implements this.
 */
export interface Transport {
  on<E extends ServerEventName>(event: E, listener: (data: ServerData<E>) => void): () => void;
  /** sends one client event; resolves with its ack, or a `timeout` refusal when none comes */
  call<E extends ClientEventName>(event: E, payload: ClientData<E>): Promise<Result<AckData<E>>>;
  onLink(listener: (link: LinkState) => void): () => void;
  /** tries again after going offline */
  reconnect(): void;
  close(): void;
}
