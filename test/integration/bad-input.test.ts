import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientEvent, ServerEvent } from "../../protocol/index.js";
import { call, joinRoom, next, startServer, type TestServer, type TestSocket } from "../../support/server.js";
import { stateFingerprint, watchFor } from "../../support/watch.js";

let server: TestServer;
let socket: TestSocket;
beforeEach(async () => {
  server = await startServer();
  socket = (await joinRoom(server, await server.token("amy"))).socket;
  await watchFor(server, socket, 90, 30);
  server.clock.advance(5000);
});
afterEach(async () => {
  await server.close();
});

type Raw = (...args: unknown[]) => void;
const rawCall = (event: string, ...args: unknown[]) =>
  new Promise<unknown>((resolve) => (socket.emit as unknown as Raw)(event, ...args, resolve));

describe("malformed socket messages", () => {
  it.each([
    ["a wrong type", ClientEvent.beat, [{ playing: "yes", visible: true }], "bad_request"],
    ["an extra field", ClientEvent.beat, [{ playing: true, visible: true, seconds: 600 }], "bad_request"],
    ["no payload", ClientEvent.beat, [], "bad_request"],
    ["null", ClientEvent.beat, [null], "bad_request"],
    ["an array", ClientEvent.beat, [[true, true]], "bad_request"],
    [
      "two payloads",
      ClientEvent.beat,
      [
        { playing: true, visible: true },
        { playing: true, visible: true },
      ],
      "bad_request",
    ],
    [
      "an oversized payload",
      ClientEvent.beat,
      [{ playing: true, visible: true, pad: "x".repeat(5000) }],
      "payload_too_large",
    ],
    ["a chest id too long", ClientEvent.chestClaim, [{ chestId: "c".repeat(65) }], "bad_request"],
    ["a sync with fields", ClientEvent.sync, [{ all: true }], "bad_request"],
  ])("refuses %s with a code and changes nothing", async (_name, event, args, code) => {
    const before = await stateFingerprint(server);
    const result = await rawCall(event, ...args);
    expect(result).toMatchObject({ ok: false, error: { code } });
    expect(await stateFingerprint(server)).toBe(before);
  });

  it("ignores unknown events and messages without an ack, and keeps serving", async () => {
    const before = await stateFingerprint(server);
    (socket.emit as unknown as Raw)("points:give", { points: 1_000_000 });
    (socket.emit as unknown as Raw)(ClientEvent.beat, { playing: "no" });
    const sync = await call(socket, ClientEvent.sync, {});
    expect(sync.ok).toBe(true);
    expect(await stateFingerprint(server)).toBe(before);
  });

  it("closes a socket that sends a frame beyond the transport limit, and stays up", async () => {
    const closed = new Promise((resolve) => socket.once("disconnect", resolve));
    (socket.emit as unknown as Raw)(ClientEvent.beat, { pad: "x".repeat(40_000) });
    await closed;
    const again = await joinRoom(server, await server.token("amy"));
    expect(again.snapshot.wallet).not.toBeNull();
  });

  it("refuses a flood with rate_limited and answers again once it calms down", async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => call(socket, ClientEvent.sync, {})));
    const refused = results.filter((r) => !r.ok && r.error.code === "rate_limited").length;
    expect(refused).toBeGreaterThan(0);
    expect(results.length - refused).toBeLessThanOrEqual(21);
    server.clock.advance(3000);
    expect((await call(socket, ClientEvent.sync, {})).ok).toBe(true);
  });

  it("refuses a second beat within a second", async () => {
    expect((await call(socket, ClientEvent.beat, { playing: true, visible: true })).ok).toBe(true);
    const before = await stateFingerprint(server);
    const again = await call(socket, ClientEvent.beat, { playing: true, visible: true });
    expect(again).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    expect(await stateFingerprint(server)).toBe(before);
  });
});

describe("reconnecting", () => {
  it("keeps no viewer's snapshot for replay: a room arriving at once would hold one per viewer", async () => {
    const arrivals = await Promise.all(
      ["kai", "lin", "mo"].map(async (id) => joinRoom(server, await server.token(id))),
    );
    for (const { snapshot } of arrivals) expect(snapshot.viewer?.id).toBeDefined();
    // the in-memory adapter's replay buffer (connection state recovery)
    const kept = (server.app.io.of("/").adapter as unknown as { packets: { data: unknown[] }[] }).packets;
    expect(kept.filter((p) => p.data[0] === ServerEvent.snapshot)).toEqual([]);
    for (const { socket: other } of arrivals) other.disconnect();
  });

  it("keeps nothing for replay of a push to a viewer with no socket here, nor one that left lately", async () => {
    const kept = () => (server.app.io.of("/").adapter as unknown as { packets: unknown[] }).packets.length;
    const before = kept();
    // a sweep pushes a coupon and a touch to each viewer it sends to, nearly all of them offline
    for (let i = 0; i < 50; i++)
      server.app.ctx.notifier.toViewer(server.shop.id, `away${i}`, ServerEvent.touch, {} as never);
    expect(kept()).toBe(before);
    // a viewer here is pushed to, and the push kept for a reconnect to replay
    const { socket: here } = await joinRoom(server, await server.token("nia"));
    const heard = next(here, ServerEvent.touch, 3000);
    server.app.ctx.notifier.toViewer(server.shop.id, "nia", ServerEvent.touch, {} as never);
    await heard;
    expect(kept()).toBe(before + 1);
    // gone a moment ago, a session of theirs may still be recovered: still pushed and kept
    const gone = new Promise((resolve) => here.once("disconnect", resolve));
    server.app.io.sockets.sockets.get(here.id ?? "")?.disconnect(true);
    await gone;
    server.app.ctx.notifier.toViewer(server.shop.id, "nia", ServerEvent.touch, {} as never);
    expect(kept()).toBe(before + 2);
  });

  it("sends a fresh snapshot after a reconnect the server could not recover", async () => {
    socket.disconnect();
    const snapshot = next(socket, ServerEvent.snapshot, 3000);
    socket.connect();
    expect((await snapshot).wallet?.points).toBe(0);
    expect((await snapshot).watch?.blockProgressSeconds).toBe(90);
  });

  it("recovers a dropped connection with the events it missed, and no snapshot", async () => {
    const adjust = (delta: number, idempotencyKey: string) =>
      fetch(`${server.url}/v1/viewers/amy/points`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.shop.secret}`, "content-type": "application/json" },
        body: JSON.stringify({ delta, idempotencyKey }),
      });
    // the snapshot is the socket's own and kept for no replay: what a reconnect resumes from is
    // the last event it heard since (a room's broadcasts, or, here, its wallet)
    const heard = next(socket, ServerEvent.wallet, 3000);
    expect((await adjust(10, "before-away")).status).toBe(200);
    expect((await heard).wallet.points).toBe(10);
    const snapshots: unknown[] = [];
    socket.on(ServerEvent.snapshot, (s) => snapshots.push(s));
    socket.io.reconnection(true);
    socket.io.reconnectionDelay(50);
    const reconnected = new Promise((resolve) => socket.once("connect", () => resolve(null)));
    // drop the transport from the server's side, as a flaky mobile network would
    server.app.io.sockets.sockets.get(socket.id ?? "")?.conn.close();
    expect((await adjust(50, "while-away")).status).toBe(200);
    const missed = next(socket, ServerEvent.wallet, 3000);
    await reconnected;
    expect(socket.recovered).toBe(true);
    expect((await missed).wallet.points).toBe(60);
    expect(snapshots).toEqual([]);
  });
});
