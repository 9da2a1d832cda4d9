import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../protocol/events.js";
import type { Ack, AckFn } from "../../protocol/wire.js";

export type HostCall = keyof ClientToServerEvents;
export type HostPush = keyof ServerToClientEvents;
export type CallPayload<E extends HostCall> = Parameters<ClientToServerEvents[E]>[0];
export type CallData<E extends HostCall> = Parameters<ClientToServerEvents[E]>[1] extends AckFn<infer T> ? T : never;
export type PushData<E extends HostPush> = Parameters<ServerToClientEvents[E]>[0];

/** A server's ack, or the transport's own answer when none came in time. */
export type HostAck<T> = Ack<T> | { ok: false; error: { code: "timeout"; message: string } };

/** Why the connection is not (or no longer) usable: a handshake refusal's code, or a dropped link. */
export type LinkStatus = { state: "connecting" } | { state: "open" } | { state: "refused"; code: string };

/**
 * What the console's models talk to. The socket.io transport implements it for the real server;
 * tests pass a fake, so nothing above this line knows there is a socket.
 */
export interface HostTransport {
  call<E extends HostCall>(event: E, payload: CallPayload<E>): Promise<HostAck<CallData<E>>>;
  on<E extends HostPush>(event: E, listener: (data: PushData<E>) => void): () => void;
  onStatus(listener: (status: LinkStatus) => void): () => void;
  close(): void;
}

export interface SocketTransportOptions {
  server: string;
  room: string;
  token?: string;
  /** an ack that takes longer than this is answered as a timeout */
  ackTimeoutMs?: number;
}

/** The console's link to a real server: socket.io, websocket first, acks with timeouts. */
export function socketTransport(options: SocketTransportOptions): HostTransport {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(options.server, {
    auth: { room: options.room, ...(options.token ? { token: options.token } : {}) },
    transports: ["websocket", "polling"],
    forceNew: true,
  });
  const timeout = options.ackTimeoutMs ?? 8000;
  const raw = socket as unknown as {
    on(event: string, listener: (data: unknown) => void): void;
    off(event: string, listener: (data: unknown) => void): void;
    timeout(ms: number): {
      emit(event: string, payload: unknown, ack: (err: Error | null, result: unknown) => void): void;
    };
  };
  return {
    call(event, payload) {
      return new Promise((resolve) => {
        raw.timeout(timeout).emit(event, payload, (err, result) => {
          resolve(
            err
              ? { ok: false, error: { code: "timeout", message: "the server did not answer in time" } }
              : (result as Ack<never>),
          );
        });
      });
    },
    on(event, listener) {
      const l = listener as (data: unknown) => void;
      raw.on(event, l);
      return () => raw.off(event, l);
    },
    onStatus(listener) {
      const open = () => listener({ state: "open" });
      const refused = (error: Error & { data?: { code?: string } }) =>
        listener({ state: "refused", code: error.data?.code ?? "unreachable" });
      const dropped = () => listener({ state: "connecting" });
      socket.on("connect", open);
      socket.on("connect_error", refused);
      socket.on("disconnect", dropped);
      if (socket.connected) open();
      return () => {
        socket.off("connect", open);
        socket.off("connect_error", refused);
        socket.off("disconnect", dropped);
      };
    },
    close() {
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
