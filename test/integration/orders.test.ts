import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CouponTemplateInput } from "../../protocol/index.js";
import { ServerEvent } from "../../protocol/index.js";
import { createShop } from "../../server/services/shops.js";
import { commerceFingerprint, createTemplateOverApi, exchangedCoupon, shopApi } from "../../support/commerce.js";
import { joinRoom, next, startServer, type TestServer } from "../../support/server.js";
import { balanceOf } from "../../support/watch.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const order = (overrides: Record<string, unknown> = {}) => ({
  orderId: "o-1",
  viewerId: "amy",
  amount: 10_000,
  items: [{ sku: "tea", name: "Oolong tea", qty: 2, price: 5000 }],
  paidAt: server.clock.now(),
  ...overrides,
});

const couponFor = (viewerId: string, overrides: Partial<CouponTemplateInput> = {}) =>
  exchangedCoupon(server, viewerId, overrides);

describe("POST /v1/orders", () => {
  it("creates an unknown viewer and credits 1 point and 1 growth per ¥1 paid", async () => {
    const { status, body } = await shopApi(server, "/v1/orders", { body: order() });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      orderId: "o-1",
      viewerId: "amy",
      paid: 10_000,
      pointsEarned: 100,
      growthEarned: 100,
      discount: 0,
      pointsUsed: 0,
      wallet: { points: 100, growth: 100 },
    });
    expect(await balanceOf(server, "amy")).toEqual({ points: 100, growth: 100 });
  });

  it("returns the first answer to a replay and changes nothing", async () => {
    const before = await commerceFingerprint(server);
    const replay = await shopApi(server, "/v1/orders", {
      body: { ...order(), items: [{ price: 5000, qty: 2, name: "Oolong tea", sku: "tea" }] },
    });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ orderId: "o-1", pointsEarned: 100, wallet: { points: 100 } });
    expect(await commerceFingerprint(server)).toBe(before);
  });

  it("refuses the same orderId with a different body", async () => {
    const before = await commerceFingerprint(server);
    const { status, body } = await shopApi(server, "/v1/orders", { body: order({ amount: 20_000 }) });
    expect(status).toBe(409);
    expect(body.error?.code).toBe("order_conflict");
    expect(await commerceFingerprint(server)).toBe(before);
  });

  it("answers the same new order sent several times at once with one order and one answer", async () => {
    const body = order({ orderId: "o-race", viewerId: "racer" });
    const answers = await Promise.all(Array.from({ length: 6 }, () => shopApi(server, "/v1/orders", { body })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    for (const answer of answers) expect(answer.body).toEqual(answers[0]?.body);
    expect(await balanceOf(server, "racer")).toEqual({ points: 100, growth: 100 });
    const rows = await server.store.db
      .selectFrom("orders")
      .select("order_id")
      .where("order_id", "=", "o-race")
      .execute();
    expect(rows).toHaveLength(1);
  });

  it("multiplies order points by the tier the viewer had when paying", async () => {
    // amy has 100 growth; 400 more makes Silver (×1.2) for the next order
    await shopApi(server, "/v1/orders", { body: order({ orderId: "o-2", amount: 40_000, items: [] }) });
    expect((await balanceOf(server, "amy")).growth).toBe(500);
    const { body } = await shopApi(server, "/v1/orders", { body: order({ orderId: "o-3", amount: 10_000 }) });
    expect(body).toMatchObject({ pointsEarned: 120, growthEarned: 100 });
  });

  it("spends points up to the cap: the points leave through the ledger and what they paid earns nothing", async () => {
    const before = await balanceOf(server, "amy");
    const { socket } = await joinRoom(server, await server.token("amy"));
    const pushed = next(socket, ServerEvent.wallet);
    const { status, body } = await shopApi(server, "/v1/orders", {
      body: order({ orderId: "o-4", amount: 1000, pointsUsed: 200 }),
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ pointsUsed: 200, pointsValue: 200, paid: 800, pointsEarned: 9, growthEarned: 8 });
    expect(await balanceOf(server, "amy")).toEqual({ points: before.points - 200 + 9, growth: before.growth + 8 });
    expect((await pushed).reason).toBe("spend");
    const ledger = await shopApi(server, "/v1/viewers/amy/ledger?limit=2");
    expect((ledger.body.entries as { reason: string }[]).map((e) => e.reason)).toEqual(["order", "spend"]);
    socket.disconnect();
  });

  it.each([
    ["points above the cap", { pointsUsed: 201 }, 422, "points_cap"],
    ["more points than the balance", { amount: 1_000_000, pointsUsed: 100_000 }, 409, "insufficient_points"],
    ["a negative amount", { amount: -1 }, 400, "amount_invalid"],
    ["a fractional amount", { amount: 99.5 }, 400, "amount_invalid"],
    ["fractional points", { pointsUsed: 1.5 }, 400, "bad_request"],
    ["a fractional price", { items: [{ sku: "tea", qty: 1, price: 0.5 }] }, 400, "bad_request"],
    ["a coupon that does not exist", { couponCode: "NOPE" }, 404, "coupon_not_found"],
    ["an unknown field", { tip: 5 }, 400, "bad_request"],
  ])("refuses %s and changes nothing", async (_name, overrides, status, code) => {
    const before = await commerceFingerprint(server);
    const res = await shopApi(server, "/v1/orders", { body: order({ orderId: "o-bad", amount: 1000, ...overrides }) });
    expect(res.status).toBe(status);
    expect(res.body.error?.code).toBe(code);
    expect(await commerceFingerprint(server)).toBe(before);
  });

  it("refuses without the shop secret", async () => {
    const res = await shopApi(server, "/v1/orders", { body: order({ orderId: "o-x" }), secret: null });
    expect(res.status).toBe(401);
  });
});

describe("coupons at checkout", () => {
  it("consumes the coupon an order used and takes its discount off what is paid", async () => {
    const code = await couponFor("bo");
    const { status, body } = await shopApi(server, "/v1/orders", {
      body: order({ orderId: "bo-1", viewerId: "bo", amount: 12_000, couponCode: code }),
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ discount: 2000, paid: 10_000, pointsEarned: 100, couponCode: code });
    const viewer = await shopApi(server, "/v1/viewers/bo");
    expect((viewer.body.coupons as { code: string; state: string }[]).find((c) => c.code === code)?.state).toBe(
      "redeemed",
    );
  });

  it("redeems over /v1/coupons/:code/redeem, idempotent on orderId, and the order then uses that redemption", async () => {
    const code = await couponFor("bo", { kind: "percent", value: 10, minSpend: 0 });
    const first = await shopApi(server, `/v1/coupons/${code}/redeem`, {
      body: { orderId: "bo-2", viewerId: "bo", amount: 5000 },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ code, orderId: "bo-2", discount: 500, coupon: { state: "redeemed" } });
    const before = await commerceFingerprint(server);
    const replay = await shopApi(server, `/v1/coupons/${code}/redeem`, {
      body: { orderId: "bo-2", viewerId: "bo", amount: 5000 },
    });
    expect(replay.body).toEqual(first.body);
    expect(await commerceFingerprint(server)).toBe(before);

    const placed = await shopApi(server, "/v1/orders", {
      body: order({ orderId: "bo-2", viewerId: "bo", amount: 5000, couponCode: code }),
    });
    expect(placed.status).toBe(200);
    expect(placed.body).toMatchObject({ discount: 500, paid: 4500 });
  });

  it("refuses a second redemption under another order", async () => {
    const code = await couponFor("bo", { minSpend: 0 });
    await shopApi(server, `/v1/coupons/${code}/redeem`, { body: { orderId: "bo-3", viewerId: "bo", amount: 5000 } });
    const before = await commerceFingerprint(server);
    const again = await shopApi(server, `/v1/coupons/${code}/redeem`, {
      body: { orderId: "bo-4", viewerId: "bo", amount: 5000 },
    });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe("coupon_used");
    const inOrder = await shopApi(server, "/v1/orders", {
      body: order({ orderId: "bo-4", viewerId: "bo", amount: 5000, couponCode: code }),
    });
    expect(inOrder.body.error?.code).toBe("coupon_used");
    expect(await commerceFingerprint(server)).toBe(before);
  });

  it("refuses another viewer's, an expired and a below-threshold coupon, and another shop's, changing nothing", async () => {
    const code = await couponFor("cy", { validDays: 1 });
    const cases: [Record<string, unknown>, number, string, () => void][] = [
      [{ viewerId: "bo", amount: 20_000 }, 403, "coupon_other_viewer", () => {}],
      [{ viewerId: "cy", amount: 9_999 }, 422, "coupon_below_threshold", () => {}],
      [{ viewerId: "cy", amount: -5 }, 400, "amount_invalid", () => {}],
      [{ viewerId: "cy", amount: 20_000 }, 409, "coupon_expired", () => server.clock.advance(2 * 86_400_000)],
    ];
    for (const [body, status, code2, prepare] of cases) {
      prepare();
      const fingerprint = await commerceFingerprint(server);
      const res = await shopApi(server, `/v1/coupons/${code}/redeem`, { body: { orderId: "cy-1", ...body } });
      expect([res.status, res.body.error?.code]).toEqual([status, code2]);
      expect(await commerceFingerprint(server)).toBe(fingerprint);
    }
  });

  it("does not know another shop's coupons", async () => {
    const otherShop = await createShop(server.store.db, { name: "Other" }, server.clock.now());
    const code = await couponFor("dee", { minSpend: 0, validDays: 30 });
    const before = await commerceFingerprint(server);
    const res = await shopApi(server, `/v1/coupons/${code}/redeem`, {
      body: { orderId: "x-1", viewerId: "dee", amount: 5000 },
      secret: otherShop.secret,
    });
    expect([res.status, res.body.error?.code]).toEqual([404, "coupon_not_found"]);
    expect(await commerceFingerprint(server)).toBe(before);
  });
});

describe("POST /v1/orders/:orderId/refund", () => {
  it("reverses what the order earned and spent and restores its coupon, once", async () => {
    const code = await couponFor("eve", { minSpend: 0 });
    await shopApi(server, "/v1/viewers/eve/points", { body: { delta: 1000, idempotencyKey: "eve-gift" } });
    const before = await balanceOf(server, "eve");
    const placed = await shopApi(server, "/v1/orders", {
      body: order({ orderId: "eve-1", viewerId: "eve", amount: 10_000, couponCode: code, pointsUsed: 500 }),
    });
    expect(placed.body).toMatchObject({ discount: 2000, pointsValue: 500, paid: 7500, pointsEarned: 75 });
    const refund = await shopApi(server, "/v1/orders/eve-1/refund", { method: "POST" });
    expect(refund.status).toBe(200);
    expect(refund.body).toMatchObject({
      orderId: "eve-1",
      pointsReversed: 75,
      pointsRestored: 500,
      growthReversed: 75,
      couponRestored: code,
    });
    expect(await balanceOf(server, "eve")).toEqual(before);
    const viewer = await shopApi(server, "/v1/viewers/eve");
    expect((viewer.body.coupons as { code: string; state: string }[]).find((c) => c.code === code)?.state).toBe(
      "issued",
    );
    const ledger = await shopApi(server, "/v1/viewers/eve/ledger?limit=1");
    expect(ledger.body.entries).toMatchObject([{ reason: "refund", delta: 425, growthDelta: -75 }]);

    const fingerprint = await commerceFingerprint(server);
    const replay = await shopApi(server, "/v1/orders/eve-1/refund", { method: "POST" });
    expect(replay.body).toEqual(refund.body);
    expect(await commerceFingerprint(server)).toBe(fingerprint);

    // the refunded order is finished: it cannot redeem again; the restored coupon serves a new order
    const reuse = await shopApi(server, `/v1/coupons/${code}/redeem`, {
      body: { orderId: "eve-1", viewerId: "eve", amount: 10_000 },
    });
    expect([reuse.status, reuse.body.error?.code]).toEqual([409, "order_conflict"]);
    const again = await shopApi(server, "/v1/orders", {
      body: order({ orderId: "eve-2", viewerId: "eve", amount: 10_000, couponCode: code }),
    });
    expect(again.body).toMatchObject({ discount: 2000 });
  });

  it("takes back only what is left when the earned points were already spent", async () => {
    await shopApi(server, "/v1/orders", { body: order({ orderId: "fay-1", viewerId: "fay", amount: 50_000 }) });
    await shopApi(server, "/v1/viewers/fay/points", { body: { delta: -400, idempotencyKey: "fay-spent" } });
    const refund = await shopApi(server, "/v1/orders/fay-1/refund", { method: "POST" });
    expect(refund.body).toMatchObject({ pointsReversed: 100, growthReversed: 500 });
    expect(await balanceOf(server, "fay")).toEqual({ points: 0, growth: 0 });
  });

  it("refuses an unknown order and changes nothing", async () => {
    const before = await commerceFingerprint(server);
    const res = await shopApi(server, "/v1/orders/nope/refund", { method: "POST" });
    expect([res.status, res.body.error?.code]).toEqual([404, "order_not_found"]);
    expect(await commerceFingerprint(server)).toBe(before);
  });
});

describe("templates and viewers over HTTP", () => {
  it("creates and lists coupon templates, refusing a bad one", async () => {
    const id = await createTemplateOverApi(server, { pointsCost: 300 });
    const list = await shopApi(server, "/v1/coupon-templates");
    expect((list.body.templates as { id: string }[]).some((t) => t.id === id)).toBe(true);
    const bad = await shopApi(server, "/v1/coupon-templates", {
      body: { name: { "zh-CN": "x", en: "x" }, kind: "percent", value: 120, minSpend: 0, validDays: 1 },
    });
    expect([bad.status, bad.body.error?.code]).toEqual([400, "bad_request"]);
    const tier = await shopApi(server, "/v1/coupon-templates", {
      body: { name: { "zh-CN": "x", en: "x" }, kind: "amount", value: 1, minSpend: 0, validDays: 1, minTier: "god" },
    });
    expect([tier.status, tier.body.error?.code]).toEqual([400, "bad_request"]);
  });

  it("reads a viewer's coupons and segments", async () => {
    const { body } = await shopApi(server, "/v1/viewers/amy");
    expect(body).toMatchObject({ viewerId: "amy", segments: { segments: ["new_buyer"], highIntentSkus: [] } });
    expect(Array.isArray(body.coupons)).toBe(true);
  });

  it("documents every commerce route in OpenAPI", async () => {
    const spec = (await shopApi(server, "/openapi.json", { secret: null })).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>>;
    };
    for (const [path, method] of [
      ["/v1/orders", "post"],
      ["/v1/orders/{orderId}/refund", "post"],
      ["/v1/coupons/{code}/redeem", "post"],
      ["/v1/coupon-templates", "post"],
      ["/v1/coupon-templates", "get"],
      ["/v1/webhooks", "put"],
      ["/v1/webhooks/deliveries", "get"],
    ] as const) {
      expect(spec.paths[path]?.[method]?.responses["200"]?.content, `${method} ${path}`).toBeDefined();
    }
  });
});
