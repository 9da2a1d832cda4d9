import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientEvent, HostEvent, HostPush, ServerEvent } from "../../protocol/index.js";
import { drawWinners } from "../../server/domain/offers.js";
import { expireOffers, giveGrowth, joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { call, joinRoom, next, startServer, type TestServer, type TestSocket } from "../../support/server.js";
import { addProduct } from "../helpers/products.js";

let server: TestServer;
let host: TestSocket;
beforeEach(async () => {
  server = await startServer();
  host = await joinAsHost(server);
});
afterEach(async () => {
  await server.close();
});

const viewer = async (sub: string) => (await joinRoom(server, await server.token(sub, { name: sub }))).socket;
const say = (socket: TestSocket, text: string) => call(socket, ClientEvent.comment, { text });

describe("first-come offers", () => {
  it("announces the offer, gives the first claimant a coupon, and tells their other sockets", async () => {
    const amy = await viewer("amy");
    const amyPhone = await viewer("amy");
    const template = await makeTemplate(host);
    const announced = next(amy, ServerEvent.offer);
    const offer = await startOffer(host, template.id, { stock: 5 });
    expect(offer).toMatchObject({ status: "live", keyword: "1", stock: 5, remaining: 5, mode: "first_come" });
    expect((await announced).id).toBe(offer.id);

    const pushed = next(amyPhone, ServerEvent.offerResult);
    const result = await say(amy, "1");
    if (!result.ok) throw new Error(result.error.code);
    expect(result.data.accepted).toBe(true);
    expect(result.data.claim).toMatchObject({ offerId: offer.id, result: "won", coupon: { source: "deal" } });
    // the other socket's outcome carries the same coupon: one message per fact (no separate coupon push)
    expect(await pushed).toEqual(result.data.claim);

    const again = await say(amyPhone, "１");
    expect(again).toMatchObject({ ok: true, data: { claim: { result: "refused", reason: "already_claimed" } } });
  });

  it("sells out exactly and tells the room", async () => {
    const sockets = await Promise.all(["a", "b", "c"].map(viewer));
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id, { stock: 2 });
    const soldOut = next(host, ServerEvent.offer);
    const results = await Promise.all(sockets.map((s) => say(s, "1")));
    const claims = results.map((r) => (r.ok ? r.data.claim : null));
    expect(claims.filter((c) => c?.result === "won")).toHaveLength(2);
    expect(claims.filter((c) => c?.result === "refused" && c.reason === "sold_out")).toHaveLength(1);
    expect(await soldOut).toMatchObject({ id: offer.id, status: "sold_out", remaining: 0 });
  });

  it("ends by time and answers a late claim with offer_ended", async () => {
    const amy = await viewer("amy");
    const template = await makeTemplate(host);
    const started = next(amy, ServerEvent.offer);
    const offer = await startOffer(host, template.id, { durationSeconds: 10 });
    await started;
    const ended = next(amy, ServerEvent.offer);
    server.clock.advance(10_000);
    await expireOffers(server);
    expect(await ended).toMatchObject({ id: offer.id, status: "ended", endedAt: server.clock.now() });
    expect(await say(amy, "1")).toMatchObject({
      ok: true,
      data: { claim: { offerId: offer.id, result: "refused", reason: "offer_ended" } },
    });
  });

  it("is ended by the server's own sweep once its time is up", async () => {
    const amy = await viewer("amy");
    const template = await makeTemplate(host);
    const started = next(amy, ServerEvent.offer);
    const offer = await startOffer(host, template.id, { durationSeconds: 10 });
    await started;
    const ended = next(amy, ServerEvent.offer, 3000);
    server.clock.advance(10_000);
    expect(await ended).toMatchObject({ id: offer.id, status: "ended" });
  });

  it("ticks the stock left to the room", async () => {
    const amy = await viewer("amy");
    const bob = await viewer("bob");
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id, { stock: 5 });
    await say(amy, "1");
    const seen: unknown[] = [];
    await new Promise<void>((resolve) => {
      bob.on(ServerEvent.offerStock, (stock) => {
        seen.push(stock);
        if (stock.claimed === 1) resolve();
      });
    });
    expect(seen.at(-1)).toEqual({ offerId: offer.id, remaining: 4, claimed: 1 });
  });

  it("refuses a viewer below the offer's tier", async () => {
    await giveGrowth(server, "gold-gary", 2500);
    const fan = await viewer("fan-fay");
    const gary = await viewer("gold-gary");
    const template = await makeTemplate(host);
    await startOffer(host, template.id, { minTier: "silver" });
    expect(await say(fan, "1")).toMatchObject({
      ok: true,
      data: { claim: { result: "refused", reason: "tier_too_low" } },
    });
    expect(await say(gary, "1")).toMatchObject({ ok: true, data: { claim: { result: "won" } } });
  });

  it("treats other text as a plain comment, and puts the offer and the viewer's win in the snapshot", async () => {
    const amy = await viewer("amy");
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id);
    expect(await say(amy, "how much is shipping?")).toEqual({ ok: true, data: { accepted: true, claim: null } });
    await say(amy, "1");
    const { snapshot } = await joinRoom(server, await server.token("amy"));
    expect(snapshot.offer).toMatchObject({ id: offer.id, remaining: 9 });
    expect(snapshot.claim).toMatchObject({ offerId: offer.id, result: "won" });
    expect(snapshot.coupons).toHaveLength(1);
  });

  it("lets the host stop the offer early, once", async () => {
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id);
    expect(await call(host, HostEvent.offerStop, { offerId: offer.id })).toMatchObject({
      ok: true,
      data: { status: "ended" },
    });
    expect(await call(host, HostEvent.offerStop, { offerId: offer.id })).toMatchObject({
      ok: false,
      error: { code: "offer_ended" },
    });
    expect(await call(host, HostEvent.offerStop, { offerId: "ofr_nope" })).toMatchObject({
      ok: false,
      error: { code: "offer_none" },
    });
  });
});

describe("draw offers", () => {
  it("enters each viewer once, draws with a recorded seed, and tells winners and the rest", async () => {
    const names = ["a", "b", "c", "d", "e"];
    const sockets = await Promise.all(names.map(viewer));
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id, { stock: 2, mode: "draw" });
    for (const s of sockets) {
      expect(await say(s, "1")).toMatchObject({ ok: true, data: { claim: { result: "entered" } } });
    }
    expect(await say(sockets[0] as TestSocket, "1")).toMatchObject({
      ok: true,
      data: { claim: { result: "refused", reason: "already_claimed" } },
    });
    const results = sockets.map((s) => next(s, ServerEvent.offerResult));
    await call(host, HostEvent.offerStop, { offerId: offer.id });
    const outcomes = await Promise.all(results);
    expect(outcomes.filter((o) => o.result === "won")).toHaveLength(2);
    expect(outcomes.filter((o) => o.result === "refused" && o.reason === "not_drawn")).toHaveLength(3);

    const draw = await server.store.db
      .selectFrom("offer_draws")
      .selectAll()
      .where("offer_id", "=", offer.id)
      .executeTakeFirstOrThrow();
    const entries = JSON.parse(draw.entries) as string[];
    expect([...entries].sort()).toEqual(names);
    // Anyone with the seed and the entries gets the same winners.
    expect(drawWinners(entries, 2, Buffer.from(draw.seed, "hex"))).toEqual(JSON.parse(draw.winners));
  });
});

describe("the host's room", () => {
  it("goes live and ends, features a product, and reports the live panel", async () => {
    const amy = await viewer("amy");
    const roomPushed = next(amy, ServerEvent.room);
    expect(await call(host, HostEvent.live, { live: true })).toMatchObject({ ok: true, data: { live: true } });
    expect(await roomPushed).toMatchObject({ live: true });

    const product = await addProduct(server, {
      sku: "sku-1",
      name: { "zh-CN": "丝巾", en: "Silk scarf" },
      price: 19900,
    });
    const productPushed = next(amy, ServerEvent.product);
    expect(await call(host, HostEvent.feature, { sku: product.sku })).toEqual({ ok: true, data: { product } });
    expect(await productPushed).toEqual(product);
    expect((await joinRoom(server)).snapshot.product).toEqual(product);

    const adjust = (delta: number, key: string) =>
      fetch(`${server.url}/v1/viewers/amy/points`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.shop.secret}`, "content-type": "application/json" },
        body: JSON.stringify({ delta, idempotencyKey: key }),
      });
    expect((await adjust(80, "gift")).status).toBe(200);
    // Points spent are not points issued.
    expect((await adjust(-30, "spend")).status).toBe(200);
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id, { stock: 1 });
    await say(amy, "1");
    const stats = await call(host, HostEvent.stats, {});
    if (!stats.ok) throw new Error(stats.error.code);
    expect(stats.data.viewers).toBeGreaterThanOrEqual(2);
    expect(stats.data.matchesPerSecond).toBeGreaterThan(0);
    expect(stats.data.offer).toMatchObject({ id: offer.id, claimed: 1, stock: 1, soldOutMs: 0, entries: 1 });
    expect(stats.data.winners).toEqual([{ viewerId: "amy", name: "amy", at: server.clock.now() }]);
    expect(stats.data.pointsIssuedThisLive).toBe(80);

    expect(await next(host, HostPush.stats, 3000)).toMatchObject({ offer: { claimed: 1 } });
    expect(await call(host, HostEvent.live, { live: false })).toMatchObject({ ok: true, data: { live: false } });
  });

  it("sends comments to the room in batches with counts and a sample", async () => {
    const amy = await viewer("amy");
    const bob = await viewer("bob");
    const batch = next(bob, ServerEvent.comments, 3000);
    await say(amy, "hello <b>all</b>");
    await say(amy, "1");
    expect(await batch).toMatchObject({
      count: 2,
      matches: 0,
      sample: [
        { name: "amy", text: "hello <b>all</b>" },
        { name: "amy", text: "1" },
      ],
    });
  });
});
