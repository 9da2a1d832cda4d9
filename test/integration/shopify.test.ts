import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OrderResponse, ShopifyWebhookResult, ViewerResponse } from "../../protocol/index.js";
import { createShop } from "../../server/services/shops.js";
import { shopApi } from "../../support/commerce.js";
import { startServer, type TestServer } from "../../support/server.js";
import { stateFingerprint } from "../../support/watch.js";

/** Shopify's own sample payloads (orders/paid and refunds/create), as its docs show them. */
const fixture = (name: string) => readFileSync(new URL(`../fixtures/shopify/${name}.json`, import.meta.url), "utf8");
const ORDER_PAID = fixture("orders-paid");
const REFUND = fixture("refunds-create");

const DOMAIN = "encore-test.myshopify.com";
const SECRET = "shpss_0123456789abcdef0123456789abcdef";
// the sample's ids are past 2^53: read as text, as they were sent
const CUSTOMER = "115310627314723954";
const ORDER = "shopify-820982911946154508";

const sign = (body: string, secret = SECRET) => createHmac("sha256", secret).update(body, "utf8").digest("base64");

let server: TestServer;
let deliveries = 0;

/** A delivery as Shopify makes it: the raw body, its HMAC, the store's domain, the topic and a webhook id. */
async function deliver(
  topic: string,
  body: string,
  init: { webhookId?: string; hmac?: string; domain?: string } = {},
): Promise<{ status: number; body: ShopifyWebhookResult & { error?: { code: string } } }> {
  deliveries += 1;
  const res = await fetch(`${server.url}/v1/integrations/shopify/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-hmac-sha256": init.hmac ?? sign(body),
      "x-shopify-shop-domain": init.domain ?? DOMAIN,
      "x-shopify-webhook-id":
        init.webhookId ?? `b54557e4-bdd9-4b37-8a5f-bf7d70bc${String(deliveries).padStart(4, "0")}`,
      "x-shopify-api-version": "2024-01",
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as ShopifyWebhookResult & { error?: { code: string } } };
}

const connect = () =>
  shopApi(server, "/v1/integrations/shopify", { method: "PUT", body: { shopDomain: DOMAIN, webhookSecret: SECRET } });

const viewer = async (id: string) => (await shopApi(server, `/v1/viewers/${id}`)).body as unknown as ViewerResponse;

beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

describe("connecting a Shopify store", () => {
  it("stores the domain and secret, reads back the domain only, and lets one shop have a store", async () => {
    expect((await shopApi(server, "/v1/integrations/shopify")).body).toEqual({ shopDomain: null, updatedAt: null });
    const connected = await connect();
    expect(connected.status).toBe(200);
    expect(connected.body).toEqual({ shopDomain: DOMAIN, updatedAt: server.clock.now() });
    const read = await shopApi(server, "/v1/integrations/shopify");
    expect(JSON.stringify(read.body)).not.toContain(SECRET);
    const audit = (await shopApi(server, "/v1/audit?action=shopify.connect")).body as { entries: unknown[] };
    expect(audit.entries).toHaveLength(1);
    expect(JSON.stringify(audit.entries)).not.toContain(SECRET);

    const other = await createShop(server.store.db, { name: "Other Shop" }, server.clock.now());
    const taken = await shopApi(server, "/v1/integrations/shopify", {
      method: "PUT",
      secret: other.secret,
      body: { shopDomain: DOMAIN, webhookSecret: "another-secret-of-16+" },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error?.code).toBe("shopify_store_taken");

    const bad = await shopApi(server, "/v1/integrations/shopify", {
      method: "PUT",
      body: { shopDomain: "example.com", webhookSecret: SECRET },
    });
    expect(bad.body.error?.code).toBe("bad_request");
  });
});

describe("POST /v1/integrations/shopify/webhooks", () => {
  beforeEach(async () => {
    await connect();
  });

  it("credits orders/paid to the customer as POST /v1/orders would, and a redelivery changes nothing", async () => {
    const paid = await deliver("orders/paid", ORDER_PAID, { webhookId: "delivery-1" });
    expect(paid.status).toBe(200);
    expect(paid.body).toEqual({ outcome: "credited", orderId: ORDER });

    const orders = (await shopApi(server, `/v1/viewers/${CUSTOMER}/orders`)).body as {
      orders: { orderId: string; amount: number }[];
    };
    // current_total_price "403.00" in cents, to the customer's id as the viewer id
    expect(orders.orders.map((o) => [o.orderId, o.amount])).toEqual([[ORDER, 40_300]]);
    const wallet = (await viewer(CUSTOMER)).wallet;
    expect(wallet.growth).toBe(403);
    expect(wallet.points).toBeGreaterThan(0);
    // the same order over the shop API is a replay of what the webhook reported, lines and all
    const items = [
      { sku: "IPOD2008PINK", name: "IPod Nano - 8GB", qty: 1, price: 19_900 },
      { sku: "shopify-variant-808950811", name: "IPod Nano - 8GB", qty: 1, price: 19_900 },
    ];
    const replay = await shopApi(server, "/v1/orders", {
      body: {
        orderId: ORDER,
        viewerId: CUSTOMER,
        amount: 40_300,
        items,
        paidAt: Date.parse("2021-12-31T19:00:00-05:00"),
      },
    });
    expect(replay.status).toBe(200);
    expect((replay.body as unknown as OrderResponse).pointsEarned).toBe(wallet.points);

    const before = await stateFingerprint(server);
    const again = await deliver("orders/paid", ORDER_PAID, { webhookId: "delivery-1" });
    expect(again).toEqual({ status: 200, body: { outcome: "duplicate", orderId: null } });
    // Shopify may send the event again under a new id, or the order edited: still credited once
    const edited = ORDER_PAID.replace('"current_total_price": "403.00"', '"current_total_price": "503.00"');
    const resent = await deliver("orders/paid", edited, { webhookId: "delivery-2" });
    expect(resent.body).toEqual({ outcome: "duplicate", orderId: ORDER });
    expect((await viewer(CUSTOMER)).wallet).toEqual(wallet);
    // nothing changed but the second delivery's id, noted
    const tables = JSON.parse(await stateFingerprint(server)) as Record<string, string[]>;
    const earlier = JSON.parse(before) as Record<string, string[]>;
    for (const [table, rows] of Object.entries(tables)) {
      if (table !== "shopify_deliveries") expect(rows, table).toEqual(earlier[table]);
    }
  });

  it("refunds the order once Shopify's refunds cover it, each refund once", async () => {
    await deliver("orders/paid", ORDER_PAID);
    const earned = (await viewer(CUSTOMER)).wallet;

    // the sample refund pays back 199.00 of 403.00: recorded, the points stay
    const part = await deliver("refunds/create", REFUND, { webhookId: "refund-1" });
    expect(part.body).toEqual({ outcome: "recorded", orderId: ORDER });
    expect((await viewer(CUSTOMER)).wallet).toEqual(earned);
    // the same refund under another delivery id is not counted twice
    expect((await deliver("refunds/create", REFUND, { webhookId: "refund-1b" })).body).toEqual({
      outcome: "duplicate",
      orderId: ORDER,
    });

    // the rest (204.00) in a second refund, beside a failed transaction that paid back nothing
    const failed = '{ "id": 245135271310201195, "kind": "refund", "status": "failure", "amount": "999.00" }';
    const rest = REFUND.replaceAll("890088186047892319", "890088186047892320")
      .replace('"amount": "199.00",\n      "currency"', '"amount": "204.00",\n      "currency"')
      .replace('"transactions": [', `"transactions": [${failed},`);
    const full = await deliver("refunds/create", rest, { webhookId: "refund-2" });
    expect(full.body).toEqual({ outcome: "refunded", orderId: ORDER });
    const after = await viewer(CUSTOMER);
    expect(after.wallet.growth).toBe(0);
    expect(after.wallet.points).toBe(0);
    const ledger = (await shopApi(server, `/v1/viewers/${CUSTOMER}/ledger`)).body as { entries: { reason: string }[] };
    expect(ledger.entries.filter((e) => e.reason === "refund")).toHaveLength(1);

    const before = await stateFingerprint(server);
    expect((await deliver("refunds/create", rest, { webhookId: "refund-2" })).body.outcome).toBe("duplicate");
    expect(await stateFingerprint(server)).toEqual(before);
  });

  it("answers 200 to topics it has no use for, guest checkouts and refunds of orders it never credited", async () => {
    const before = await stateFingerprint(server);
    const ignored = await deliver("products/update", JSON.stringify({ id: 632910392, title: "IPod Nano" }));
    expect(ignored).toEqual({ status: 200, body: { outcome: "ignored", orderId: null } });
    const guest = ORDER_PAID.replace(/"customer": \{[^}]*\}/, '"customer": null');
    expect((await deliver("orders/paid", guest)).body.outcome).toBe("ignored");
    expect((await deliver("refunds/create", REFUND)).body.outcome).toBe("ignored");
    expect((await shopApi(server, `/v1/viewers/${CUSTOMER}`)).status).toBe(404);
    // nothing but the deliveries' ids was written
    const tables = JSON.parse(await stateFingerprint(server)) as Record<string, string[]>;
    const earlier = JSON.parse(before) as Record<string, string[]>;
    for (const [table, rows] of Object.entries(tables)) {
      if (table !== "shopify_deliveries") expect(rows, table).toEqual(earlier[table]);
    }
  });

  it("refuses a bad signature, an unknown store and a malformed body, and changes nothing", async () => {
    const before = await stateFingerprint(server);
    const forged = await deliver("orders/paid", ORDER_PAID, { hmac: sign(ORDER_PAID, "not-the-secret") });
    expect(forged.status).toBe(401);
    expect(forged.body.error?.code).toBe("signature_invalid");
    // signed over other bytes: a body changed in transit
    const tampered = await deliver("orders/paid", ORDER_PAID.replace("403.00", "4030.00"), { hmac: sign(ORDER_PAID) });
    expect(tampered.body.error?.code).toBe("signature_invalid");
    const unsigned = await fetch(`${server.url}/v1/integrations/shopify/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": "orders/paid",
        "x-shopify-shop-domain": DOMAIN,
      },
      body: ORDER_PAID,
    });
    expect(unsigned.status).toBe(401);

    const stranger = await deliver("orders/paid", ORDER_PAID, { domain: "someone-else.myshopify.com" });
    expect(stranger.status).toBe(404);
    expect(stranger.body.error?.code).toBe("shopify_store_unknown");

    const notJson = "{ this is not json";
    expect((await deliver("orders/paid", notJson)).body.error?.code).toBe("bad_request");
    const noLines = ORDER_PAID.replace('"total_price": "403.00"', '"total_price": 403').replace(
      '"line_items": [',
      '"line_items": "none", "lines": [',
    );
    const malformed = await deliver("orders/paid", noLines);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error?.code).toBe("bad_request");
    expect(await stateFingerprint(server)).toEqual(before);

    // disconnected: the store's webhooks are refused from then on
    await shopApi(server, "/v1/integrations/shopify", { method: "DELETE" });
    expect((await deliver("orders/paid", ORDER_PAID)).body.error?.code).toBe("shopify_store_unknown");
  });
});
