import type { ClientErrorCode } from "../protocol/errors.js";
import type { Ack } from "../protocol/wire.js";
import { notify } from "./notify.js";
import type { LinkState, Transport } from "./transport.js";

const ACK_TIMEOUT_MS = 8000;
/**
 * An attempt that has not opened by then (a network that swallows packets) counts as failed. Long
 * enough that a room arriving all at once, thousands of handshakes queued on a busy server, is
 * waited for: abandoning a slow handshake and trying again only adds another to the queue.
 */
export const CONNECT_TIMEOUT_MS = 20_000;
const FIRST_RETRY_MS = 500;
/** a viewer waits at most this long between attempts, however long the server has been away */
export const MAX_RETRY_MS = 5000;
/** handshake refusals that mean "not now" rather than "not you": tried again like a dropped link */
const PASSING_REFUSALS = ["internal", "rate_limited"];

/** What the transport needs of a WebSocket; the browser's, `ws` in Node, or a fake in tests. */
export interface SocketLike {
  readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(): void;
}
export type SocketFactory = (url: string) => SocketLike;

export interface SocketOptions {
  /** opens the WebSocket; the browser's by default */
  open?: SocketFactory;
  /** a call sent without an answer for this long resolves `timeout`; unsent, `offline` */
  ackTimeoutMs?: number;
}

/**
 * The pause before retry number `attempt` (from 0): doubling from half a second up to
 * MAX_RETRY_MS, each drawn between half and all of that, so the viewers of a restarted server
 * do not all knock in the same instant.
 */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt) * (0.5 + random() / 2);
}

interface PendingCall {
  /** the encoded call until it has gone out on a socket, then null */
  packet: string | null;
  settle(ack: Ack<never>): void;
}

const refusal = (code: ClientErrorCode, message: string) => ({ ok: false, error: { code, message } }) as Ack<never>;
const NOT_SENT = refusal("offline", "not sent: there was no link to the server");
const NO_ANSWER = refusal("timeout", "the server did not answer in time");

/**
 * The one client of the Encore socket for the widget and the console: socket.io's wire protocol
 * (socket.io v5 over engine.io v4, websocket only, text packets, default namespace) in a size the
 * script tag's budget allows. Acks with timeouts; calls wait for the link while it is down;
 * connection state recovery (pid + offset); and it always comes back: after a drop, a server
 * that went quiet, or a server that stopped or restarted, it retries with jittered backoff for as
 * long as the page is open, at once when the network returns or the page is shown again. Only a
 * handshake refused with a code (bad token, origin, room) stops it until `reconnect()`.
 */
export function socketTransport(
  server: string,
  auth: { room: string; token?: string; ref?: string | null },
  options: SocketOptions = {},
): Transport {
  const open = options.open ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  const ackTimeoutMs = options.ackTimeoutMs ?? ACK_TIMEOUT_MS;
  const url = `${server.replace(/^http/, "ws").replace(/\/$/, "")}/socket.io/?EIO=4&transport=websocket`;
  const win = typeof window === "undefined" ? null : window;
  const listeners = new Map<string, Set<(data: never) => void>>();
  const linkListeners = new Set<(link: LinkState) => void>();
  const pending = new Map<number, PendingCall>();
  let link: LinkState = { state: "connecting" };
  let ws: SocketLike | null = null;
  let connected = false;
  let stopped = false;
  let attempts = 0;
  let nextId = 0;
  let pid: string | null = null;
  let offset: string | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setTimeout> | undefined;
  let pingWindow = 0;
  let heardAt = 0;

  const report = (next: LinkState) => {
    link = next;
    notify(linkListeners, next, "a link listener");
  };
  const transmit = (call: PendingCall) => {
    if (call.packet === null) return;
    ws?.send(call.packet);
    call.packet = null;
  };
  const drop = () => {
    clearTimeout(pingTimer);
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      ws.close();
    }
    ws = null;
    connected = false;
    // an ack belongs to the socket its call went out on: a call in flight now will never hear back
    for (const call of [...pending.values()]) if (call.packet === null) call.settle(NO_ANSWER);
  };
  const retry = (delay: number) => {
    drop();
    if (stopped) return;
    report({ state: "reconnecting" });
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, delay);
  };
  /** the socket closed, the server let go of it or went quiet: come back after a jittered pause */
  const lost = () => retry(retryDelay(attempts++));
  /** the server refused this viewer: say why, and answer waiting calls instead of holding them */
  const refused = (code: string) => {
    drop();
    for (const call of [...pending.values()]) call.settle(NOT_SENT);
    report({ state: "offline", error: code });
  };
  /**
   * The network is back or the page is shown again: do not wait out the pause, and do not trust a
   * socket that has not heard a ping in time (a phone that slept keeps dead sockets "open").
   */
  const wake = () => {
    if (stopped || link.state === "offline" || (connected && Date.now() - heardAt < pingWindow)) return;
    retry(0);
  };
  const onVisibility = () => {
    if (win?.document.visibilityState === "visible") wake();
  };
  const heard = () => {
    heardAt = Date.now();
    clearTimeout(pingTimer);
    pingTimer = setTimeout(lost, pingWindow);
  };

  function onPacket(packet: string) {
    const type = packet[0];
    const body = packet.slice(1);
    if (type === "0") {
      // connect to the namespace; resume the session if the server kept it
      const info = JSON.parse(body) as { pingInterval: number; pingTimeout: number };
      pingWindow = info.pingInterval + info.pingTimeout;
      heard();
      ws?.send(`40${JSON.stringify(pid ? { ...auth, pid, offset } : auth)}`);
    } else if (type === "2") {
      heard();
      ws?.send("3");
    } else if (type === "1") lost();
    else if (type === "4") onMessage(body);
  }

  function onMessage(message: string) {
    const type = message[0];
    const rest = message.slice(1);
    if (type === "0") {
      const info = JSON.parse(rest || "{}") as { pid?: string };
      if (info.pid !== pid) offset = null;
      pid = info.pid ?? null;
      connected = true;
      attempts = 0;
      // what waited for the link goes out first, in the order it was called
      for (const call of pending.values()) transmit(call);
      report({ state: "online" });
    } else if (type === "4") {
      const code = (JSON.parse(rest || "{}") as { data?: { code?: unknown } }).data?.code;
      if (typeof code === "string" && !PASSING_REFUSALS.includes(code)) refused(code);
      else lost();
    } else if (type === "1") {
      // the server let go of this socket, as it does when it stops or restarts: come back
      lost();
    } else if (type === "2" || type === "3") {
      const start = rest.indexOf("[");
      const id = start > 0 ? Number(rest.slice(0, start)) : null;
      const args = JSON.parse(rest.slice(start)) as unknown[];
      if (type === "3") {
        if (id !== null) pending.get(id)?.settle(args[0] as Ack<never>);
        return;
      }
      const [name, data] = args as [string, never];
      const last = args[args.length - 1];
      if (pid && args.length > 2 && typeof last === "string") offset = last;
      notify(listeners.get(name), data, `a listener for "${name}"`);
    }
  }

  function connect() {
    drop();
    if (stopped) return;
    let socket: SocketLike;
    try {
      socket = open(url);
    } catch {
      return lost();
    }
    ws = socket;
    pingTimer = setTimeout(lost, CONNECT_TIMEOUT_MS);
    socket.onmessage = (event) => {
      if (typeof event.data !== "string") return;
      // only a frame that cannot be read drops the link; listeners' errors stop at notify()
      try {
        onPacket(event.data);
      } catch {
        lost();
      }
    };
    socket.onclose = socket.onerror = lost;
  }

  win?.addEventListener("online", wake);
  win?.document.addEventListener("visibilitychange", onVisibility);
  connect();

  return {
    get link() {
      return link;
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (data: never) => void);
      return () => set.delete(listener as (data: never) => void);
    },
    call(event, payload) {
      return new Promise((resolve) => {
        if (stopped || link.state === "offline") return resolve(NOT_SENT);
        const id = nextId++;
        const call: PendingCall = {
          packet: `42${id}${JSON.stringify([event, payload])}`,
          settle(ack) {
            clearTimeout(timer);
            pending.delete(id);
            resolve(ack);
          },
        };
        const timer = setTimeout(() => call.settle(call.packet === null ? NO_ANSWER : NOT_SENT), ackTimeoutMs);
        pending.set(id, call);
        if (connected) transmit(call);
      });
    },
    onLink(listener) {
      linkListeners.add(listener);
      return () => linkListeners.delete(listener);
    },
    reconnect() {
      if (stopped) return;
      clearTimeout(retryTimer);
      attempts = 0;
      report({ state: "connecting" });
      connect();
    },
    close() {
      if (stopped) return;
      stopped = true;
      clearTimeout(retryTimer);
      win?.removeEventListener("online", wake);
      win?.document.removeEventListener("visibilitychange", onVisibility);
      if (connected) ws?.send("41");
      drop();
      for (const call of [...pending.values()]) call.settle(NOT_SENT);
      listeners.clear();
      linkListeners.clear();
    },
  };
}
