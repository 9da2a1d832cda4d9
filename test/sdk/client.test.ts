import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEBHOOK_PAYLOADS } from "../../protocol/index.js";
import {
  createClient,
  type EncoreClient,
  EncoreError,
  type OperationMethods,
  signViewerToken,
  verifyWebhook,
  WebhookVerificationError,
} from "../../sdk/node/src/index.js";
import { startReceiver } from "../../support/commerce.js";
import { joinRoom, startServer, type TestServer } from "../../support/server.js";
import { balanceOf, ledgerCount } from "../../support/watch.js";

let server: TestServer;
let encore: EncoreClient & OperationMethods;
beforeAll(async () => {
  server = await startServer();
  encore = createClient({ baseUrl: server.url, secret: server.shop.secret, retryDelayMs: 1 });
});
afterAll(async () => {
  await server.close();
});

const order = (orderId: string, viewerId: string, amount: number) => ({
  orderId,
  viewerId,
  amount,
  items: [{ sku: "tea", qty: 1, price: amount }],
  paidAt: server.clock.now(),
});

/** A fetch that lets the request reach the server, then loses the answer on the first `lose` calls. */
function losingFetch(lose: number) {
  const calls: string[] = [];
  const lossy: typeof fetch = async (input, init) => {
    calls.push(String(init?.body ?? ""));
    const response = await fetch(input, init);
    if (calls.length <= lose) {
      await response.body?.cancel();
      throw new TypeError("fetch failed: socket hang up");
    }
    return response;
  };
  return { calls, fetch: lossy };
}

describe("the Node SDK against a real server", () => {
  it("creates a template, reports an order that grants the first-order coupon, redeems it and reads the viewer", async () => {
    const template = await encore.createCouponTemplate({
      body: {
        name: { "zh-CN": "复购券", en: "Come-back coupon" },
        kind: "amount",
        value: 500,
        minSpend: 0,
        validDays: 30,
      },
    });
    expect(template).toMatchObject({ kind: "amount", value: 500, active: true });

    const config = await encore.getConfig();
    await encore.setConfig({
      body: { ...config, repurchase: { ...config.repurchase, firstOrderTemplateId: template.id } },
    });

    const first = await encore.createOrder({ body: order("sdk-o1", "amy", 10_000) });
    expect(first).toMatchObject({ orderId: "sdk-o1", pointsEarned: 100, refunded: false });
    const coupon = first.granted[0];
    expect(coupon?.templateId).toBe(template.id);

    const redeemed = await encore.redeemCoupon({
      path: { code: coupon?.code ?? "" },
      body: { orderId: "sdk-o2", viewerId: "amy", amount: 8_000 },
    });
    expect(redeemed).toMatchObject({ orderId: "sdk-o2", discount: 500, coupon: { state: "redeemed" } });

    const amy = await encore.getViewer({ path: { viewerId: "amy" } });
    expect(amy).toMatchObject({ viewerId: "amy", wallet: { points: 100, growth: 100 } });
    expect(amy.coupons.map((c) => c.state)).toEqual(["redeemed"]);
  });

  it("patches the config on the version it read, and a stale version is config_conflict that changes nothing", async () => {
    let etag = "";
    const config = await encore.getConfig(undefined, { onEtag: (tag) => (etag = tag) });
    expect(etag).not.toBe("");
    const words = [...config.moderation.blockedWords, "sdk-word"];
    let next = "";
    await encore.patchConfig(
      { body: { moderation: { blockedWords: words } } },
      { ifMatch: etag, onEtag: (tag) => (next = tag) },
    );
    expect(next).not.toBe(etag);
    const stale = encore.patchConfig({ body: { moderation: { blockedWords: [] } } }, { ifMatch: etag });
    await expect(stale).rejects.toMatchObject({ code: "config_conflict", status: 412 });
    expect((await encore.getConfig()).moderation.blockedWords).toEqual(words);
  });

  it("signs a viewer token the server accepts: the socket joins as that viewer", async () => {
    const token = signViewerToken(
      server.shop.secret,
      { sub: "bo", shop: server.shop.id, name: "Bo" },
      { now: server.clock.now() },
    );
    const { snapshot } = await joinRoom(server, token);
    expect(snapshot.viewer).toEqual({ id: "bo", name: "Bo", role: "viewer" });

    const forged = signViewerToken("not-the-secret", { sub: "bo", shop: server.shop.id }, { now: server.clock.now() });
    await expect(joinRoom(server, forged)).rejects.toThrow();
  });

  it("refuses with the server's code, typed, and the HTTP status", async () => {
    const refusal = await encore
      .redeemCoupon({ path: { code: "NO-SUCH-CODE" }, body: { orderId: "sdk-o3", viewerId: "amy", amount: 100 } })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(EncoreError);
    expect(refusal).toMatchObject({ code: "coupon_not_found", status: 404 });

    const wrongSecret = createClient({ baseUrl: server.url, secret: "sk_wrong" });
    await expect(wrongSecret.listRooms()).rejects.toMatchObject({ code: "unauthorized", status: 401 });
  });

  it("repeats a POST whose answer was lost with the same idempotency key: the server applies it once", async () => {
    const lossy = losingFetch(1);
    const client = createClient({
      baseUrl: server.url,
      secret: server.shop.secret,
      retryDelayMs: 1,
      fetch: lossy.fetch,
    });
    const entries = await ledgerCount(server);
    const before = await balanceOf(server, "cy");

    const answer = await client.adjustViewerPoints({ path: { viewerId: "cy" }, body: { delta: 40, note: "goodwill" } });

    expect(lossy.calls).toHaveLength(2);
    expect(lossy.calls[0]).toBe(lossy.calls[1]);
    expect(JSON.parse(lossy.calls[0] ?? "{}").idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.replayed).toBe(true);
    expect(await balanceOf(server, "cy")).toEqual({ points: before.points + 40, growth: before.growth });
    expect(await ledgerCount(server)).toBe(entries + 1);

    const orderLoss = losingFetch(2);
    const orders = createClient({
      baseUrl: server.url,
      secret: server.shop.secret,
      retryDelayMs: 1,
      fetch: orderLoss.fetch,
    });
    const credited = await orders.createOrder({ body: order("sdk-o4", "cy", 5_000) });
    expect(orderLoss.calls).toHaveLength(3);
    expect(credited.pointsEarned).toBe(50);
    expect(await balanceOf(server, "cy")).toEqual({ points: before.points + 90, growth: before.growth + 50 });
  });

  it("does not repeat a POST the server cannot recognise as a replay: the lost answer is a network_error", async () => {
    const lossy = losingFetch(1);
    const client = createClient({
      baseUrl: server.url,
      secret: server.shop.secret,
      retryDelayMs: 1,
      fetch: lossy.fetch,
    });
    const before = (await encore.listRooms()).rooms.length;
    await expect(client.createRoom({ body: { title: "Once only" } })).rejects.toMatchObject({
      code: "network_error",
      status: null,
    });
    expect(lossy.calls).toHaveLength(1);
    expect((await encore.listRooms()).rooms).toHaveLength(before + 1);
  });

  it("verifies a real delivery and refuses a tampered body, a wrong secret and an old timestamp", async () => {
    const receiver = await startReceiver();
    try {
      const { secret } = await encore.setWebhookEndpoint({ body: { url: receiver.url } });
      await encore.createOrder({ body: order("sdk-o5", "dee", 3_000) });
      await server.app.webhooks.deliverDue();
      const delivery = receiver.received.find((r) => JSON.parse(r.body).event === "order.credited");
      if (!delivery || !secret) throw new Error("no order.credited delivery");
      const header = String(delivery.headers["encore-signature"]);
      const now = server.clock.now();

      const message = verifyWebhook(secret, delivery.body, header, { now });
      if (message.event !== "order.credited") throw new Error(`got ${message.event}`);
      expect(message.data).toMatchObject({ orderId: "sdk-o5", viewerId: "dee", pointsEarned: 30 });
      // what arrived is what the OpenAPI document's webhooks section says it is
      expect(WEBHOOK_PAYLOADS["order.credited"].strict().parse(JSON.parse(delivery.body))).toBeTruthy();

      const refusal = (f: () => unknown) => {
        try {
          f();
        } catch (error) {
          return error instanceof WebhookVerificationError ? error.reason : error;
        }
        return "accepted";
      };
      expect(refusal(() => verifyWebhook(secret, delivery.body.replace("3000", "9000"), header, { now }))).toBe(
        "bad_signature",
      );
      expect(refusal(() => verifyWebhook("whsec_other", delivery.body, header, { now }))).toBe("bad_signature");
      expect(refusal(() => verifyWebhook(secret, delivery.body, header, { now: now + 10 * 60_000 }))).toBe(
        "stale_timestamp",
      );
      expect(refusal(() => verifyWebhook(secret, delivery.body, "t=1,v1=zz", { now }))).toBe("malformed_signature");
      expect(refusal(() => verifyWebhook(secret, delivery.body, undefined, { now }))).toBe("malformed_signature");
    } finally {
      await receiver.close();
    }
  });
});

describe("importing history through the SDK", () => {
  it("sends the file as it is, in the media type given, and answers with the report", async () => {
    const file = `${JSON.stringify({ ...order("sdk-hist-1", "sid", 20_000), paidAt: server.clock.now() - 86_400_000 })}\nbroken\n`;
    const report = await encore.importOrders({ body: file, contentType: "application/x-ndjson" });
    expect(report).toMatchObject({ imported: 1, duplicates: 0, refusedCount: 1 });
    expect(report.refused[0]).toMatchObject({ line: 2, code: "bad_request" });
    const csv = "orderId,viewerId,amount,paidAt\nsdk-hist-1,sid,20000,2024-01-01T00:00:00Z\n";
    expect(await encore.importOrders({ body: csv, contentType: "text/csv" })).toMatchObject({ duplicates: 1 });
  });
});
