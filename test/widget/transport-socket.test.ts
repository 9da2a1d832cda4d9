import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LinkState } from "../../widget/transport.js";
import { type SocketLike, socketTransport } from "../../widget/transport-socket.js";

/** A WebSocket the test plays the server for, frame by frame (engine.io v4 / socket.io v5 text packets). */
class FakeSocket implements SocketLike {
  readyState = 1;
  sent: string[] = [];
  closed = false;
  onopen: SocketLike["onopen"] = null;
  onmessage: SocketLike["onmessage"] = null;
  onclose: SocketLike["onclose"] = null;
  onerror: SocketLike["onerror"] = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
  serve(data: string) {
    this.onmessage?.({ data });
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const links: LinkState["state"][] = [];
  const transport = socketTransport("http://127.0.0.1:8787", { room: "demo", token: "jwt" }, (url) => {
    const socket = new FakeSocket(url);
    sockets.push(socket);
    return socket;
  });
  transport.onLink((l) => links.push(l.state));
  const last = () => sockets[sockets.length - 1] as FakeSocket;
  const handshake = (pid?: string) => {
    last().serve('0{"sid":"e1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":16384}');
    last().serve(`40${JSON.stringify(pid ? { sid: "s1", pid } : { sid: "s1" })}`);
  };
  return { transport, sockets, links, last, handshake };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("socket transport (socket.io wire protocol)", () => {
  it("connects over websocket with the room and token, answers pings and delivers events", () => {
    const { transport, last, handshake, links } = setup();
    expect(last().url).toBe("ws://127.0.0.1:8787/socket.io/?EIO=4&transport=websocket");
    const got: unknown[] = [];
    transport.on("wallet", (w) => got.push(w));
    handshake();
    expect(last().sent[0]).toBe('40{"room":"demo","token":"jwt"}');
    expect(links).toEqual(["online"]);
    last().serve("2");
    expect(last().sent.at(-1)).toBe("3");
    last().serve('42["wallet",{"delta":5}]');
    expect(got).toEqual([{ delta: 5 }]);
  });

  it("sends calls with ack ids, buffers them until connected, and times out without an answer", async () => {
    const { transport, last, handshake } = setup();
    const first = transport.call("watch:beat", { playing: true, visible: true });
    expect(last().sent).toEqual([]);
    handshake();
    expect(last().sent.at(-1)).toBe('420["watch:beat",{"playing":true,"visible":true}]');
    last().serve('430[{"ok":true,"data":{"creditedSeconds":30}}]');
    await expect(first).resolves.toEqual({ ok: true, data: { creditedSeconds: 30 } });
    const second = transport.call("snapshot:get", {});
    vi.advanceTimersByTime(9000);
    await expect(second).resolves.toMatchObject({ ok: false, error: { code: "timeout" } });
  });

  it("reports a refused handshake as offline with its code, and does not retry", () => {
    const { last, links, sockets } = setup();
    last().serve('0{"sid":"e1","pingInterval":25000,"pingTimeout":20000}');
    last().serve('44{"message":"expired","data":{"code":"token_expired"}}');
    expect(links.at(-1)).toBe("offline");
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });

  it("reconnects with backoff after a drop and asks to recover the session", () => {
    const { last, links, handshake, sockets } = setup();
    handshake("p1");
    last().serve('42["comments",{"count":1},"offset-7"]');
    last().onclose?.({});
    expect(links.at(-1)).toBe("reconnecting");
    vi.advanceTimersByTime(MAX_FIRST_DELAY);
    expect(sockets).toHaveLength(2);
    last().serve('0{"sid":"e2","pingInterval":25000,"pingTimeout":20000}');
    expect(last().sent[0]).toBe('40{"room":"demo","token":"jwt","pid":"p1","offset":"offset-7"}');
  });

  it("treats a silent server as a drop", () => {
    const { links, handshake } = setup();
    handshake();
    vi.advanceTimersByTime(45_001);
    expect(links.at(-1)).toBe("reconnecting");
  });

  it("close() stops everything and says goodbye", () => {
    const { transport, last, handshake, sockets } = setup();
    handshake();
    const socket = last();
    transport.close();
    expect(socket.sent.at(-1)).toBe("41");
    expect(socket.closed).toBe(true);
    vi.advanceTimersByTime(120_000);
    expect(sockets).toHaveLength(1);
  });
});

const MAX_FIRST_DELAY = 500;
