import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientEvent, DEFAULT_CONFIG, ServerEvent, type WalletUpdate } from "../../protocol/index.js";
import { creditIfUnchanged, findWatchState } from "../../server/store/watch.js";
import { call, joinRoom, next, startServer, type TestServer } from "../../support/server.js";
import { balanceOf, watchedMsOf, watchFor } from "../../support/watch.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

const putConfig = async (config: unknown) => {
  const res = await fetch(`${server.url}/v1/config`, {
    method: "PUT",
    headers: { authorization: `Bearer ${server.shop.secret}`, "content-type": "application/json" },
    body: JSON.stringify(config),
  });
  expect(res.status).toBe(200);
};

/** Two sockets of one viewer (two tabs), each with its stretch of watching opened. */
const twoWatchingSockets = async (viewerId: string) => {
  const token = await server.token(viewerId);
  const sockets = [(await joinRoom(server, token)).socket, (await joinRoom(server, token)).socket] as const;
  for (const socket of sockets) await call(socket, ClientEvent.beat, { playing: true, visible: true });
  return sockets;
};

describe("verified watch time over a real socket", () => {
  it("pays 10 points for each full 10 minutes, nothing for the partial rest", async () => {
    const { socket, snapshot } = await joinRoom(server, await server.token("amy"));
    expect(snapshot.wallet?.points).toBe(0);
    expect(snapshot.watch?.nextBlockPoints).toBe(10);

    expect(await watchFor(server, socket, 9 * 60 + 59, 30)).toBe(599);
    expect(await balanceOf(server, "amy")).toEqual({ points: 0, growth: 0 });

    const update = next(socket, ServerEvent.wallet);
    server.clock.advance(1000);
    const beat = await call(socket, ClientEvent.beat, { playing: true, visible: true });
    expect(beat.ok && beat.data.creditedSeconds).toBe(1);
    expect((await update).delta).toBe(10);
    expect(await balanceOf(server, "amy")).toEqual({ points: 10, growth: 10 });
  });

  it("credits at most 45 s for one beat, and nothing while paused or hidden", async () => {
    const { socket } = await joinRoom(server, await server.token("amy"));
    await call(socket, ClientEvent.beat, { playing: true, visible: true });
    server.clock.advance(5 * 60_000);
    const late = await call(socket, ClientEvent.beat, { playing: false, visible: true });
    expect(late.ok && late.data.creditedSeconds).toBe(45);

    server.clock.advance(30_000);
    const paused = await call(socket, ClientEvent.beat, { playing: true, visible: true });
    expect(paused.ok && paused.data.creditedSeconds).toBe(0);

    // the first hidden beat closes the stretch the last beat opened; after it nothing counts
    expect(await watchFor(server, socket, 10 * 60, 30, { playing: true, visible: false }, false)).toBe(30);
  });

  it("counts two sockets of one viewer as one", async () => {
    const [a, b] = await twoWatchingSockets("amy");
    let credited = 0;
    for (let t = 0; t < 20 * 60; t += 30) {
      server.clock.advance(15_000);
      const ra = await call(a, ClientEvent.beat, { playing: true, visible: true });
      server.clock.advance(15_000);
      const rb = await call(b, ClientEvent.beat, { playing: true, visible: true });
      credited += (ra.ok ? ra.data.creditedSeconds : 0) + (rb.ok ? rb.data.creditedSeconds : 0);
    }
    expect(credited).toBe(20 * 60);
    expect((await balanceOf(server, "amy")).points).toBe(20);
  });

  it("counts two sockets of one viewer beating at the same instant as one", async () => {
    const [a, b] = await twoWatchingSockets("amy");
    // both read the same watch state: one writes its credit, the other finds it written
    let credited = 0;
    for (let i = 0; i < 10; i++) {
      server.clock.advance(30_000);
      const beats = await Promise.all([a, b].map((s) => call(s, ClientEvent.beat, { playing: true, visible: true })));
      for (const beat of beats) credited += beat.ok ? beat.data.creditedSeconds : 0;
    }
    expect(credited).toBe(300);
    expect(await watchedMsOf(server, "amy")).toBe(300_000);
  });

  it("stops at the daily cap and starts again the next local day", async () => {
    const { socket } = await joinRoom(server, await server.token("amy"));
    await watchFor(server, socket, 130 * 60, 45);
    expect((await balanceOf(server, "amy")).points).toBe(DEFAULT_CONFIG.watch.dailyCap);
    // from noon to the next morning in Shanghai, then watch again
    server.clock.advance(14 * 3600_000);
    await watchFor(server, socket, 10 * 60, 30);
    expect((await balanceOf(server, "amy")).points).toBe(DEFAULT_CONFIG.watch.dailyCap + 10);
  });

  it("applies the tier multiplier and pushes a promotion live", async () => {
    const tiers = DEFAULT_CONFIG.tiers.map((t, i) => ({ ...t, threshold: [0, 10, 1000, 5000][i] ?? 0 }));
    await putConfig({ ...DEFAULT_CONFIG, tiers });
    const { socket } = await joinRoom(server, await server.token("amy"));
    const promotion = next(socket, ServerEvent.tier, 5000);
    await watchFor(server, socket, 10 * 60, 30);
    const change = await promotion;
    expect(change).toMatchObject({ from: "fan", to: "silver" });
    expect(change.tier.next?.key).toBe("gold");
    const payouts: number[] = [];
    socket.on(ServerEvent.wallet, (u: WalletUpdate) => payouts.push(u.delta));
    await watchFor(server, socket, 10 * 60, 30, undefined, false);
    expect(payouts).toEqual([12]);
    expect(await balanceOf(server, "amy")).toEqual({ points: 22, growth: 22 });
  });

  it("doubles on a member day", async () => {
    server.clock.set(Date.UTC(2026, 10, 18, 2, 0)); // 10:00 on the 18th in Shanghai
    const { socket, snapshot } = await joinRoom(server, await server.token("amy"));
    expect(snapshot.watch?.memberDay).toBe(true);
    expect(snapshot.watch?.nextBlockPoints).toBe(20);
    await watchFor(server, socket, 10 * 60, 30);
    expect((await balanceOf(server, "amy")).points).toBe(20);
  });

  it("lets a guest watch but earn nothing", async () => {
    const { socket, snapshot } = await joinRoom(server);
    expect(snapshot.viewer).toBeNull();
    expect(snapshot.wallet).toBeNull();
    expect(snapshot.config.tiers).toHaveLength(4);
    const beat = await call(socket, ClientEvent.beat, { playing: true, visible: true });
    expect(beat).toMatchObject({ ok: false, error: { code: "guest" } });
  });
});

describe("a beat's credit written in one statement", () => {
  it("writes nothing when the watch state is no longer as it was read, and credits the live once when it is", async () => {
    const { store } = server;
    const now = server.clock.now();
    await store.db
      .updateTable("rooms")
      .set({ live: 1, live_started_at: now })
      .where("id", "=", server.roomId)
      .execute();
    const { socket } = await joinRoom(server, await server.token("amy"));
    await watchFor(server, socket, 30, 30);
    const read = await findWatchState(store.db, server.shop.id, "amy");
    if (!read || read.creditedUntil === null) throw new Error("no watch state after a credited beat");
    const after = {
      ...read,
      creditedUntil: read.creditedUntil + 5000,
      carryMs: read.carryMs + 5000,
      totalMs: read.totalMs + 5000,
    };
    const where = { roomId: server.roomId, shopId: server.shop.id, viewerId: "amy" };
    const liveWatched = async () =>
      Number(
        (await store.db.selectFrom("live_watch").select("watched_ms").where("viewer_id", "=", "amy").executeTakeFirst())
          ?.watched_ms ?? 0,
      );
    const before = await liveWatched();

    // read before something else credited time: refused, nothing written
    const stale = { ...read, carryMs: read.carryMs - 1000, totalMs: read.totalMs - 1000 };
    expect(await creditIfUnchanged(store.db, store.dialect, where, stale, after, 5000, now)).toBe(false);
    expect(await findWatchState(store.db, server.shop.id, "amy")).toEqual(read);
    expect(await liveWatched()).toBe(before);

    expect(await creditIfUnchanged(store.db, store.dialect, where, read, after, 5000, now)).toBe(true);
    expect(await findWatchState(store.db, server.shop.id, "amy")).toEqual(after);
    expect(await liveWatched()).toBe(before + 5000);
    // the same credit again finds the state it wrote: once
    expect(await creditIfUnchanged(store.db, store.dialect, where, read, after, 5000, now)).toBe(false);
    expect(await liveWatched()).toBe(before + 5000);
  });
});

describe("the attention chest", () => {
  it("appears every 15 minutes, opens once for +5 within 5 minutes", async () => {
    const { socket } = await joinRoom(server, await server.token("amy"));
    const appeared = next(socket, ServerEvent.chest, 5000);
    await watchFor(server, socket, 15 * 60, 30);
    const chest = await appeared;
    expect(chest?.points).toBe(5);
    const before = (await balanceOf(server, "amy")).points;
    // a reload while it is open finds it in the snapshot
    const reloaded = await joinRoom(server, await server.token("amy"));
    expect(reloaded.snapshot.chest).toEqual({ id: chest?.id, points: 5, expiresAt: chest?.expiresAt });
    reloaded.socket.disconnect();

    const opened = await call(socket, ClientEvent.chestClaim, { chestId: chest?.id ?? "" });
    expect(opened.ok && opened.data.wallet.points).toBe(before + 5);
    const afterOpening = await joinRoom(server, await server.token("amy"));
    expect(afterOpening.snapshot.chest).toBeNull();
    afterOpening.socket.disconnect();
    const again = await call(socket, ClientEvent.chestClaim, { chestId: chest?.id ?? "" });
    expect(again).toMatchObject({ ok: false, error: { code: "chest_claimed" } });
    expect((await balanceOf(server, "amy")).points).toBe(before + 5);
  });

  describe("within the daily watch cap, which covers chests too", () => {
    const withCap = (dailyCap: number) =>
      putConfig({ ...DEFAULT_CONFIG, watch: { ...DEFAULT_CONFIG.watch, dailyCap } });
    const chestsOffered = async () =>
      (await server.store.db.selectFrom("chests").select("id").where("viewer_id", "=", "amy").execute()).length;

    it("pays a chest only up to what the day has left, and blocks after it pay nothing more", async () => {
      await withCap(15);
      const { socket } = await joinRoom(server, await server.token("amy"));
      const appeared = next(socket, ServerEvent.chest, 5000);
      await watchFor(server, socket, 15 * 60, 30);
      const chest = await appeared;
      expect(chest?.points).toBe(5);
      const opened = await call(socket, ClientEvent.chestClaim, { chestId: chest?.id ?? "" });
      expect(opened.ok && opened.data.wallet.points).toBe(15);
      // the 20-minute block would pay 10; the day's 15 are all earned
      await watchFor(server, socket, 5 * 60, 30, undefined, false);
      expect((await balanceOf(server, "amy")).points).toBe(15);
    });

    it("withdraws an open chest when the cap is reached, refuses to open it, and offers no more that day", async () => {
      await withCap(20);
      const { socket } = await joinRoom(server, await server.token("amy"));
      const appeared = next(socket, ServerEvent.chest, 5000);
      await watchFor(server, socket, 15 * 60, 30);
      const chest = await appeared;
      expect(chest?.points).toBe(5);
      const withdrawn = next(socket, ServerEvent.chest, 5000);
      await watchFor(server, socket, 5 * 60, 30, undefined, false);
      expect((await balanceOf(server, "amy")).points).toBe(20);
      expect(await withdrawn).toBeNull();
      const refused = await call(socket, ClientEvent.chestClaim, { chestId: chest?.id ?? "" });
      expect(refused).toMatchObject({ ok: false, error: { code: "chest_capped" } });
      expect((await balanceOf(server, "amy")).points).toBe(20);

      // the 30- and 45-minute boundaries pass with the day capped: no chest appears, none is on offer
      await watchFor(server, socket, 30 * 60, 30, undefined, false);
      expect(await chestsOffered()).toBe(1);
      expect((await joinRoom(server, await server.token("amy"))).snapshot.chest).toBeNull();

      // the next local day the cap has room again, and chests come back
      server.clock.advance(24 * 3600_000);
      await watchFor(server, socket, 15 * 60, 30);
      expect(await chestsOffered()).toBe(2);
    });
  });

  it("expires after 5 minutes unopened, and a made-up id opens nothing", async () => {
    const { socket } = await joinRoom(server, await server.token("amy"));
    const appeared = next(socket, ServerEvent.chest, 5000);
    await watchFor(server, socket, 15 * 60, 30);
    const chest = await appeared;
    const forged = await call(socket, ClientEvent.chestClaim, { chestId: "ch_made_up" });
    expect(forged).toMatchObject({ ok: false, error: { code: "chest_none" } });
    server.clock.advance(5 * 60_000 + 1);
    const late = await call(socket, ClientEvent.chestClaim, { chestId: chest?.id ?? "" });
    expect(late).toMatchObject({ ok: false, error: { code: "chest_expired" } });
  });
});
