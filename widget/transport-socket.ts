import type { Ack } from "../protocol/wire.js";
import type { LinkState, Result, Transport } from "./transport.js";

const ACK_TIMEOUT_MS = 8000;
const MAX_ATTEMPTS = 30;
const MAX_DELAY_MS = 10_000;

/** What the transport needs of a WebSocket; the browser's, or a fake in tests. */
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

/**
 * The socket.io client side of the wire protocol (socket.io v5 over engine.io v4, websocket
 * only, text packets, default namespace), small enough for the script tag's budget: the full
 * socket.io-client is ~11 KB gzip, most of it for transports and binary packets the widget never
 * uses. It keeps what the widget relies on: acks, buffered emits while reconnecting, reconnection
 * with backoff, connection state recovery (pid + offset), and handshake refusals with their code.
 */
export function socketTransport(
  server: string,
  auth: { room: string; token?: string },
  open: SocketFactory = (url) => new WebSocket(url) as unknown as SocketLike,
): Transport {
  const url = `${server.replace(/^http/, "ws").replace(/\/$/, "")}/socket.io/?EIO=4&transport=websocket`;
  const listeners = new Map<string, Set<(data: never) => void>>();
  const linkListeners = new Set<(link: LinkState) => void>();
  const pending = new Map<number, (result: Result<never>) => void>();
  let buffer: string[] = [];
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

  const report = (link: LinkState) => {
    for (const listener of [...linkListeners]) listener(link);
  };
  const send = (packet: string) => {
    if (connected && ws) ws.send(packet);
    else buffer.push(packet);
  };
  const drop = () => {
    clearTimeout(pingTimer);
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      ws.close();
    }
    ws = null;
    connected = false;
  };
  /** the server went quiet or the socket closed: try again with backoff, or give up */
  const lost = () => {
    drop();
    if (stopped) return;
    if (attempts >= MAX_ATTEMPTS) {
      report({ state: "offline", error: null });
      return;
    }
    report({ state: "reconnecting" });
    const delay = Math.min(MAX_DELAY_MS, 500 * 2 ** attempts) * (0.5 + Math.random() / 2);
    attempts++;
    retryTimer = setTimeout(connect, delay);
  };
  const refused = (code: string | null) => {
    drop();
    report({ state: "offline", error: code });
  };
  const heard = () => {
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
      report({ state: "online" });
      const queued = buffer;
      buffer = [];
      for (const packet of queued) ws?.send(packet);
    } else if (type === "4") {
      const error = JSON.parse(rest || "{}") as { data?: { code?: unknown } };
      refused(typeof error.data?.code === "string" ? error.data.code : null);
    } else if (type === "1") {
      // the server closed this socket on purpose: do not come back on our own
      refused(null);
    } else if (type === "2" || type === "3") {
      const start = rest.indexOf("[");
      const id = start > 0 ? Number(rest.slice(0, start)) : null;
      const args = JSON.parse(rest.slice(start)) as unknown[];
      if (type === "3") {
        if (id !== null) pending.get(id)?.(args[0] as Result<never>);
        return;
      }
      const [name, data] = args as [string, never];
      const last = args[args.length - 1];
      if (pid && args.length > 2 && typeof last === "string") offset = last;
      for (const listener of [...(listeners.get(name) ?? [])]) listener(data);
    }
  }

  function connect() {
    drop();
    if (stopped) return;
    const socket = open(url);
    ws = socket;
    socket.onmessage = (event) => {
      if (typeof event.data !== "string") return;
      try {
        onPacket(event.data);
      } catch {
        lost();
      }
    };
    socket.onclose = lost;
    socket.onerror = lost;
  }

  report({ state: "connecting" });
  connect();

  return {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (data: never) => void);
      return () => set.delete(listener as (data: never) => void);
    },
    call(event, payload) {
      return new Promise((resolve) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          buffer = buffer.filter((p) => p !== packet);
          resolve({ ok: false, error: { code: "timeout", message: "no answer in time" } });
        }, ACK_TIMEOUT_MS);
        pending.set(id, (result) => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(result as Ack<never>);
        });
        const packet = `42${id}${JSON.stringify([event, payload])}`;
        send(packet);
      });
    },
    onLink(listener) {
      linkListeners.add(listener);
      return () => linkListeners.delete(listener);
    },
    reconnect() {
      clearTimeout(retryTimer);
      attempts = 0;
      report({ state: "connecting" });
      connect();
    },
    close() {
      stopped = true;
      clearTimeout(retryTimer);
      if (connected) ws?.send("41");
      drop();
      listeners.clear();
      linkListeners.clear();
      for (const resolve of pending.values())
        resolve({ ok: false, error: { code: "timeout", message: "closed" } } as Result<never>);
      pending.clear();
    },
  };
}
