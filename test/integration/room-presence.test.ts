import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientEvent, HostEvent, ServerEvent } from "../../protocol/index.js";
import type { CommentBatch } from "../../protocol/live.js";
import { saveConfig } from "../../server/services/shops.js";
import { shopApi } from "../../support/commerce.js";
import { giveGrowth, joinAsHost, makeTemplate } from "../../support/offers.js";
import { call, joinRoom, next, startServer, type TestServer, type TestSocket } from "../../support/server.js";
import { addProduct } from "../helpers/products.js";

/*
 * Status in the room and the host's "who is here": tier badges ride the comment batches from the
 * socket's identity, entrance lines announce the chosen tiers, and the host greets a present viewer
 * with a coupon through the one issuing path. Runs on SQLite, and on Postgres with ENCORE_PG_TESTS.
 */

let server: TestServer;
let host: TestSocket;
beforeEach(async () => {
  server = await startServer();
  host = await joinAsHost(server);
});
afterEach(async () => {
  await server.close();
});

const GOLD = 2000;
const VIP = 8000;
const join = async (sub: string, extra: { birthday?: string } = {}) =>
  (await joinRoom(server, await server.token(sub, { name: sub, ...extra }))).socket;

/** The next comment batch that satisfies `test`, however many come before it. */
function batchWhere(socket: TestSocket, test: (batch: CommentBatch) => boolean, timeoutMs = 4000) {
  return new Promise<CommentBatch>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(ServerEvent.comments, listener);
      reject(new Error("no such batch"));
    }, timeoutMs);
    const listener = (batch: CommentBatch) => {
      if (!test(batch)) return;
      clearTimeout(timer);
      socket.off(ServerEvent.comments, listener);
      resolve(batch);
    };
    socket.on(ServerEvent.comments, listener);
  });
}

/** Every batch a socket hears over `ms`: for what must not arrive. */
async function batchesOver(socket: TestSocket, ms: number): Promise<CommentBatch[]> {
  const heard: CommentBatch[] = [];
  const listener = (batch: CommentBatch) => heard.push(batch);
  socket.on(ServerEvent.comments, listener);
  await new Promise((done) => setTimeout(done, ms));
  socket.off(ServerEvent.comments, listener);
  return heard;
}

/** MM-DD of the server clock's day in the shop's zone: a birthday this week. */
function birthdayToday(): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(new Date(server.clock.now()));
  const get = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${get("month")}-${get("day")}`;
}

describe("tier badges", () => {
  it("carries each speaker's tier in the room's batch and the host's feed, and the new tier after an order moves it", async () => {
    await giveGrowth(server, "amy", GOLD);
    const amy = await join("amy");
    const bob = await join("bob");
    const heard = batchWhere(bob, (b) => b.sample.some((c) => c.text === "hello"));
    const hostHeard = next(host, "host:comments", 4000);
    await call(amy, ClientEvent.comment, { text: "hello" });
    expect((await heard).sample.find((c) => c.text === "hello")).toMatchObject({ name: "amy", tier: 2 });
    expect((await hostHeard).comments).toMatchObject([{ viewerId: "amy", name: "amy", tier: 2 }]);

    // ¥6,000 paid: growth 8,000, the top tier, taken into amy's socket without her rejoining
    const order = await shopApi(server, "/v1/orders", {
      body: {
        orderId: "o-amy-1",
        viewerId: "amy",
        amount: 600_000,
        items: [{ sku: "x", qty: 1, price: 600_000 }],
        paidAt: server.clock.now(),
      },
    });
    expect(order.status).toBe(200);
    const later = batchWhere(bob, (b) => b.sample.some((c) => c.text === "again"));
    await call(amy, ClientEvent.comment, { text: "again" });
    expect((await later).sample.find((c) => c.text === "again")).toMatchObject({ tier: 3 });
  });
});

describe("entrance lines", () => {
  it("announces the top tier by default, once per visit, and not the tiers below", async () => {
    await giveGrowth(server, "vera", VIP);
    await giveGrowth(server, "gus", GOLD);
    const bob = await join("bob");
    const line = batchWhere(bob, (b) => (b.entrances ?? []).length > 0);
    await join("vera");
    await join("gus");
    expect((await line).entrances).toEqual([{ tier: 3, names: ["vera"], others: 0 }]);
    // a reload minutes later is the same visit: no second line
    server.clock.advance(60_000);
    await join("vera");
    expect((await batchesOver(bob, 1500)).flatMap((b) => b.entrances ?? [])).toEqual([]);
  });

  it("folds a crowd into one line per tier, and follows the shop's chosen tiers", async () => {
    await saveConfig(server.store.db, server.shop.id, { ...server.shop.config, room: { entranceTiers: ["gold"] } });
    const crowd = ["g1", "g2", "g3", "g4", "g5"];
    for (const sub of [...crowd, "vera"]) await giveGrowth(server, sub, sub === "vera" ? VIP : GOLD);
    const bob = await join("bob");
    const heard = batchesOver(bob, 2500);
    await Promise.all([...crowd, "vera"].map((sub) => join(sub)));
    const lines = (await heard).flatMap((b) => b.entrances ?? []);
    expect(lines.every((l) => l.tier === 2)).toBe(true);
    expect(lines.reduce((n, l) => n + l.names.length + l.others, 0)).toBe(5);
    expect(lines.length).toBeLessThanOrEqual(2);
  });

  it("refuses entrance tiers the shop does not have, and takes its own", async () => {
    const patch = async (entranceTiers: string[]) => {
      const auth = { authorization: `Bearer ${server.shop.secret}` };
      const etag = (await fetch(`${server.url}/v1/config`, { headers: auth })).headers.get("etag") ?? "";
      const res = await fetch(`${server.url}/v1/config`, {
        method: "PATCH",
        headers: { ...auth, "content-type": "application/merge-patch+json", "if-match": etag },
        body: JSON.stringify({ room: { entranceTiers } }),
      });
      return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
    };
    expect(await patch(["platinum"])).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
    expect((await patch(["gold", "vip"])).status).toBe(200);
  });
});

describe("who is here", () => {
  it("lists notable viewers present with their reasons, one query set for all of them", async () => {
    await giveGrowth(server, "vera", VIP);
    await join("amy", { birthday: birthdayToday() });
    await join("vera");
    await join("bob");
    const product = await addProduct(server, { sku: "lip-1" });
    const cara = await join("cara");
    for (let i = 0; i < 3; i++) {
      expect(await call(cara, ClientEvent.track, { event: "product_click", sku: product.sku })).toMatchObject({
        ok: true,
      });
      server.clock.advance(1000);
    }
    await call(host, HostEvent.feature, { sku: product.sku });
    await shopApi(server, "/v1/orders", {
      body: {
        orderId: "o-dan",
        viewerId: "dan",
        amount: 5000,
        items: [{ sku: "y", qty: 1, price: 5000 }],
        paidAt: server.clock.now(),
      },
    });
    await join("dan");

    const result = await call(host, HostEvent.present, {});
    if (!result.ok) throw new Error(result.error.code);
    expect(result.data.present).toBe(5);
    const byId = Object.fromEntries(result.data.viewers.map((v) => [v.viewerId, v]));
    expect(byId.amy).toMatchObject({ name: "amy", tier: 0, reasons: ["birthday"] });
    expect(byId.vera).toMatchObject({ tier: 3, reasons: ["top_tier"] });
    expect(byId.cara?.reasons).toEqual(["high_intent"]);
    expect(byId.dan?.reasons).toEqual(["new_buyer"]);
    expect(byId.bob).toBeUndefined();
    expect(result.data.viewers[0]?.viewerId).toBe("amy");
  });

  it("is for hosts only", async () => {
    const bob = await join("bob");
    expect(await call(bob, HostEvent.present, {})).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });
});

describe("the host's greeting", () => {
  const key = "greet-amy-0001";

  it("greets a present viewer with a coupon through the one issuing path, once for a repeated tap", async () => {
    const template = await makeTemplate(host);
    const amy = await join("amy", { birthday: birthdayToday() });
    const greeting = next(amy, ServerEvent.greeting, 3000);
    const coupon = next(amy, ServerEvent.coupon, 3000);
    const first = await call(host, HostEvent.greet, { viewerId: "amy", templateId: template.id, idempotencyKey: key });
    expect(first).toMatchObject({ ok: true, data: { viewerId: "amy", replayed: false, coupon: { state: "issued" } } });
    expect(await greeting).toMatchObject({ from: "Host", reason: "birthday", coupon: { templateId: template.id } });
    expect((await coupon).templateId).toBe(template.id);

    const replay = await call(host, HostEvent.greet, { viewerId: "amy", templateId: template.id, idempotencyKey: key });
    expect(replay).toMatchObject({ ok: true, data: { replayed: true } });
    if (first.ok && replay.ok) expect(replay.data.coupon?.code).toBe(first.data.coupon?.code);
    const rows = await server.store.db.selectFrom("coupons").select(["viewer_id", "source"]).execute();
    expect(rows).toEqual([{ viewer_id: "amy", source: "host_gift" }]);

    await join("bob");
    expect(
      await call(host, HostEvent.greet, { viewerId: "bob", templateId: template.id, idempotencyKey: key }),
    ).toMatchObject({
      ok: false,
      error: { code: "idempotency_conflict" },
    });
  });

  it("greets without a coupon, and a repeated tap sends nothing new", async () => {
    const amy = await join("amy");
    const greeting = next(amy, ServerEvent.greeting, 3000);
    expect(await call(host, HostEvent.greet, { viewerId: "amy", templateId: null, idempotencyKey: key })).toMatchObject(
      {
        ok: true,
        data: { replayed: false, coupon: null },
      },
    );
    expect(await greeting).toMatchObject({ from: "Host", coupon: null });
    const heard: unknown[] = [];
    amy.on(ServerEvent.greeting, (g) => heard.push(g));
    expect(await call(host, HostEvent.greet, { viewerId: "amy", templateId: null, idempotencyKey: key })).toMatchObject(
      {
        ok: true,
        data: { replayed: true },
      },
    );
    await new Promise((done) => setTimeout(done, 300));
    expect(heard).toEqual([]);
  });

  it("refuses, changing nothing: a viewer not present, a viewer, a bad template, a bad key, a spent budget", async () => {
    const template = await makeTemplate(host, { perViewerLimit: 5 });
    const amy = await join("amy");
    const greet = (over: Record<string, unknown>) =>
      call(host, HostEvent.greet, { viewerId: "amy", templateId: template.id, idempotencyKey: key, ...over } as never);
    expect(await greet({ viewerId: "zed" })).toMatchObject({ ok: false, error: { code: "viewer_not_present" } });
    expect(await call(amy, HostEvent.greet, { viewerId: "amy", templateId: null, idempotencyKey: key })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(await greet({ templateId: "no-such" })).toMatchObject({ ok: false, error: { code: "template_not_found" } });
    expect(await greet({ idempotencyKey: "x" })).toMatchObject({ ok: false, error: { code: "bad_request" } });
    expect(await server.store.db.selectFrom("coupons").selectAll().execute()).toEqual([]);

    // the default budget allows one touch a day: the second coupon today is refused
    expect(await greet({ idempotencyKey: "greet-amy-0002" })).toMatchObject({ ok: true });
    expect(await greet({ idempotencyKey: "greet-amy-0003" })).toMatchObject({
      ok: false,
      error: { code: "contact_budget" },
    });
    expect(await server.store.db.selectFrom("coupons").selectAll().execute()).toHaveLength(1);
  });
});
