import { io } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type SocketLike, socketTransport } from "../../client/socket.js";
import type { LinkState, Transport } from "../../client/transport.js";
import { ClientEvent, type HostEvent, ServerEvent } from "../../protocol/events.js";
import type { Snapshot } from "../../protocol/wire.js";
import { postChange } from "../../server/services/points.js";
import { openStore } from "../../server/store/database.js";
import { ensureViewer } from "../../server/store/viewers.js";
import { joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { startServer, type TestServer } from "../../support/server.js";

/**
 * The one browser client (client/socket.ts, here over `ws`) against the real server: admission,
 * pushes, acks, refusals, a throwing listener, and a server that stops and starts again.
 */
describe("socket client against a real server", () => {
  let server: TestServer;
  const open: Transport[] = [];
  beforeAll(async () => {
    server = await startServer();
  });
  afterEach(() => {
    for (const t of open.splice(0)) t.close();
  });
  afterAll(async () => {
    await server?.close();
  });

  const connect = (token?: string, ackTimeoutMs?: number) => {
    const transport = socketTransport(
      server.url,
      { room: server.roomId, ...(token ? { token } : {}) },
      { open: (url) => new WebSocket(url) as unknown as SocketLike, ...(ackTimeoutMs ? { ackTimeoutMs } : {}) },
    );
    open.push(transport);
    return transport;
  };
  const nextStatus = (t: Transport) =>
    new Promise<LinkState>((resolve) => {
      const off = t.onLink((s) => {
        off();
        resolve(s);
      });
    });
  const nextLink = (t: Transport, state: LinkState["state"]) =>
    new Promise<LinkState>((resolve) => {
      const off = t.onLink((s) => {
        if (s.state !== state) return;
        off();
        resolve(s);
      });
    });
  const nextSnapshot = (t: Transport) =>
    new Promise<Snapshot>((resolve) => {
      const off = t.on(ServerEvent.snapshot, (snapshot) => {
        off();
        resolve(snapshot);
      });
    });

  it("opens, receives the snapshot with the host's role, and answers calls through acks", async () => {
    const transport = connect(await server.token("host-lin", { role: "host", name: "Lin" }));
    const snapshot = nextSnapshot(transport);
    expect(await nextStatus(transport)).toEqual({ state: "online" });
    expect((await snapshot).viewer).toEqual({ id: "host-lin", name: "Lin", role: "host" });
    const ack = await transport.call(ClientEvent.sync, {});
    expect(ack.ok && ack.data.room.id).toBe(server.roomId);
  });

  it("reports a refused handshake with the server's code", async () => {
    const transport = connect(await server.token("host-lin", { role: "host" }, "sk_another_shops_secret_0000000000"));
    expect(await nextStatus(transport)).toEqual({ state: "offline", error: "token_invalid" });
  });

  it("answers a call the server never acknowledges with a timeout, not a hang", async () => {
    const transport = connect(await server.token("host-lin", { role: "host" }), 300);
    await nextStatus(transport);
    // a name the server has no handler for (as an older server would treat a newer console's call) gets no ack
    const ack = await transport.call("host:not-a-handler" as typeof HostEvent.stats, {});
    expect(ack).toEqual({ ok: false, error: { code: "timeout", message: "the server did not answer in time" } });
  });

  it("close() leaves the room: the server no longer holds the console's socket", async () => {
    const transport = connect(await server.token("host-close", { role: "host" }));
    await nextStatus(transport);
    const held = async () =>
      (await server.app.io.fetchSockets()).filter((s) => s.data.identity?.viewerId === "host-close").length;
    expect(await held()).toBe(1);
    transport.close();
    await expect.poll(held).toBe(0);
  });

  it("keeps the connection when a listener throws", async () => {
    const transport = connect(await server.token("amy-throws"));
    const thrown: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => thrown.push(args);
    try {
      transport.on(ServerEvent.snapshot, () => {
        throw new Error("a page's handler is broken");
      });
      const snapshot = nextSnapshot(transport);
      await nextLink(transport, "online");
      await snapshot;
      expect(thrown).toHaveLength(1);
      // still the same socket: the call is answered, and the server holds one socket for this viewer
      const ack = await transport.call(ClientEvent.sync, {});
      expect(ack.ok).toBe(true);
      expect(transport.link).toEqual({ state: "online" });
      const held = (await server.app.io.fetchSockets()).filter((s) => s.data.identity?.viewerId === "amy-throws");
      expect(held).toHaveLength(1);
    } finally {
      console.error = original;
    }
  });

  it("comes back by itself after the server stops and starts again on the same port and database, with a fresh snapshot", async () => {
    const transport = connect(await server.token("amy-back", { name: "Amy" }));
    const first = nextSnapshot(transport);
    await nextLink(transport, "online");
    expect((await first).wallet?.points).toBe(0);

    // a graceful stop, as SIGTERM does: every socket is let go of
    const dropped = nextLink(transport, "reconnecting");
    await server.stop();
    await dropped;
    // typed while the server is away: held, then sent once it is back
    const comment = transport.call(ClientEvent.comment, { text: "still here?" });
    // what changed while the server was down reaches the viewer only through the snapshot
    const store = await openStore(server.dbUrl);
    await store.db.transaction().execute(async (trx) => {
      await ensureViewer(trx, server.shop.id, "amy-back", {}, server.clock.now());
      await postChange(
        trx,
        store.dialect,
        server.shop.id,
        "amy-back",
        { delta: 500, growthDelta: 0, reason: "adjust", ref: "while down", idempotencyKey: "amy-back:down" },
        server.clock.now(),
      );
    });
    await store.close();
    const fresh = nextSnapshot(transport);
    const back = nextLink(transport, "online");
    await server.restart();

    await back;
    expect((await fresh).wallet?.points).toBe(500);
    const ack = await comment;
    expect(ack).toEqual({ ok: true, data: { accepted: true, claim: null } });
    // and the room goes on: a deal the host starts now reaches the viewer
    const offer = new Promise<string>((resolve) => transport.on(ServerEvent.offer, (o) => resolve(o.status)));
    const host = await joinAsHost(server, "host-after-restart");
    await startOffer(host, (await makeTemplate(host)).id);
    expect(await offer).toBe("live");
    host.disconnect();
  }, 30_000);

  it("answers a comment `offline` when the server stays away past the ack timeout, then comes back", async () => {
    const transport = connect(await server.token("amy-away"), 1500);
    await nextLink(transport, "online");
    const dropped = nextLink(transport, "reconnecting");
    await server.stop();
    await dropped;
    const ack = await transport.call(ClientEvent.comment, { text: "lost in a tunnel" });
    expect(ack).toMatchObject({ ok: false, error: { code: "offline" } });
    const back = nextLink(transport, "online");
    await server.restart();
    await back;
    const again = await transport.call(ClientEvent.comment, { text: "back" });
    expect(again).toEqual({ ok: true, data: { accepted: true, claim: null } });
  }, 30_000);

  it("a graceful stop lets go of sockets without telling them to stay away: socket.io-client comes back too", async () => {
    // a client that reads a namespace disconnect as "do not reconnect" (socket.io-client; a widget cached from before)
    const socket = io(server.url, {
      auth: { room: server.roomId, token: await server.token("amy-sio") },
      transports: ["websocket"],
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
    });
    try {
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      const reason = new Promise<string>((resolve) => socket.once("disconnect", (r) => resolve(r)));
      await server.stop();
      expect(await reason).not.toBe("io server disconnect");
      const back = new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      await server.restart();
      await back;
      expect(socket.connected).toBe(true);
    } finally {
      socket.disconnect();
    }
  }, 30_000);
});
