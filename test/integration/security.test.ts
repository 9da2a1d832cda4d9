import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../protocol/index.js";
import { type CreatedShop, createShop } from "../../server/services/shops.js";
import { shopApi } from "../../support/commerce.js";
import { startServer, type TestServer } from "../../support/server.js";
import { stateFingerprint } from "../../support/watch.js";

let server: TestServer;
let other: CreatedShop;
beforeAll(async () => {
  server = await startServer();
  other = await createShop(server.store.db, { name: "Other Shop" }, server.clock.now());
});
afterAll(async () => {
  await server.close();
});

/** The code a handshake from this page origin ends with, or "connected". */
async function handshakeFrom(origin: string | undefined): Promise<string> {
  const socket = io(server.url, {
    auth: { room: server.roomId, token: await server.token("amy") },
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    ...(origin ? { extraHeaders: { origin } } : {}),
  });
  return new Promise((resolve) => {
    socket.once("connect", () => {
      socket.disconnect();
      resolve("connected");
    });
    socket.once("connect_error", (error) => resolve((error as { data?: { code?: string } }).data?.code ?? "no code"));
  });
}

describe("allowed origins", () => {
  it("lets any page in by default, and only the shop's pages once it lists them", async () => {
    expect(await handshakeFrom("https://anywhere.example")).toBe("connected");
    const put = await fetch(`${server.url}/v1/config`, {
      method: "PUT",
      headers: { authorization: `Bearer ${server.shop.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ ...DEFAULT_CONFIG, allowedOrigins: ["https://shop.example"] }),
    });
    expect(put.status).toBe(200);
    expect(await handshakeFrom("https://evil.example")).toBe("origin_not_allowed");
    expect(await handshakeFrom("https://shop.example")).toBe("connected");
    // a shop's own backend (no browser, no Origin) still connects
    expect(await handshakeFrom(undefined)).toBe("connected");
  });

  it("refuses an allowed-origins list that is not made of origins", async () => {
    const put = await fetch(`${server.url}/v1/config`, {
      method: "PUT",
      headers: { authorization: `Bearer ${server.shop.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ ...DEFAULT_CONFIG, allowedOrigins: ["https://shop.example/path"] }),
    });
    expect(put.status).toBe(400);
  });
});

describe("one shop's secret reaches only that shop", () => {
  it("cannot read, credit, redeem or refund across shops, and changes nothing trying", async () => {
    await shopApi(server, "/v1/viewers/amy/points", { body: { delta: 50, idempotencyKey: "sec-1" } });
    const as = (path: string, init: { method?: string; body?: unknown } = {}) =>
      fetch(`${server.url}${path}`, {
        method: init.method ?? (init.body ? "POST" : "GET"),
        headers: { authorization: `Bearer ${other.secret}`, "content-type": "application/json" },
        body: init.body ? JSON.stringify(init.body) : undefined,
      });
    // the other shop's backend is a working one: its key's last use is already noted (to the minute)
    expect((await as("/v1/config")).status).toBe(200);
    const before = await stateFingerprint(server);
    expect((await as("/v1/viewers/amy")).status).toBe(404);
    expect((await (await as("/v1/viewers/amy/ledger")).json()).entries).toEqual([]);
    const redeem = await as("/v1/coupons/ANYCODE0000000000/redeem", {
      body: { orderId: "x-1", viewerId: "amy", amount: 1000 },
    });
    expect((await redeem.json()).error.code).toBe("coupon_not_found");
    const refund = await as("/v1/orders/o-none/refund", { body: {} });
    expect(refund.status).toBeGreaterThanOrEqual(400);
    expect(refund.status).toBeLessThan(500);
    expect(await stateFingerprint(server)).toBe(before);
  });
});
