import type { ClientErrorCode, ErrorCode } from "../protocol/errors.js";
import type { ClientToServerEvents, ServerToClientEvents } from "../protocol/events.js";
import type { Ack } from "../protocol/wire.js";

export type ServerEventName = keyof ServerToClientEvents;
export type ServerData<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];
export type ClientEventName = keyof ClientToServerEvents;
export type ClientData<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[0];
export type AckData<E extends ClientEventName> =
  Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends Ack<infer T> ? T : never;

/** Every code a call can be answered with: the server's, plus the transport's own. */
export type AckCode = ErrorCode | ClientErrorCode;

/**
 * How the link to the server stands. "reconnecting": it was lost (or never made) and the transport
 * is trying again by itself, keeping the last values on screen as stale; "offline": the server
 * refused the handshake with a code (`error` says why), and nothing is tried until `reconnect()`.
 */
export type LinkState =
  | { state: "connecting" }
  | { state: "online" }
  | { state: "reconnecting" }
  | { state: "offline"; error: string };

/**
 * Everything the widget's and the console's models know of the network. client/socket.ts is the
 * one implementation; tests drive the models with a fake that implements this.
 */
export interface Transport {
  /** listens to one server event; a listener that throws is logged and skipped */
  on<E extends ServerEventName>(event: E, listener: (data: ServerData<E>) => void): () => void;
  /**
   * Sends one client event and resolves with its ack. Without a link the call waits for the link
   * to come back; it resolves `offline` if it could not be sent in time, `timeout` if it was sent
   * and no answer came.
   */
  call<E extends ClientEventName>(event: E, payload: ClientData<E>): Promise<Ack<AckData<E>>>;
  /** the link as it stands now */
  readonly link: LinkState;
  /** hears every change of the link from now on */
  onLink(listener: (link: LinkState) => void): () => void;
  /** tries again now, also after a refusal */
  reconnect(): void;
  close(): void;
}
