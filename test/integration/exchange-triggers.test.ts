import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientEvent, HostEvent, ServerEvent } from "../../protocol/index.js";
import { onProductFeatured } from "../../server/services/repurchase.js";
import { requireShop } from "../../server/services/shops.js";
import { commerceFingerprint, createTemplateOverApi, setRepurchase, shopApi } from "../../support/commerce.js";
import { call, joinRoom, next, startServer, type TestServer } from "../../support/server.js";
import { balanceOf, watchFor } from "../../support/watch.js";
import { addProduct } from "../helpers/products.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const DAY = 86_400_000;
const fund = (viewerId: string, delta: number, key: string) =>
  shopApi(server, `/v1/viewers/${viewerId}/points`, { body: { delta, idempotencyKey: key } });

describe("coupon:exchange", () => {
  it("deducts the points and issues the coupon together, and both show in the wallet", async () => {
    const templateId = await createTemplateOverApi(server, { pointsCost: 300, perViewerLimit: 2 });
    await fund("amy", 500, "amy-1");
    const { socket, snapshot } = await joinRoom(server, await server.token("amy"));
    expect(snapshot.catalogue.find((i) => i.templateId === templateId)).toMatchObject({ pointsCost: 300 });
    // the asking socket reads the coupon in its ack; amy's other socket hears it pushed
    const other = await joinRoom(server, await server.token("amy"));
    const couponPushed = next(other.socket, ServerEvent.coupon);
    const result = await call(socket, ClientEvent.exchange, { templateId });
    expect(result).toMatchObject({ ok: true, data: { wallet: { points: 200 }, coupon: { source: "exchange" } } });
    expect((await couponPushed).templateId).toBe(templateId);
    const ledger = await shopApi(server, "/v1/viewers/amy/ledger?limit=1");
    expect(ledger.body.entries).toMatchObject([{ reason: "exchange", delta: -300 }]);
    const again = await call(socket, ClientEvent.sync, {});
    expect(again.ok && again.data.coupons.map((c) => c.templateId)).toEqual([templateId]);
    socket.disconnect();
    other.socket.disconnect();
  });

  it.each([
    ["insufficient_points", { pointsCost: 10_000 }, 0],
    ["exchange_unavailable", { pointsCost: null }, 0],
    ["tier_too_low", { pointsCost: 10, minTier: "gold" }, 0],
    ["coupon_limit", { pointsCost: 10, perViewerLimit: 1 }, 1],
    ["exchange_unavailable", { pointsCost: 10, stock: 1 }, 1],
  ] as const)("refuses with %s and changes nothing", async (code, overrides, exchangesFirst) => {
    const templateId = await createTemplateOverApi(server, overrides);
    await fund("bo", 1000, `bo-${templateId}`);
    const { socket } = await joinRoom(server, await server.token("bo"));
    for (let i = 0; i < exchangesFirst; i++) {
      expect((await call(socket, ClientEvent.exchange, { templateId })).ok).toBe(true);
      server.clock.advance(1000);
    }
    if (code === "exchange_unavailable" && exchangesFirst === 1) {
      // sold out to someone else: another viewer tries
      socket.disconnect();
      await fund("cy", 1000, `cy-${templateId}`);
      const other = await joinRoom(server, await server.token("cy"));
      const before = await commerceFingerprint(server);
      const refused = await call(other.socket, ClientEvent.exchange, { templateId });
      expect(refused).toMatchObject({ ok: false, error: { code } });
      expect(await commerceFingerprint(server)).toBe(before);
      other.socket.disconnect();
      return;
    }
    const before = await commerceFingerprint(server);
    const refused = await call(socket, ClientEvent.exchange, { templateId });
    expect(refused).toMatchObject({ ok: false, error: { code } });
    expect(await commerceFingerprint(server)).toBe(before);
    socket.disconnect();
  });

  it("refuses guests and unknown templates", async () => {
    const guest = await joinRoom(server);
    expect(await call(guest.socket, ClientEvent.exchange, { templateId: "tpl_x" })).toMatchObject({
      ok: false,
      error: { code: "guest" },
    });
    guest.socket.disconnect();
    const { socket } = await joinRoom(server, await server.token("amy"));
    expect(await call(socket, ClientEvent.exchange, { templateId: "tpl_none" })).toMatchObject({
      ok: false,
      error: { code: "exchange_unavailable" },
    });
    socket.disconnect();
  });
});

describe("repurchase triggers", () => {
  it("grants the first-order coupon on the first order only", async () => {
    const templateId = await createTemplateOverApi(server, { validDays: 30, minSpend: 0 });
    await setRepurchase(server, { firstOrderTemplateId: templateId });
    const first = await shopApi(server, "/v1/orders", {
      body: { orderId: "dee-1", viewerId: "dee", amount: 5000, items: [], paidAt: server.clock.now() },
    });
    expect(first.body.granted).toMatchObject([{ templateId, source: "first_order" }]);
    const granted = (first.body.granted as { expiresAt: number; issuedAt: number }[])[0];
    expect(granted && granted.expiresAt - granted.issuedAt).toBe(30 * DAY);
    const second = await shopApi(server, "/v1/orders", {
      body: { orderId: "dee-2", viewerId: "dee", amount: 5000, items: [], paidAt: server.clock.now() },
    });
    expect(second.body.granted).toEqual([]);
  });

  it("grants the birthday coupon in the birthday week on join, once a year", async () => {
    const templateId = await createTemplateOverApi(server, { minSpend: 0 });
    await setRepurchase(server, { birthdayTemplateId: templateId });
    const now = new Date(server.clock.now());
    const mmdd = (d: Date) =>
      `${String(d.getUTCMonth() + 1).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")}`;
    const in2Days = new Date(now.getTime() + 2 * DAY);
    const token = await server.token("eve", { birthday: mmdd(in2Days) });
    let pushed: ReturnType<typeof next<typeof ServerEvent.coupon>> | undefined;
    const socket = await server.connect({ token }, (s) => {
      pushed = next(s, ServerEvent.coupon);
    });
    expect(await pushed).toMatchObject({ templateId, source: "birthday" });
    socket.disconnect();
    const { body } = await shopApi(server, "/v1/viewers/eve");
    expect((body.coupons as { source: string }[]).filter((c) => c.source === "birthday")).toHaveLength(1);
    // joining again, or ordering, in the same week grants nothing more
    await joinRoom(server, token);
    await shopApi(server, "/v1/orders", {
      body: { orderId: "eve-b", viewerId: "eve", amount: 100, items: [], paidAt: server.clock.now() },
    });
    const after = await shopApi(server, "/v1/viewers/eve");
    expect((after.body.coupons as { source: string }[]).filter((c) => c.source === "birthday")).toHaveLength(1);
    // a viewer whose birthday is far off gets none
    await joinRoom(server, await server.token("fay", { birthday: mmdd(new Date(now.getTime() + 60 * DAY)) }));
    const fay = await shopApi(server, "/v1/viewers/fay");
    expect(fay.body.coupons).toEqual([]);
    // a birthday the shop already knows counts though the token no longer carries it
    await joinRoom(server, await server.token("gil", { birthday: mmdd(new Date(now.getTime() + 60 * DAY)) }));
    await server.store.db
      .updateTable("viewers")
      .set({ birthday: mmdd(in2Days) })
      .where("shop_id", "=", server.shop.id)
      .where("viewer_id", "=", "gil")
      .execute();
    let gilGot: ReturnType<typeof next<typeof ServerEvent.coupon>> | undefined;
    const gil = await server.connect({ token: await server.token("gil") }, (s) => {
      gilGot = next(s, ServerEvent.coupon);
    });
    expect(await gilGot).toMatchObject({ templateId, source: "birthday" });
    gil.disconnect();
  });
});

describe("segments, clicks and the nudge coupon", () => {
  it("tracks product clicks; three in 24 h make a viewer high intent until they buy", async () => {
    const { socket } = await joinRoom(server, await server.token("gus"));
    for (let i = 0; i < 3; i++) {
      expect(await call(socket, ClientEvent.track, { event: "product_click", sku: "scarf" })).toEqual({
        ok: true,
        data: { tracked: true },
      });
      server.clock.advance(1000);
    }
    expect((await shopApi(server, "/v1/viewers/gus")).body.segments).toEqual({
      segments: ["high_intent"],
      highIntentSkus: ["scarf"],
    });
    expect(await call(socket, ClientEvent.track, { event: "product_click", sku: "a b" } as never)).toMatchObject({
      ok: false,
      error: { code: "bad_request" },
    });
    socket.disconnect();
  });

  it("the host featuring a product nudges its high-intent viewers through the console action", async () => {
    const nudge = await createTemplateOverApi(server, { minSpend: 0 });
    await setRepurchase(server, { nudgeTemplateId: nudge });
    const viewer = await joinRoom(server, await server.token("hana"));
    for (let i = 0; i < 3; i++) {
      expect(await call(viewer.socket, ClientEvent.track, { event: "product_click", sku: "kettle" })).toMatchObject({
        ok: true,
      });
      server.clock.advance(1000);
    }
    const pushed = next(viewer.socket, ServerEvent.coupon, 5000);
    const host = await joinRoom(server, await server.token("lin", { role: "host" }));
    await addProduct(server, { sku: "kettle", name: { "zh-CN": "水壶", en: "Kettle" }, price: 19_900 });
    const featured = await call(host.socket, HostEvent.feature, { sku: "kettle" });
    expect(featured).toMatchObject({ ok: true, data: { product: { sku: "kettle" } } });
    expect(await pushed).toMatchObject({ templateId: nudge, source: "nudge" });
    await setRepurchase(server, { nudgeTemplateId: null });
    viewer.socket.disconnect();
    host.socket.disconnect();
  });

  it("onProductFeatured gives high-intent viewers of that sku the nudge coupon privately, once", async () => {
    const nudge = await createTemplateOverApi(server, { minSpend: 0 });
    const shop = await requireShop(server.store.db, server.shop.id);
    expect(await onProductFeatured(server.app.ctx, shop, server.roomId, { sku: "scarf" })).toEqual([]);
    await setRepurchase(server, { nudgeTemplateId: nudge });
    const configured = await requireShop(server.store.db, server.shop.id);
    const { socket } = await joinRoom(server, await server.token("gus"));
    const other = await joinRoom(server, await server.token("hal"));
    let otherGot = false;
    other.socket.on(ServerEvent.coupon, () => {
      otherGot = true;
    });
    const pushed = next(socket, ServerEvent.coupon);
    expect(await onProductFeatured(server.app.ctx, configured, server.roomId, { sku: "scarf" })).toEqual(["gus"]);
    expect(await pushed).toMatchObject({ templateId: nudge, source: "nudge" });
    expect(await onProductFeatured(server.app.ctx, configured, server.roomId, { sku: "scarf" })).toEqual([]);
    expect(await onProductFeatured(server.app.ctx, configured, server.roomId, { sku: "hat" })).toEqual([]);
    expect(otherGot).toBe(false);
    socket.disconnect();
    other.socket.disconnect();
  });

  it("shows a new buyer what goes with what they bought, and a dormant viewer their points", async () => {
    const paidAt = server.clock.now();
    const items = (...skus: string[]) => skus.map((sku) => ({ sku, name: `The ${sku}`, qty: 1, price: 1000 }));
    await shopApi(server, "/v1/orders", {
      body: { orderId: "s-1", viewerId: "x1", amount: 2000, items: items("tea", "cup"), paidAt },
    });
    await shopApi(server, "/v1/orders", {
      body: { orderId: "s-2", viewerId: "x2", amount: 2000, items: items("tea", "honey"), paidAt },
    });
    await shopApi(server, "/v1/orders", {
      body: { orderId: "s-3", viewerId: "x3", amount: 2000, items: items("tea", "cup"), paidAt },
    });
    await shopApi(server, "/v1/orders", {
      body: { orderId: "s-4", viewerId: "ida", amount: 1000, items: items("tea"), paidAt },
    });
    const { snapshot } = await joinRoom(server, await server.token("ida"));
    expect(snapshot.card).toEqual({
      kind: "new_buyer",
      suggestions: [
        { sku: "cup", name: "The cup", price: 1000, image: null },
        { sku: "honey", name: "The honey", price: 1000, image: null },
      ],
    });

    const { socket } = await joinRoom(server, await server.token("jo"));
    await watchFor(server, socket, 600);
    socket.disconnect();
    const points = (await balanceOf(server, "jo")).points;
    server.clock.advance(31 * DAY);
    const back = await joinRoom(server, await server.token("jo"));
    expect(back.snapshot.card).toEqual({ kind: "dormant", points });
    expect((await shopApi(server, "/v1/viewers/jo")).body.segments).toMatchObject({ segments: ["dormant"] });
    back.socket.disconnect();
    // the new buyer's week is over too
    expect((await joinRoom(server, await server.token("ida"))).snapshot.card).toEqual({ kind: "dormant", points: 10 });
  });
});
