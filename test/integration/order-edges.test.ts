import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CouponTemplateInput } from "../../protocol/index.js";
import { MAX_BALANCE, MAX_ORDER_CENTS } from "../../protocol/index.js";
import { verifyStore } from "../../server/ops/verify.js";
import { postChange } from "../../server/services/points.js";
import { ensureViewer } from "../../server/store/viewers.js";
import { commerceFingerprint, exchangedCoupon, shopApi } from "../../support/commerce.js";
import { startServer, type TestServer } from "../../support/server.js";
import { balanceOf } from "../../support/watch.js";

/** Orders and redemptions at the edges a hostile or careless shop backend reaches. */
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
  items: [],
  paidAt: server.clock.now(),
  ...overrides,
});

const couponFor = (viewerId: string, overrides: Partial<CouponTemplateInput> = {}) =>
  exchangedCoupon(server, viewerId, overrides);

const redeem = (code: string, body: Record<string, unknown>) => shopApi(server, `/v1/coupons/${code}/redeem`, { body });

async function expectRefusedUnchanged(
  send: () => Promise<{ status: number; body: { error?: { code: string } } }>,
  status: number,
  code: string,
) {
  const before = await commerceFingerprint(server);
  const res = await send();
  expect([res.status, res.body.error?.code]).toEqual([status, code]);
  expect(await commerceFingerprint(server)).toBe(before);
}

describe("an order and the coupon its checkout redeemed", () => {
  it("refuses an order naming another coupon than the one redeemed for its orderId, with 409 and no change", async () => {
    const x = await couponFor("ann", { minSpend: 0 });
    const y = await couponFor("ann", { minSpend: 0 });
    expect((await redeem(x, { orderId: "ann-1", viewerId: "ann", amount: 10_000 })).status).toBe(200);
    await expectRefusedUnchanged(
      () => shopApi(server, "/v1/orders", { body: order({ orderId: "ann-1", viewerId: "ann", couponCode: y }) }),
      409,
      "order_conflict",
    );
    // and one that names no coupon at all: the redeemed coupon would stay spent on an order that did not use it
    await expectRefusedUnchanged(
      () => shopApi(server, "/v1/orders", { body: order({ orderId: "ann-1", viewerId: "ann" }) }),
      409,
      "order_conflict",
    );
    // the coupon that was redeemed still completes the order
    const placed = await shopApi(server, "/v1/orders", {
      body: order({ orderId: "ann-1", viewerId: "ann", couponCode: x }),
    });
    expect(placed.status).toBe(200);
    expect(placed.body).toMatchObject({ discount: 2000, paid: 8000 });
  });

  it("refuses to redeem a coupon for an order already reported without it", async () => {
    const code = await couponFor("abe", { minSpend: 0 });
    expect((await shopApi(server, "/v1/orders", { body: order({ orderId: "abe-1", viewerId: "abe" }) })).status).toBe(
      200,
    );
    await expectRefusedUnchanged(
      () => redeem(code, { orderId: "abe-1", viewerId: "abe", amount: 10_000 }),
      409,
      "order_conflict",
    );
  });

  it("refuses a final amount below the coupon's minimum spend, changing nothing", async () => {
    const code = await couponFor("ben");
    const redeemed = await redeem(code, { orderId: "ben-1", viewerId: "ben", amount: 10_000 });
    expect(redeemed.body).toMatchObject({ discount: 2000 });
    await expectRefusedUnchanged(
      () =>
        shopApi(server, "/v1/orders", {
          body: order({ orderId: "ben-1", viewerId: "ben", amount: 500, couponCode: code }),
        }),
      422,
      "coupon_below_threshold",
    );
  });

  it("recomputes the discount on the order's final amount, and the redemption follows it", async () => {
    const percent = await couponFor("cat", { kind: "percent", value: 10, minSpend: 0 });
    expect((await redeem(percent, { orderId: "cat-1", viewerId: "cat", amount: 10_000 })).body).toMatchObject({
      discount: 1000,
    });
    const placed = await shopApi(server, "/v1/orders", {
      body: order({ orderId: "cat-1", viewerId: "cat", amount: 6000, couponCode: percent }),
    });
    expect(placed.body).toMatchObject({ amount: 6000, discount: 600, paid: 5400 });
    const redemption = await server.store.db
      .selectFrom("redemptions")
      .select(["amount", "discount"])
      .where("order_id", "=", "cat-1")
      .executeTakeFirstOrThrow();
    expect([Number(redemption.amount), Number(redemption.discount)]).toEqual([6000, 600]);

    // an amount-off coupon never takes off more than the order is worth
    const fixed = await couponFor("cat", { value: 2000, minSpend: 0 });
    await redeem(fixed, { orderId: "cat-2", viewerId: "cat", amount: 10_000 });
    const small = await shopApi(server, "/v1/orders", {
      body: order({ orderId: "cat-2", viewerId: "cat", amount: 1500, couponCode: fixed }),
    });
    expect(small.body).toMatchObject({ discount: 1500, paid: 0 });
  });

  it("refuses points that would pay for what the coupon already took off", async () => {
    const code = await couponFor("dan", { kind: "percent", value: 95, minSpend: 0 });
    await shopApi(server, "/v1/viewers/dan/points", { body: { delta: 5000, idempotencyKey: "dan-gift" } });
    // 95% off 10,000 leaves 500; 2,000 points are worth ¥20, within the 20% cap of the order but more than is left
    await expectRefusedUnchanged(
      () =>
        shopApi(server, "/v1/orders", {
          body: order({ orderId: "dan-1", viewerId: "dan", couponCode: code, pointsUsed: 2000 }),
        }),
      422,
      "points_cap",
    );
  });

  it("answers a room id created twice at once with one room and room_exists, never a 500", async () => {
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => shopApi(server, "/v1/rooms", { body: { id: "twice", title: "Twice" } })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.error?.code)).toEqual([
      "room_exists",
      "room_exists",
      "room_exists",
    ]);
  });
});

describe("amounts and balances stay within safe integers", () => {
  it("refuses sixty orders of Number.MAX_SAFE_INTEGER cents with amount_invalid, and the ledger still verifies", async () => {
    const before = await commerceFingerprint(server);
    for (let i = 0; i < 60; i++) {
      const res = await shopApi(server, "/v1/orders", {
        body: order({ orderId: `huge-${i}`, viewerId: "eli", amount: Number.MAX_SAFE_INTEGER }),
      });
      expect([res.status, res.body.error?.code]).toEqual([400, "amount_invalid"]);
    }
    expect(await commerceFingerprint(server)).toBe(before);
    expect(await verifyStore(server.store)).toEqual([]);
  });

  it.each([
    ["an amount above the largest order", { amount: MAX_ORDER_CENTS + 1 }],
    ["a redemption amount above the largest order", { amount: MAX_ORDER_CENTS + 1 }, "redeem"],
    [
      "items whose qty × price add up past the largest order",
      { items: Array.from({ length: 2 }, (_, i) => ({ sku: `bulk-${i}`, qty: 10_000, price: 100_000_000 })) },
    ],
  ])("refuses %s with amount_invalid", async (_name, overrides, route = "order") => {
    if (route === "redeem") {
      const code = await couponFor("fox", { minSpend: 0 });
      await expectRefusedUnchanged(
        () => redeem(code, { orderId: "fox-1", viewerId: "fox", ...overrides }),
        400,
        "amount_invalid",
      );
      return;
    }
    await expectRefusedUnchanged(
      () => shopApi(server, "/v1/orders", { body: order({ orderId: "big-1", viewerId: "fox", ...overrides }) }),
      400,
      "amount_invalid",
    );
  });

  it("accepts the largest order and keeps the ledger exact", async () => {
    const res = await shopApi(server, "/v1/orders", {
      body: order({ orderId: "max-1", viewerId: "gus", amount: MAX_ORDER_CENTS }),
    });
    expect(res.status).toBe(200);
    expect(await verifyStore(server.store)).toEqual([]);
  });

  it("refuses an order whose points would lift a balance past the largest balance", async () => {
    const now = server.clock.now();
    await ensureViewer(server.store.db, server.shop.id, "hal", {}, now);
    await server.store.db
      .transaction()
      .execute((trx) =>
        postChange(
          trx,
          server.store.dialect,
          server.shop.id,
          "hal",
          { delta: MAX_BALANCE - 10, growthDelta: 0, reason: "adjust", ref: "setup", idempotencyKey: "hal-setup" },
          now,
        ),
      );
    await expectRefusedUnchanged(
      () => shopApi(server, "/v1/orders", { body: order({ orderId: "hal-1", viewerId: "hal", amount: 100_000 }) }),
      400,
      "amount_invalid",
    );
    await expectRefusedUnchanged(
      () => shopApi(server, "/v1/viewers/hal/points", { body: { delta: 11, idempotencyKey: "hal-more" } }),
      400,
      "amount_invalid",
    );
    expect((await balanceOf(server, "hal")).points).toBe(MAX_BALANCE - 10);
  });
});
