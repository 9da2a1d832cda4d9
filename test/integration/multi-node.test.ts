import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClientEvent,
  type ClientToServerEvents,
  HostEvent,
  ServerEvent,
  type ServerToClientEvents,
} from "../../protocol/index.js";
import { signToken } from "../../server/auth/tokens.js";
import { type CreatedShop, createRoom, createShop } from "../../server/services/shops.js";
import { type ServerProcess, startServerProcess } from "../../support/process.js";
import { requires } from "../../support/requires.js";
import { call, next } from "../../support/server.js";
import { createTestStore, type TestStore, testPostgresUrl } from "../../support/store.js";

const redisUrl = process.env.ENCORE_TEST_REDIS;

/**
 * Two server processes on one Postgres and one Redis, as a streamer who outgrew one machine
 * would run them. Needs both (CI starts them); with both there, it runs once, in the postgres
 * project, and the sqlite project leaves it to that one.
 */
describe.skipIf(!requires("postgres", "redis") || !testPostgresUrl())("two nodes on one Postgres and one Redis", () => {
  let store: TestStore;
  let shop: CreatedShop;
  let roomId: string;
  let a: ServerProcess;
  let b: ServerProcess;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    store = await createTestStore();
    shop = await createShop(store.store.db, { name: "Scale Shop" }, Date.now());
    roomId = (await createRoom(store.store.db, shop.id, { title: "Big live" }, Date.now())).id;
    [a, b] = await Promise.all([
      startServerProcess(["--db", store.url, "--redis", redisUrl ?? ""]),
      startServerProcess(["--db", store.url, "--redis", redisUrl ?? ""]),
    ]);
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await store.store.close();
    await store.dispose();
  });

  /**
   * A socket of the room on one node, joined. With `offerId`, it also waits until that node holds
   * that offer: a node learns an offer started on the other one over Redis, a moment later, and a
   * claim sent before then is answered about the offer it still holds.
   */
  const connect = async (url: string, viewerId: string, role: "viewer" | "host" = "viewer", offerId?: string) => {
    const token = await signToken(shop.secret, { sub: viewerId, shop: shop.id, role });
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
      auth: { room: roomId, token },
      transports: ["websocket"],
      forceNew: true,
    });
    sockets.push(socket);
    const heard = new Promise<void>((resolve) => {
      socket.on(ServerEvent.offer, (offer) => {
        if (offer.id === offerId) resolve();
      });
    });
    const snapshot = await next(socket, ServerEvent.snapshot, 10_000);
    if (offerId !== undefined && snapshot.offer?.id !== offerId) await heard;
    return socket;
  };

  it("pushes a viewer's points credited through node A to their socket on node B", async () => {
    expect(a.url).not.toBe(b.url);
    const onB = await connect(b.url, "amy");
    const pushed = next(onB, ServerEvent.wallet, 10_000);
    const res = await fetch(`${a.url}/v1/viewers/amy/points`, {
      method: "POST",
      headers: { authorization: `Bearer ${shop.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ delta: 120, idempotencyKey: "cross-node" }),
    });
    expect(res.status).toBe(200);
    expect((await pushed).wallet.points).toBe(120);
  });

  it("counts one viewer's tabs on two nodes as one watcher", async () => {
    const onA = await connect(a.url, "bo");
    const onB = await connect(b.url, "bo");
    for (const socket of [onA, onB]) await call(socket, ClientEvent.beat, { playing: true, visible: true });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const credited = [];
    for (const socket of [onA, onB]) {
      const result = await call(socket, ClientEvent.beat, { playing: true, visible: true });
      credited.push(result.ok ? result.data.creditedSeconds : -1);
    }
    // wall time since the first beat is about 1.5 s; the two nodes together credit no more than that
    expect((credited[0] ?? 0) + (credited[1] ?? 0)).toBeLessThanOrEqual(2);
  });

  it("carries an offer started on node A to viewers on node B, and claims through both never exceed stock", async () => {
    const host = await connect(a.url, "host-lin", "host");
    const template = await call(host, HostEvent.templateCreate, {
      name: { "zh-CN": "两地同抢", en: "Two-node deal" },
      kind: "amount",
      value: 500,
      minSpend: 0,
      validDays: 7,
      minTier: null,
      stock: null,
      perViewerLimit: 1,
      pointsCost: null,
    });
    if (!template.ok) throw new Error(template.error.code);
    const crowd = await Promise.all(
      Array.from({ length: 60 }, (_, i) => connect(i % 2 === 0 ? a.url : b.url, `fan-${i}`)),
    );
    const onB = crowd.filter((_, i) => i % 2 === 1);
    const announced = Promise.all(onB.map((socket) => next(socket, ServerEvent.offer, 10_000)));
    const started = await call(host, HostEvent.offerStart, {
      templateId: template.data.id,
      // more than either node's 30 claimants: both nodes must sell, from one shared stock
      stock: 40,
      durationSeconds: 60,
    });
    if (!started.ok) throw new Error(started.error.code);
    expect((await announced).every((offer) => offer.id === started.data.id)).toBe(true);

    const results = await Promise.all(crowd.map((socket) => call(socket, ClientEvent.comment, { text: "1" })));
    const winners = results.flatMap((r, i) => (r.ok && r.data.claim?.result === "won" ? [`fan-${i}`] : []));
    const refusals = results.filter((r) => r.ok && r.data.claim?.result === "refused");
    expect(winners).toHaveLength(40);
    expect(refusals).toHaveLength(20);
    expect(winners.some((id) => Number(id.slice(4)) % 2 === 0)).toBe(true);
    expect(winners.some((id) => Number(id.slice(4)) % 2 === 1)).toBe(true);
    const coupons = await store.store.db
      .selectFrom("coupons")
      .select("viewer_id")
      .where("template_id", "=", template.data.id)
      .execute();
    expect(coupons.map((c) => c.viewer_id).sort()).toEqual([...winners].sort());
    const offer = await store.store.db
      .selectFrom("offers")
      .select(["claimed", "status"])
      .where("id", "=", started.data.id)
      .executeTakeFirstOrThrow();
    expect(offer).toEqual({ claimed: 40, status: "sold_out" });
  });

  it("shows a change made through node A in the next join on node B, though B keeps the room's shared state", async () => {
    const snapshotOn = async (url: string, viewerId: string) => {
      const token = await signToken(shop.secret, { sub: viewerId, shop: shop.id, role: "viewer" });
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
        auth: { room: roomId, token },
        transports: ["websocket"],
        forceNew: true,
      });
      sockets.push(socket);
      const snapshot = await next(socket, ServerEvent.snapshot, 10_000);
      socket.disconnect();
      return snapshot;
    };
    // B's joins keep the room, its shop and its product as read now
    const watcher = await connect(b.url, "watcher-b");
    expect((await snapshotOn(b.url, "early-b")).room.title).toBe("Big live");

    // A's room event reaches B after A's word that B's kept state is stale (one ordered stream)
    const renamed = next(watcher, ServerEvent.room, 10_000);
    const patched = await fetch(`${a.url}/v1/rooms/${roomId}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${shop.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ title: "Renamed through A" }),
    });
    expect(patched.status).toBe(200);
    await renamed;
    expect((await snapshotOn(b.url, "late-b")).room.title).toBe("Renamed through A");

    // B's beats keep the room's gate as read now too; a gate set through A holds back B's next beat
    const beat = () => call(watcher, ClientEvent.beat, { playing: true, visible: true });
    expect(await beat()).toMatchObject({ ok: true });
    const gate = async (minTier: string | null) => {
      const heard = next(watcher, ServerEvent.room, 10_000);
      const response = await fetch(`${a.url}/v1/rooms/${roomId}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${shop.secret}`, "content-type": "application/json" },
        body: JSON.stringify({ minTier }),
      });
      expect(response.status).toBe(200);
      await heard;
      // a socket beats at most once a second
      await new Promise((resolve) => setTimeout(resolve, 1_100));
    };
    await gate("gold");
    expect(await beat()).toMatchObject({ ok: false, error: { code: "room_gated" } });
    await gate(null);
    expect(await beat()).toMatchObject({ ok: true });

    const added = await fetch(`${a.url}/v1/products`, {
      method: "POST",
      headers: { authorization: `Bearer ${shop.secret}`, "content-type": "application/json" },
      body: JSON.stringify({
        sku: "two-node-serum",
        name: { "zh-CN": "两地精华", en: "Two-node serum" },
        price: 9_900,
        image: "https://cdn.example.com/serum.png",
        inStock: true,
      }),
    });
    expect(added.status).toBe(200);
    const host = await connect(a.url, "host-zoe", "host");
    const featured = next(watcher, ServerEvent.product, 10_000);
    expect(await call(host, HostEvent.feature, { sku: "two-node-serum" })).toMatchObject({ ok: true });
    await featured;
    expect((await snapshotOn(b.url, "later-b")).product).toMatchObject({ sku: "two-node-serum" });
  });

  it("ends a lucky bag once with both nodes up, and through node B once node A is killed", async () => {
    const host = await connect(a.url, "host-mei", "host");
    const template = await call(host, HostEvent.templateCreate, {
      name: { "zh-CN": "两地福袋", en: "Two-node lucky bag" },
      kind: "amount",
      value: 300,
      minSpend: 0,
      validDays: 7,
      minTier: null,
      stock: null,
      perViewerLimit: 5,
      pointsCost: null,
    });
    if (!template.ok) throw new Error(template.error.code);
    const offerRow = (id: string) =>
      store.store.db.selectFrom("offers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    /** Reads until the offer is no longer live, or gives up (a bound, not a measurement). */
    const ended = async (id: string) => {
      const deadline = Date.now() + 40_000;
      let row = await offerRow(id);
      while (row.status === "live" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        row = await offerRow(id);
      }
      return row;
    };
    const drawn = async (id: string) => ({
      draws: (await store.store.db.selectFrom("offer_draws").select("offer_id").where("offer_id", "=", id).execute())
        .length,
      winners: (
        await store.store.db.selectFrom("coupons").select("viewer_id").where("source_ref", "=", id).execute()
      ).map((c) => c.viewer_id),
    });
    const bag = async (stock: number, entrants: string[]) => {
      const started = await call(host, HostEvent.offerStart, {
        templateId: template.data.id,
        stock,
        durationSeconds: 10,
        mode: "draw",
      });
      if (!started.ok) throw new Error(started.error.code);
      const sockets = await Promise.all(
        entrants.map((id, i) => connect(i % 2 === 0 ? a.url : b.url, id, "viewer", started.data.id)),
      );
      const claims = await Promise.all(sockets.map((socket) => call(socket, ClientEvent.comment, { text: "1" })));
      for (const claim of claims) expect(claim).toMatchObject({ ok: true, data: { claim: { result: "entered" } } });
      return started.data.id;
    };

    // both nodes hold the offer; both sweep it when its time is up: one draw, one coupon per winner
    const first = await bag(3, ["lu-0", "lu-1", "lu-2", "lu-3", "lu-4", "lu-5"]);
    expect((await ended(first)).status).toBe("ended");
    const once = await drawn(first);
    expect(once.draws).toBe(1);
    expect(once.winners).toHaveLength(3);
    expect(new Set(once.winners).size).toBe(3);

    // node A dies with an offer live: node B ends it on time and draws it once
    const second = await bag(1, ["qi-0", "qi-1", "qi-2", "qi-3"]);
    await a.kill();
    expect((await ended(second)).status).toBe("ended");
    const survived = await drawn(second);
    expect(survived.draws).toBe(1);
    expect(survived.winners).toHaveLength(1);
  }, 90_000);
});
