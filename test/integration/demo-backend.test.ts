import { afterEach, describe, expect, it } from "vitest";
import { DEMO_PRODUCTS } from "../../demo/catalogue.js";
import { DEMO_MEMBER_PRICES } from "../../demo/commerce.js";
import { DEMO_VIEWERS } from "../../demo/seed.js";
import {
  ClientEvent,
  type CouponView,
  type OrderResponse,
  type Product,
  type ViewerResponse,
} from "../../protocol/index.js";
import { shopApi } from "../../support/commerce.js";
import { call, joinRoom, startServer, type TestServer } from "../../support/server.js";
import { stateFingerprint } from "../../support/watch.js";

/** The demo shop's backend: what the demo page's buy buttons and login switch talk to. */
describe("demo shop backend", () => {
  let server: TestServer;
  afterEach(async () => {
    await server?.close();
  });

  const demoApi = async (path: string, init: { body?: unknown; token?: string } = {}) => {
    const res = await fetch(`${server.url}/demo/api/${path}`, {
      method: init.body === undefined ? "GET" : "POST",
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return {
      status: res.status,
      text,
      body: JSON.parse(text) as Record<string, unknown> & { error?: { code: string } },
    };
  };
  const login = async (as: "amy" | "bo" | "host") => (await demoApi("login", { body: { as } })).body.token as string;

  it("signs with the key the shop rotated to in its settings, which the room accepts once the old one stops", async () => {
    server = await startServer({ demo: true });
    // rotated with no window: from now on only the new key verifies
    const rotated = await shopApi(server, "/v1/signing-keys/rotate", { body: { windowSeconds: 0 } });
    expect(rotated.status).toBe(200);
    const { kid } = (rotated.body as { key: { kid: string } }).key;
    const token = await login("amy");
    expect(JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString()).kid).toBe(kid);
    const { snapshot } = await joinRoom(server, token);
    expect(snapshot.viewer?.id).toBe(DEMO_VIEWERS.amy.id);
    // and the backend checks the page's token against that key too
    expect((await demoApi("me", { token })).status).toBe(200);
  });

  it("lists the shelf and signs tokens for the demo viewers without ever showing the shop secret", async () => {
    server = await startServer({ demo: true });
    const room = await demoApi("room");
    expect(room.status).toBe(200);
    expect((room.body.products as unknown[]).length).toBe(DEMO_PRODUCTS.length);
    expect(room.body.money).toEqual({ pointsPerYuan: 100, pointsSpendCapPercent: 20 });

    const amy = await demoApi("login", { body: { as: "amy" } });
    expect(amy.status).toBe(200);
    expect(amy.text).not.toContain(server.shop.secret);
    const me = await demoApi("me", { token: amy.body.token as string });
    const viewer = me.body as unknown as ViewerResponse;
    expect(viewer.viewerId).toBe(DEMO_VIEWERS.amy.id);
    // Amy is the returning Silver member, Bo is new
    expect(viewer.wallet.tier.key).toBe("silver");
    expect(viewer.wallet.growth).toBe(DEMO_VIEWERS.amy.growth);
    // she comes with points to spend, carried over through the ledger with a reason, like any change
    expect(viewer.wallet.points).toBeGreaterThanOrEqual(1000);
    expect(viewer.wallet.points).toBe(DEMO_VIEWERS.amy.points);
    const ledger = await shopApi(server, `/v1/viewers/${DEMO_VIEWERS.amy.id}/ledger`);
    const entries = ledger.body.entries as { delta: number; reason: string; note: string | null }[];
    expect(entries.reduce((sum, e) => sum + e.delta, 0)).toBe(viewer.wallet.points);
    expect(entries.find((e) => e.delta > 0)).toMatchObject({ reason: "adjust" });
    const bo = (await demoApi("me", { token: await login("bo") })).body as unknown as ViewerResponse;
    expect(bo.wallet.tier.index).toBe(0);

    // the host token opens the console, not the viewer's checkout
    const host = await login("host");
    expect((await demoApi("me", { token: host })).body.error?.code).toBe("forbidden");
    expect((await demoApi("login", { body: { as: "mallory" } })).body.error?.code).toBe("bad_request");
  });

  it("renews a viewer's token for the browser extension, and refuses an expired, forged or host token", async () => {
    server = await startServer({ demo: true });
    const renew = (token: string) =>
      fetch(`${server.url}/demo/api/renew`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    const amy = await login("amy");
    server.clock.advance(3600_000);
    const renewed = await renew(amy);
    expect(renewed.status).toBe(200);
    const { token } = (await renewed.json()) as { token: string };
    expect(token).not.toBe(amy);
    // the same viewer, for longer
    const viewer = (await demoApi("me", { token })).body as unknown as ViewerResponse;
    expect(viewer.viewerId).toBe(DEMO_VIEWERS.amy.id);
    const exp = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString()).exp;
    expect(exp(token)).toBeGreaterThan(exp(amy));

    server.clock.advance(13 * 3600_000);
    const expired = await renew(amy);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe("token_expired");
    const forged = await renew(await server.token(DEMO_VIEWERS.bo.id, {}, "not-the-shop-secret"));
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("token_invalid");
    expect((await renew(await login("host"))).status).toBe(403);
  });

  it("seeds the demo catalogue into the products table, names in both locales, usage days where used up", async () => {
    server = await startServer({ demo: true });
    const products = (await shopApi(server, "/v1/products")).body.products as Product[];
    expect(products.map((p) => p.sku)).toEqual(DEMO_PRODUCTS.map((p) => p.sku));
    const usage = Object.fromEntries(products.map((p) => [p.sku, p.usageDays]));
    expect(usage).toEqual({
      "tea-oolong": 45,
      "serum-30": 30,
      "scarf-silk": null,
      "mug-duo": null,
      "tote-linen": null,
      "roller-jade": null,
    });
    for (const p of products) {
      expect(p.name["zh-CN"]).toMatch(/\p{Script=Han}/u);
      expect(p.name.en).toMatch(/^[A-Z]/);
      expect(p.inStock).toBe(true);
      expect(p.was).toBeGreaterThan(p.price);
    }
    expect((await demoApi("room")).body.products).toEqual(products);
  });

  it("prices a checkout from the catalogue as it is now, and refuses a product out of stock", async () => {
    server = await startServer({ demo: true });
    const token = await login("amy");
    await shopApi(server, "/v1/products/mug-duo", { method: "PUT", body: { price: 4_500 } });
    const order = await demoApi("checkout", { token, body: { sku: "mug-duo" } });
    expect(order.status).toBe(200);
    expect((order.body as unknown as OrderResponse).amount).toBe(4_500);
    await shopApi(server, "/v1/products/mug-duo", { method: "PUT", body: { inStock: false } });
    const before = await stateFingerprint(server);
    const refused = await demoApi("checkout", { token, body: { sku: "mug-duo" } });
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe("sold_out");
    expect(await stateFingerprint(server)).toEqual(before);
  });

  it("quotes a checkout at the viewer's member price, writes nothing, and the order comes to the quote", async () => {
    server = await startServer({ demo: true });
    const token = await login("amy");
    const serum = DEMO_PRODUCTS.find((p) => p.sku === "serum-30");
    // the backend's API key has been used (its last use is kept to the minute): the quote then writes nothing
    await demoApi("room");
    const before = await stateFingerprint(server);
    const quoted = await demoApi("quote", { token, body: { sku: "serum-30", pointsUsed: 1000 } });
    expect(quoted.status).toBe(200);
    const off = Math.floor(((serum?.price ?? 0) * (DEMO_MEMBER_PRICES.silver ?? 0)) / 100);
    expect(quoted.body).toMatchObject({ tier: "silver", memberDiscount: off, pointsValue: 1000 });
    expect(await stateFingerprint(server)).toEqual(before);
    const order = await demoApi("checkout", { token, body: { sku: "serum-30", pointsUsed: 1000 } });
    for (const key of ["memberDiscount", "discount", "pointsValue", "paid", "pointsEarned", "growthEarned", "perks"]) {
      expect(order.body[key], key).toEqual(quoted.body[key]);
    }
    expect((await demoApi("quote", { body: { sku: "serum-30" } })).body.error?.code).toBe("unauthorized");
  });

  it("checks out through the Shop API: coupon redeemed, points spent, first-order coupon granted", async () => {
    server = await startServer({ demo: true });
    const token = await login("bo");
    const viewerId = DEMO_VIEWERS.bo.id;
    await shopApi(server, `/v1/viewers/${viewerId}/points`, { body: { delta: 3000, idempotencyKey: "demo-gift" } });
    // 500 points buy the ¥5 coupon; 1,000 pay ¥10 of the order; 1,500 stay
    // a ¥5 coupon from the points catalogue, as the widget's exchange would issue it
    const templates = (await shopApi(server, "/v1/coupon-templates")).body.templates as { id: string; value: number }[];
    const fiveOff = templates.find((t) => t.value === 500);
    const { socket } = await joinRoom(server, token);
    const exchanged = (await call(socket, ClientEvent.exchange, { templateId: fiveOff?.id ?? "" })) as {
      ok: true;
      data: { coupon: CouponView };
    };
    const code = exchanged.data.coupon.code;

    const product = DEMO_PRODUCTS.find((p) => p.sku === "serum-30");
    const order = await demoApi("checkout", { token, body: { sku: "serum-30", couponCode: code, pointsUsed: 1000 } });
    expect(order.status).toBe(200);
    const paid = order.body as unknown as OrderResponse;
    expect(paid.amount).toBe(product?.price);
    expect(paid.discount).toBe(500);
    expect(paid.pointsUsed).toBe(1000);
    expect(paid.paid).toBe((product?.price ?? 0) - 500 - 1000);
    expect(paid.granted.map((c) => c.source)).toEqual(["first_order"]);
    const me = (await demoApi("me", { token })).body as unknown as ViewerResponse;
    expect(me.coupons.find((c) => c.code === code)?.state).toBe("redeemed");
    expect(me.wallet.growth).toBe(Math.floor(paid.paid / 100));
    expect(me.wallet.points).toBe(3000 - 500 - 1000 + paid.pointsEarned);
  });

  it("refuses a guest, a stranger's coupon, an unknown product and too many points, and changes nothing", async () => {
    server = await startServer({ demo: true });
    const token = await login("amy");
    // the backend's API key has been used (its last use is kept to the minute): a refusal changes nothing after
    await demoApi("room");
    const before = await stateFingerprint(server);
    expect((await demoApi("checkout", { body: { sku: "serum-30" } })).body.error?.code).toBe("unauthorized");
    expect((await demoApi("checkout", { token, body: { sku: "nothing" } })).body.error?.code).toBe("bad_request");
    const stranger = await demoApi("checkout", { token, body: { sku: "serum-30", couponCode: "NOPE-0000" } });
    expect(stranger.status).toBe(404);
    expect(stranger.body.error?.code).toBe("coupon_not_found");
    const forged = await server.token(DEMO_VIEWERS.amy.id, {}, "sk_not_the_secret");
    expect((await demoApi("checkout", { token: forged, body: { sku: "serum-30" } })).body.error?.code).toBe(
      "token_invalid",
    );
    expect(await stateFingerprint(server)).toEqual(before);

    // too many points: refused before the coupon is redeemed, so the coupon stays in the wallet
    const bo = await login("bo");
    await shopApi(server, `/v1/viewers/${DEMO_VIEWERS.bo.id}/points`, {
      body: { delta: 9000, idempotencyKey: "bo-gift" },
    });
    const { socket } = await joinRoom(server, bo);
    const templates = (await shopApi(server, "/v1/coupon-templates")).body.templates as { id: string; value: number }[];
    const exchanged = (await call(socket, ClientEvent.exchange, {
      templateId: templates.find((t) => t.value === 500)?.id ?? "",
    })) as { ok: true; data: { coupon: CouponView } };
    const code = exchanged.data.coupon.code;
    const afterExchange = await stateFingerprint(server);
    for (const [pointsUsed, refusal] of [
      [5000, "points_cap"],
      [9000, "points_cap"],
    ] as const) {
      const tooMany = await demoApi("checkout", { token: bo, body: { sku: "serum-30", couponCode: code, pointsUsed } });
      expect(tooMany.body.error?.code).toBe(refusal);
    }
    // more points than Amy has, within the cap
    const pointsUsed = DEMO_VIEWERS.amy.points + 100;
    const broke = await demoApi("checkout", { token, body: { sku: "serum-30", pointsUsed } });
    expect(broke.body.error?.code).toBe("insufficient_points");
    expect(await stateFingerprint(server)).toEqual(afterExchange);
    const wallet = (await demoApi("me", { token: bo })).body as unknown as ViewerResponse;
    expect(wallet.coupons.find((c) => c.code === code)?.state).toBe("issued");
  });
});
