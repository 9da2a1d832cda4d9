import { spawnSync } from "node:child_process";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ClaimOutcome,
  ClientEvent,
  type ClientToServerEvents,
  DEFAULT_CONFIG,
  HostEvent,
  ServerEvent,
  type ServerToClientEvents,
  type Snapshot,
} from "../../protocol/index.js";
import { signToken } from "../../server/auth/tokens.js";
import { COMMAND_LINE } from "../../server/services/audit.js";
import { createTemplate } from "../../server/services/coupons.js";
import { type CreatedShop, createRoom, createShop, saveConfig } from "../../server/services/shops.js";
import { ensureViewer } from "../../server/store/viewers.js";
import { saveWatchState } from "../../server/store/watch.js";
import { type ServerProcess, startServerProcess } from "../../support/process.js";
import { call, next } from "../../support/server.js";
import { createTestStore, type TestStore } from "../../support/store.js";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * SIGKILL in the middle of the work that moves money, then a restart on the same database:
 * every coupon a viewer was told they won exists, `encore-server verify` passes, and viewers
 * who reconnect see the state the database holds.
 */
describe("crash safety", () => {
  let store: TestStore;
  let shop: CreatedShop;
  let roomId: string;
  let server: ServerProcess | undefined;
  const clients: Client[] = [];

  beforeAll(async () => {
    store = await createTestStore();
    shop = await createShop(store.store.db, { name: "Crash Shop" }, Date.now());
    roomId = (await createRoom(store.store.db, shop.id, { title: "Crash live" }, Date.now())).id;
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server?.stop();
    await store.store.close();
    await store.dispose();
  });

  const start = () => startServerProcess(["--db", store.url]);
  const connect = async (url: string, sub: string, role: "viewer" | "host" = "viewer") => {
    const token = await signToken(shop.secret, { sub, shop: shop.id, role });
    const client: Client = io(url, { auth: { room: roomId, token }, transports: ["websocket"], forceNew: true });
    clients.push(client);
    const snapshot = await next(client, ServerEvent.snapshot, 15_000);
    return { client, snapshot: snapshot as Snapshot };
  };
  const verify = () =>
    spawnSync(process.execPath, ["bin/encore-server.js", "verify", "--db", store.url], { encoding: "utf8" });

  it("keeps every acknowledged coupon when killed in the middle of a claim storm", async () => {
    const template = await createTemplate(
      store.store.db,
      shop.id,
      {
        name: { "zh-CN": "断电也不丢", en: "Crash-proof deal" },
        kind: "amount",
        value: 500,
        minSpend: 0,
        validDays: 7,
        minTier: null,
        stock: null,
        perViewerLimit: 1,
        pointsCost: null,
      },
      shop.config,
      Date.now(),
      COMMAND_LINE,
    );
    server = await start();
    const { client: host } = await connect(server.url, "host-lin", "host");
    const crowd: Client[] = [];
    for (let i = 0; i < 300; i += 50) {
      const batch = await Promise.all(Array.from({ length: 50 }, (_, j) => connect(server?.url ?? "", `fan-${i + j}`)));
      crowd.push(...batch.map((b) => b.client));
    }
    const offer = await call(host, HostEvent.offerStart, {
      templateId: template.id,
      stock: 100,
      durationSeconds: 120,
    });
    if (!offer.ok) throw new Error(offer.error.code);

    const won = new Map<string, string>();
    let killed: Promise<void> | undefined;
    const running = server;
    await Promise.all(
      crowd.map(
        (client, i) =>
          new Promise<void>((resolve) => {
            client.emit(ClientEvent.comment, { text: "1" }, (ack) => {
              const claim = ack.ok ? (ack.data.claim as ClaimOutcome | null) : null;
              if (claim?.result === "won") won.set(`fan-${i}`, claim.coupon.code);
              // pull the plug once some winners have been told, with more claims still in flight
              if (won.size === 20 && !killed) killed = running.kill();
              resolve();
            });
            client.once("disconnect", () => resolve());
          }),
      ),
    );
    await killed;
    expect(won.size).toBeGreaterThanOrEqual(20);

    server = await start();
    const rows = await store.store.db.selectFrom("coupons").select(["code", "viewer_id"]).execute();
    const held = new Map(rows.map((r) => [r.code, r.viewer_id]));
    for (const [viewer, code] of won) expect(held.get(code)).toBe(viewer);
    expect(rows.length).toBeLessThanOrEqual(100);

    const check = verify();
    expect(check.stdout).not.toContain("FAIL");
    expect(check.status).toBe(0);

    // a winner comes back to the restarted server and finds the coupon in the wallet
    const [viewer, code] = [...won][0] ?? ["", ""];
    const back = await connect(server.url, viewer);
    expect(back.snapshot.coupons.map((c) => c.code)).toContain(code);
  }, 120_000);

  it("keeps balances equal to their ledger when killed while crediting watch time", async () => {
    await saveConfig(store.store.db, shop.id, {
      ...DEFAULT_CONFIG,
      watch: { ...DEFAULT_CONFIG.watch, blockSeconds: 60, dailyCap: 100_000 },
    });
    // every watcher is a second short of a paid block, so the beats below write ledger entries
    const now = Date.now();
    for (let i = 0; i < 60; i++) {
      await ensureViewer(store.store.db, shop.id, `watcher-${i}`, {}, now);
      await saveWatchState(
        store.store.db,
        shop.id,
        `watcher-${i}`,
        { creditedUntil: null, carryMs: 59_000, totalMs: 59_000, day: "", dayPoints: 0, blocks: 0, chests: 0 },
        now,
      );
    }
    await server?.stop();
    server = await start();
    const watchers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => connect(server?.url ?? "", `watcher-${i}`).then((c) => c.client)),
    );
    // the first beat starts each watcher's clock; the next pays only if it comes a second after the
    // server handled this one, so wait for every ack (on a busy machine some take longer than that)
    await Promise.all(
      watchers.map(
        (client) =>
          new Promise<void>((resolve) =>
            client.emit(ClientEvent.beat, { playing: true, visible: true }, () => resolve()),
          ),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // kill once ten of these paying beats have been acknowledged, with the other fifty in flight
    let acked = 0;
    const running = server;
    let killed: Promise<void> | undefined;
    await Promise.all(
      watchers.map(
        (client) =>
          new Promise<void>((resolve) => {
            client.emit(ClientEvent.beat, { playing: true, visible: true }, () => {
              acked++;
              if (acked === 10 && !killed) killed = running.kill();
              resolve();
            });
            client.once("disconnect", () => resolve());
          }),
      ),
    );
    await killed;

    server = await start();
    const check = verify();
    expect(check.stdout).not.toContain("FAIL");
    expect(check.status).toBe(0);
    const paid = await store.store.db
      .selectFrom("ledger")
      .select(["viewer_id", "delta"])
      .where("reason", "=", "watch")
      .execute();
    // at least the acknowledged payouts survived, and each watcher was paid once or not at all
    expect(paid.length).toBeGreaterThanOrEqual(10);
    expect(new Set(paid.map((p) => p.viewer_id)).size).toBe(paid.length);

    const back = await connect(server.url, "watcher-0");
    const row = await store.store.db
      .selectFrom("viewers")
      .select("points")
      .where("shop_id", "=", shop.id)
      .where("viewer_id", "=", "watcher-0")
      .executeTakeFirstOrThrow();
    expect(back.snapshot.wallet?.points).toBe(Number(row.points));
  }, 120_000);
});

/**
 * An offer that is live when the process dies must still end: after a restart on the same
 * database it ends by its own clock (no socket has to come first), a lucky bag is drawn once,
 * its winners hold their coupons once, and the room can start the next offer.
 */
describe("an offer live at a crash", () => {
  let store: TestStore;
  let shop: CreatedShop;
  let roomId: string;
  let server: ServerProcess | undefined;
  const clients: Client[] = [];

  beforeAll(async () => {
    store = await createTestStore();
    shop = await createShop(store.store.db, { name: "Lucky Shop" }, Date.now());
    roomId = (await createRoom(store.store.db, shop.id, { title: "Lucky live" }, Date.now())).id;
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server?.stop();
    await store.store.close();
    await store.dispose();
  });

  const start = () => startServerProcess(["--db", store.url]);
  const connect = async (url: string, sub: string, role: "viewer" | "host" = "viewer") => {
    const token = await signToken(shop.secret, { sub, shop: shop.id, role });
    const client: Client = io(url, {
      auth: { room: roomId, token },
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
    });
    clients.push(client);
    await next(client, ServerEvent.snapshot, 15_000);
    return client;
  };
  const offerRow = (id: string) =>
    store.store.db.selectFrom("offers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  /** Reads the database until `done` holds, or gives up after `withinMs` (a bound, not a measurement). */
  const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, withinMs: number): Promise<T> => {
    const deadline = Date.now() + withinMs;
    let value = await read();
    while (!done(value) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      value = await read();
    }
    return value;
  };

  it("ends on time after a SIGKILL and a restart, draws once, and the room starts the next offer", async () => {
    const template = await createTemplate(
      store.store.db,
      shop.id,
      {
        name: { "zh-CN": "福袋", en: "Lucky bag" },
        kind: "amount",
        value: 800,
        minSpend: 0,
        validDays: 7,
        minTier: null,
        stock: null,
        perViewerLimit: 1,
        pointsCost: null,
      },
      shop.config,
      Date.now(),
      COMMAND_LINE,
    );
    server = await start();
    const host = await connect(server.url, "host-mei", "host");
    const started = await call(host, HostEvent.offerStart, {
      templateId: template.id,
      stock: 2,
      durationSeconds: 15,
      mode: "draw",
    });
    if (!started.ok) throw new Error(started.error.code);
    const entrants = ["lu", "ming", "qing", "ren"];
    for (const sub of entrants) {
      const viewer = await connect(server.url, sub);
      const claim = await call(viewer, ClientEvent.comment, { text: "1" });
      expect(claim).toMatchObject({ ok: true, data: { claim: { result: "entered" } } });
    }

    await server.kill();
    for (const client of clients) client.disconnect();
    expect((await offerRow(started.data.id)).status).toBe("live");
    server = await start();

    // nobody connects: the restarted process ends the offer by itself
    const endsAt = Number((await offerRow(started.data.id)).ends_at);
    const ended = await until(
      () => offerRow(started.data.id),
      (row) => row.status !== "live",
      Math.max(0, endsAt - Date.now()) + 20_000,
    );
    expect(ended.status).toBe("ended");
    expect(Number(ended.ended_at)).toBeGreaterThanOrEqual(endsAt);
    expect(Number(ended.claimed)).toBe(2);

    const draws = await store.store.db.selectFrom("offer_draws").selectAll().where("offer_id", "=", ended.id).execute();
    expect(draws).toHaveLength(1);
    const coupons = await store.store.db
      .selectFrom("coupons")
      .select(["viewer_id", "code"])
      .where("source_ref", "=", ended.id)
      .execute();
    expect(coupons).toHaveLength(2);
    expect(new Set(coupons.map((c) => c.viewer_id)).size).toBe(2);
    for (const coupon of coupons) expect(entrants).toContain(coupon.viewer_id);
    const won = await store.store.db
      .selectFrom("offer_entries")
      .select(["viewer_id", "coupon_code"])
      .where("offer_id", "=", ended.id)
      .where("won", "=", 1)
      .execute();
    expect(won.map((w) => w.coupon_code).sort()).toEqual(coupons.map((c) => c.code).sort());

    const check = spawnSync(process.execPath, ["bin/encore-server.js", "verify", "--db", store.url], {
      encoding: "utf8",
    });
    expect(check.stdout).not.toContain("FAIL");
    expect(check.status).toBe(0);

    // the room is free: the host starts the next offer
    const back = await connect(server.url, "host-mei", "host");
    const nextOffer = await call(back, HostEvent.offerStart, {
      templateId: template.id,
      stock: 5,
      durationSeconds: 30,
    });
    expect(nextOffer).toMatchObject({ ok: true, data: { status: "live" } });
  }, 120_000);
});
