// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CONNECT_TIMEOUT_MS, MAX_RETRY_MS, retryDelay, type SocketLike, socketTransport } from "../../client/socket.js";
import type { LinkState } from "../../client/transport.js";

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
  const transport = socketTransport(
    "http://127.0.0.1:8787",
    { room: "demo", token: "jwt" },
    {
      open: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket;
      },
    },
  );
  opened.push(transport);
  transport.onLink((l) => links.push(l.state));
  const last = () => sockets[sockets.length - 1] as FakeSocket;
  const handshake = (pid?: string) => {
    last().serve('0{"sid":"e1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":16384}');
    last().serve(`40${JSON.stringify(pid ? { sid: "s1", pid } : { sid: "s1" })}`);
  };
  return { transport, sockets, links, last, handshake };
}

const opened: { close(): void }[] = [];
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  for (const transport of opened.splice(0)) transport.close();
  vi.useRealTimers();
  vi.restoreAllMocks();
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

  it("waits for a slow handshake, and abandons one that never opens for a new attempt", () => {
    const { links, sockets } = setup();
    // a room of thousands arriving at once can keep a handshake waiting 15 s on a busy server
    vi.advanceTimersByTime(15_000);
    expect(sockets).toHaveLength(1);
    expect(links.at(-1)).not.toBe("reconnecting");
    vi.advanceTimersByTime(CONNECT_TIMEOUT_MS - 15_000);
    expect(links.at(-1)).toBe("reconnecting");
    vi.advanceTimersByTime(MAX_FIRST_DELAY);
    expect(sockets).toHaveLength(2);
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

describe("socket transport: backoff", () => {
  it("doubles the pause from half a second up to a cap of a few seconds", () => {
    const longest = (attempt: number) => retryDelay(attempt, () => 1);
    expect([0, 1, 2, 3, 4, 5, 20, 5000].map(longest)).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000, 5000]);
    expect(MAX_RETRY_MS).toBe(5000);
  });

  it("draws each pause between half and all of it, so viewers do not all knock at once", () => {
    expect(retryDelay(2, () => 0)).toBe(1000);
    expect(retryDelay(2, () => 0.5)).toBe(1500);
    const draws = Array.from({ length: 200 }, () => retryDelay(10));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(2500);
    expect(Math.max(...draws)).toBeLessThanOrEqual(5000);
    expect(new Set(draws).size).toBeGreaterThan(1);
  });

  it("never gives up while the server is away, trying at most a few seconds apart", () => {
    const { sockets, links } = setup();
    const openedAt: number[] = [];
    // every attempt fails at once, as it does while nothing listens on the port
    for (let elapsed = 0; elapsed < 10 * 60_000; elapsed += 100) {
      const socket = sockets[sockets.length - 1] as FakeSocket;
      if (!socket.closed && socket.onclose) {
        openedAt.push(Date.now());
        socket.onclose({});
      }
      vi.advanceTimersByTime(100);
    }
    expect(openedAt.length).toBeGreaterThan(100);
    const gaps = openedAt.slice(1).map((at, i) => at - (openedAt[i] as number));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(MAX_RETRY_MS + 100);
    expect(links).not.toContain("offline");
    expect(links.at(-1)).toBe("reconnecting");
  });

  it("comes back when the server lets go of the socket on a graceful stop or restart", () => {
    const { last, links, handshake, sockets } = setup();
    handshake("p1");
    // what `io.disconnectSockets()` sends before closing: a namespace disconnect
    last().serve("41");
    expect(links.at(-1)).toBe("reconnecting");
    vi.advanceTimersByTime(MAX_FIRST_DELAY);
    expect(sockets).toHaveLength(2);
    handshake("p2");
    expect(links.at(-1)).toBe("online");
  });

  it("tries again after a refusal that carries no code or says the server failed, not after one that says why", () => {
    const { last, links, sockets } = setup();
    last().serve('0{"sid":"e1","pingInterval":25000,"pingTimeout":20000}');
    last().serve('44{"message":"not now"}');
    vi.advanceTimersByTime(MAX_FIRST_DELAY);
    expect(sockets).toHaveLength(2);
    last().serve('0{"sid":"e2","pingInterval":25000,"pingTimeout":20000}');
    last().serve('44{"message":"could not join","data":{"code":"internal"}}');
    vi.advanceTimersByTime(2 * MAX_FIRST_DELAY);
    expect(sockets).toHaveLength(3);
    last().serve('0{"sid":"e3","pingInterval":25000,"pingTimeout":20000}');
    last().serve('44{"message":"no such room","data":{"code":"room_not_found"}}');
    expect(links.at(-1)).toBe("offline");
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(3);
  });

  it("tries at once when the network comes back, instead of waiting out the pause", () => {
    const { sockets } = setup();
    for (let i = 0; i < 6; i++) {
      (sockets[sockets.length - 1] as FakeSocket).onclose?.({});
      vi.advanceTimersByTime(MAX_RETRY_MS);
    }
    const before = sockets.length;
    (sockets[sockets.length - 1] as FakeSocket).onclose?.({});
    window.dispatchEvent(new Event("online"));
    vi.advanceTimersByTime(0);
    expect(sockets).toHaveLength(before + 1);
  });

  it("tries at once when the page is shown again, and replaces a socket that went quiet while hidden", () => {
    const { sockets, handshake, links } = setup();
    handshake();
    let visibility: DocumentVisibilityState = "visible";
    vi.spyOn(document, "visibilityState", "get").mockImplementation(() => visibility);
    // shown again soon after the last ping: the socket is trusted
    vi.advanceTimersByTime(20_000);
    document.dispatchEvent(new Event("visibilitychange"));
    vi.advanceTimersByTime(0);
    expect(sockets).toHaveLength(1);
    // a phone asleep freezes timers; on waking, the socket has not heard a ping for a minute
    visibility = "hidden";
    vi.setSystemTime(Date.now() + 60_000);
    visibility = "visible";
    document.dispatchEvent(new Event("visibilitychange"));
    vi.advanceTimersByTime(0);
    expect(sockets).toHaveLength(2);
    expect(links.at(-1)).toBe("reconnecting");
    // and while it waits between attempts, being shown again skips the pause
    (sockets[1] as FakeSocket).onclose?.({});
    for (let i = 0; i < 5; i++) {
      (sockets[sockets.length - 1] as FakeSocket).onclose?.({});
      vi.advanceTimersByTime(MAX_RETRY_MS);
    }
    const before = sockets.length;
    (sockets[sockets.length - 1] as FakeSocket).onclose?.({});
    document.dispatchEvent(new Event("visibilitychange"));
    vi.advanceTimersByTime(0);
    expect(sockets).toHaveLength(before + 1);
  });

  it("stops listening to the page once closed", () => {
    const { transport, sockets } = setup();
    (sockets[0] as FakeSocket).onclose?.({});
    transport.close();
    window.dispatchEvent(new Event("online"));
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });
});

describe("socket transport: listeners", () => {
  it("logs a throwing listener and skips it: other listeners and the link carry on", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const { transport, last, handshake, links, sockets } = setup();
    const got: unknown[] = [];
    transport.on("wallet", () => {
      throw new Error("page bug");
    });
    transport.on("wallet", (w) => got.push(w));
    transport.onLink(() => {
      throw new Error("link listener bug");
    });
    handshake();
    last().serve('42["wallet",{"delta":5}]');
    last().serve('42["wallet",{"delta":7}]');
    expect(got).toEqual([{ delta: 5 }, { delta: 7 }]);
    expect(links).toEqual(["online"]);
    expect(sockets).toHaveLength(1);
    expect(last().closed).toBe(false);
    expect(errors).toHaveBeenCalledWith("[encore]", 'a listener for "wallet" threw', expect.any(Error));
    expect(errors).toHaveBeenCalledWith("[encore]", "a link listener threw", expect.any(Error));
  });

  it("still drops a frame it cannot read, and comes back", () => {
    const { last, handshake, links, sockets } = setup();
    handshake();
    last().serve("42[not json");
    expect(links.at(-1)).toBe("reconnecting");
    vi.advanceTimersByTime(MAX_FIRST_DELAY);
    expect(sockets).toHaveLength(2);
  });
});

describe("socket transport: calls without a link", () => {
  it("sends what was called while reconnecting once back, in order", async () => {
    const { transport, last, handshake } = setup();
    handshake();
    last().onclose?.({});
    const first = transport.call("comment:send", { text: "hello" });
    const second = transport.call("comment:send", { text: "1" });
    vi.advanceTimersByTime(MAX_FIRST_DELAY);
    handshake();
    expect(last().sent.slice(1)).toEqual(['420["comment:send",{"text":"hello"}]', '421["comment:send",{"text":"1"}]']);
    last().serve('430[{"ok":true,"data":{"accepted":true,"claim":null}}]');
    last().serve('431[{"ok":true,"data":{"accepted":true,"claim":null}}]');
    await expect(first).resolves.toEqual({ ok: true, data: { accepted: true, claim: null } });
    await expect(second).resolves.toMatchObject({ ok: true });
  });

  it("answers `offline` for a call that could not go out in time, and never sends it later", async () => {
    const { transport, last, handshake, sockets } = setup();
    handshake();
    last().onclose?.({});
    const comment = transport.call("comment:send", { text: "typed in a tunnel" });
    // the server stays away past the ack timeout
    for (let i = 0; i < 3; i++) {
      vi.advanceTimersByTime(MAX_RETRY_MS);
      (sockets[sockets.length - 1] as FakeSocket).onclose?.({});
    }
    await expect(comment).resolves.toMatchObject({ ok: false, error: { code: "offline" } });
    vi.advanceTimersByTime(MAX_RETRY_MS);
    handshake();
    expect(last().sent.join()).not.toContain("typed in a tunnel");
  });

  it("answers `timeout` at once for a call in flight when the link drops: its answer is lost with the socket", async () => {
    const { transport, last, handshake } = setup();
    handshake();
    const exchange = transport.call("coupon:exchange", { templateId: "tpl_1" });
    expect(last().sent.at(-1)).toBe('420["coupon:exchange",{"templateId":"tpl_1"}]');
    last().onclose?.({});
    await expect(exchange).resolves.toMatchObject({ ok: false, error: { code: "timeout" } });
  });

  it("answers `offline` at once after the server refused this viewer, and for calls still waiting", async () => {
    const { transport, last } = setup();
    const waiting = transport.call("chest:claim", { chestId: "c1" });
    last().serve('0{"sid":"e1","pingInterval":25000,"pingTimeout":20000}');
    last().serve('44{"message":"expired","data":{"code":"token_expired"}}');
    await expect(waiting).resolves.toMatchObject({ ok: false, error: { code: "offline" } });
    await expect(transport.call("chest:claim", { chestId: "c1" })).resolves.toMatchObject({
      ok: false,
      error: { code: "offline" },
    });
  });
});
