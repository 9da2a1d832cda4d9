import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientEvent, ServerEvent } from "../../protocol/index.js";
import { createTemplateOverApi, setRepurchase, shopApi } from "../../support/commerce.js";
import { call, joinRoom, next, startServer, type TestServer } from "../../support/server.js";
import { balanceOf, watchFor } from "../../support/watch.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe("the commerce loop", () => {
  it("watch → order → tier up → first-order coupon → redeemed at the next order", async () => {
    const repurchase = await createTemplateOverApi(server, {
      name: { "zh-CN": "复购券", en: "Come-back coupon" },
      value: 3000,
      minSpend: 10_000,
      validDays: 30,
    });
    await setRepurchase(server, { firstOrderTemplateId: repurchase });

    // watching earns points and growth
    const { socket } = await joinRoom(server, await server.token("mia"));
    await watchFor(server, socket, 600);
    expect(await balanceOf(server, "mia")).toEqual({ points: 10, growth: 10 });

    // the first order lifts her to Silver and grants the come-back coupon, both pushed to her sockets
    const tier = next(socket, ServerEvent.tier);
    const coupon = next(socket, ServerEvent.coupon);
    const first = await shopApi(server, "/v1/orders", {
      body: {
        orderId: "mia-1",
        viewerId: "mia",
        amount: 49_000,
        items: [{ sku: "tea", qty: 1, price: 49_000 }],
        paidAt: server.clock.now(),
      },
    });
    expect(first.body).toMatchObject({ pointsEarned: 490, growthEarned: 490, wallet: { growth: 500 } });
    expect(await tier).toMatchObject({ from: "fan", to: "silver" });
    const granted = await coupon;
    expect(granted).toMatchObject({ templateId: repurchase, source: "first_order", state: "issued" });
    expect(granted.expiresAt - granted.issuedAt).toBe(30 * 86_400_000);

    // she comes back a week later; the shop's checkout redeems the coupon, then reports the order
    server.clock.advance(7 * 86_400_000);
    const redeemed = await shopApi(server, `/v1/coupons/${granted.code}/redeem`, {
      body: { orderId: "mia-2", viewerId: "mia", amount: 20_000 },
    });
    expect(redeemed.body).toMatchObject({ discount: 3000, coupon: { state: "redeemed" } });
    const second = await shopApi(server, "/v1/orders", {
      body: {
        orderId: "mia-2",
        viewerId: "mia",
        amount: 20_000,
        items: [{ sku: "cup", qty: 1, price: 20_000 }],
        couponCode: granted.code,
        paidAt: server.clock.now(),
      },
    });
    // paid ¥170 at Silver: 170 × 1.2 points, 170 growth; a second order grants no second first-order coupon
    expect(second.body).toMatchObject({
      discount: 3000,
      paid: 17_000,
      pointsEarned: 204,
      growthEarned: 170,
      granted: [],
      wallet: { points: 10 + 490 + 204, growth: 670 },
    });
    const sync = await call(socket, ClientEvent.sync, {});
    expect(sync.ok && sync.data.coupons.map((c) => [c.code, c.state])).toEqual([[granted.code, "redeemed"]]);
    expect(sync.ok && sync.data.card).toMatchObject({ kind: "new_buyer" });
    socket.disconnect();
  });
});
