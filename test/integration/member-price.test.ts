import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CouponTemplateInput } from "../../protocol/index.js";
import { DEFAULT_CONFIG, WEBHOOK_PAYLOADS } from "../../protocol/index.js";
import { SIGNATURE_HEADER, verifySignature } from "../../server/domain/webhooks.js";
import { commerceFingerprint, exchangedCoupon, shopApi, startReceiver } from "../../support/commerce.js";
import { startServer, type TestServer } from "../../support/server.js";

/**
 * Perks that act: a tier's member price comes off every order (at quote, redeem and order time,
 * before the coupon and points), and its flags travel with the order to the shop's fulfilment.
 */
let server: TestServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let secret: string;

/** The default tiers with a member price from Silver up and Gold's flags set, as a shop sets them in Program. */
const tiers = DEFAULT_CONFIG.tiers.map((tier) =>
  tier.key === "silver"
    ? { ...tier, memberPricePercent: 5 }
    : tier.key === "gold"
      ? { ...tier, memberPricePercent: 10, flags: ["priorityShipping", "freeShipping"] }
      : tier,
);

beforeAll(async () => {
  server = await startServer();
  receiver = await startReceiver();
  const added = await shopApi(server, "/v1/webhook-endpoints", { body: { url: receiver.url } });
  secret = added.body.secret as string;
  expect((await putTiers(tiers)).status).toBe(200);
  // Gold (growth 2,000) for "gia": a first order of ¥2,000 at the Fan tier, which has no member price
  const first = await placeOrder({ orderId: "gia-0", viewerId: "gia", amount: 200_000 });
  expect(first.body).toMatchObject({ memberDiscount: 0, paid: 200_000, wallet: { tier: { key: "gold" } } });
});
afterAll(async () => {
  await receiver.close();
  await server.close();
});

/** The shop's whole config with these tiers, as the back office saves it. */
async function putTiers(next: readonly unknown[]) {
  const { body: config } = await shopApi(server, "/v1/config");
  return shopApi(server, "/v1/config", { method: "PUT", body: { ...config, tiers: next } });
}

const placeOrder = (fields: { orderId: string; viewerId: string; amount: number } & Record<string, unknown>) =>
  shopApi(server, "/v1/orders", {
    body: { items: [{ sku: "tea", qty: 1, price: fields.amount }], paidAt: server.clock.now(), ...fields },
  });

const couponFor = (viewerId: string, overrides: Partial<CouponTemplateInput> = {}) =>
  exchangedCoupon(server, viewerId, overrides);

describe("a member price", () => {
  it("is quoted for the viewer's tier now, with the perks, and nothing is written", async () => {
    const before = await commerceFingerprint(server);
    const gold = await shopApi(server, "/v1/orders/quote", { body: { viewerId: "gia", amount: 10_000 } });
    expect(gold.status).toBe(200);
    expect(gold.body).toEqual({
      viewerId: "gia",
      amount: 10_000,
      tier: "gold",
      memberPricePercent: 10,
      memberDiscount: 1000,
      discount: 0,
      pointsUsed: 0,
      pointsValue: 0,
      paid: 9000,
      pointsEarned: 135,
      growthEarned: 90,
      perks: ["priorityShipping", "freeShipping"],
      campaign: null,
    });
    // a viewer the shop has not seen is a Fan: no member price
    const stranger = await shopApi(server, "/v1/orders/quote", { body: { viewerId: "new-face", amount: 10_000 } });
    expect(stranger.body).toMatchObject({ tier: "fan", memberDiscount: 0, paid: 10_000, perks: ["priorityShipping"] });
    expect(await commerceFingerprint(server)).toBe(before);
  });

  it("comes off the order before the coupon, whose minimum spend is reckoned on the member price", async () => {
    // ¥100 at Gold is ¥90: a coupon for orders of ¥95 or more does not apply, at quote or order time
    const high = await couponFor("gia", { minSpend: 9500, kind: "amount", value: 500 });
    const quoted = await shopApi(server, "/v1/orders/quote", {
      body: { viewerId: "gia", amount: 10_000, couponCode: high },
    });
    expect(quoted.body.error?.code).toBe("coupon_below_threshold");
    const before = await commerceFingerprint(server);
    const refused = await placeOrder({ orderId: "gia-1", viewerId: "gia", amount: 10_000, couponCode: high });
    expect(refused.body.error?.code).toBe("coupon_below_threshold");
    expect(await commerceFingerprint(server)).toBe(before);

    // 10% off the member price: ¥90 → ¥9 off → ¥81 paid
    const percent = await couponFor("gia", { minSpend: 0, kind: "percent", value: 10 });
    const quote = await shopApi(server, "/v1/orders/quote", {
      body: { viewerId: "gia", amount: 10_000, couponCode: percent },
    });
    const placed = await placeOrder({ orderId: "gia-2", viewerId: "gia", amount: 10_000, couponCode: percent });
    expect(placed.status).toBe(200);
    expect(placed.body).toMatchObject({ memberDiscount: 1000, discount: 900, paid: 8100, perks: quote.body.perks });
    for (const key of ["memberDiscount", "discount", "paid", "pointsEarned", "growthEarned"]) {
      expect(placed.body[key], key).toBe(quote.body[key]);
    }
  });

  it("caps points on the member price, and a replay answers as the first time", async () => {
    await shopApi(server, "/v1/viewers/gia/points", { body: { delta: 10_000, idempotencyKey: "gia-funds" } });
    // the cap is 20% of ¥90 = ¥18 = 1,800 points; 2,000 points (¥20) is past it, though within 20% of ¥100
    const over = await placeOrder({ orderId: "gia-3", viewerId: "gia", amount: 10_000, pointsUsed: 2000 });
    expect(over.body.error?.code).toBe("points_cap");
    const body = { orderId: "gia-3", viewerId: "gia", amount: 10_000, pointsUsed: 1800 };
    const first = await placeOrder(body);
    expect(first.body).toMatchObject({ memberDiscount: 1000, pointsValue: 1800, paid: 7200 });
    const again = await placeOrder(body);
    expect(again.body).toEqual(first.body);
  });

  it("is taken at checkout redemption, and a redemption's replay keeps its first answer", async () => {
    const code = await couponFor("gia", { minSpend: 0, kind: "amount", value: 500 });
    const redeem = { orderId: "gia-4", viewerId: "gia", amount: 10_000 };
    const first = await shopApi(server, `/v1/coupons/${code}/redeem`, { body: redeem });
    expect(first.body).toMatchObject({ memberDiscount: 1000, discount: 500 });
    const replay = await shopApi(server, `/v1/coupons/${code}/redeem`, { body: redeem });
    expect(replay.body).toEqual(first.body);
    const placed = await placeOrder({ ...redeem, couponCode: code });
    expect(placed.body).toMatchObject({ memberDiscount: 1000, discount: 500, paid: 8500 });
  });

  it("sends the tier's perks and the member price with order.credited, signed", async () => {
    await server.app.webhooks.deliverDue();
    const credited = receiver.received
      .map((r) => ({ r, body: JSON.parse(r.body) as { event: string; data: Record<string, unknown> } }))
      .filter(({ body }) => body.event === "order.credited" && body.data.orderId === "gia-2");
    expect(credited).toHaveLength(1);
    const [{ r, body }] = credited as [(typeof credited)[number]];
    expect(verifySignature(secret, String(r.headers[SIGNATURE_HEADER]), r.body, server.clock.now())).toBe(true);
    expect(WEBHOOK_PAYLOADS["order.credited"].parse(body)).toBeTruthy();
    expect(body.data).toMatchObject({ memberDiscount: 1000, paid: 8100, perks: ["priorityShipping", "freeShipping"] });
  });

  it("refuses a member price past 50% or a flag given twice, and changes nothing", async () => {
    const before = await shopApi(server, "/v1/config");
    for (const tier of [
      { ...tiers[1], memberPricePercent: 60 },
      { ...tiers[1], memberPricePercent: 2.5 },
      { ...tiers[1], flags: ["freeShipping", "freeShipping"] },
      { ...tiers[1], flags: ["teleport"] },
    ]) {
      const res = await putTiers([tiers[0], tier, ...tiers.slice(2)]);
      expect(res.status, JSON.stringify(tier)).toBe(400);
    }
    expect((await shopApi(server, "/v1/config")).body).toEqual(before.body);
  });
});
