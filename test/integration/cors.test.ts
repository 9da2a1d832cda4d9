import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../protocol/index.js";
import { createApp } from "../../server/app.js";
import { route } from "../../server/http/route.js";
import { createRoom, createShop, saveConfig } from "../../server/services/shops.js";
import { ManualClock } from "../../support/clock.js";
import { startServer, type TestServer } from "../../support/server.js";
import { createTestStore } from "../../support/store.js";

const AGORA = { appId: "0123456789abcdef0123456789abcdef", appCertificate: "fedcba9876543210fedcba9876543210" };
const STREAMER = "https://streamer.example";

/** What a browser asks before a cross-origin GET that carries a token. */
const preflight = (url: string, origin: string, method = "GET") =>
  fetch(url, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": method, "access-control-request-headers": "authorization" },
  });

describe("CORS on the routes a streamer's page calls", () => {
  let server: TestServer;
  let lockedRoom: string;

  beforeAll(async () => {
    server = await startServer({ agora: AGORA });
    // a second shop that lists the one page it embeds the widget on
    const locked = await createShop(server.store.db, { name: "Locked" }, server.clock.now());
    await saveConfig(server.store.db, locked.id, { ...DEFAULT_CONFIG, allowedOrigins: ["https://Shop.example:443"] });
    lockedRoom = (await createRoom(server.store.db, locked.id, { title: "Locked live" }, server.clock.now())).id;
  });
  afterAll(async () => {
    await server.close();
  });

  const rtcUrl = (room: string) => `${server.url}/v1/rooms/${room}/rtc-token`;

  it("answers the rtc-token preflight for any origin when the shop lists none", async () => {
    const response = await preflight(rtcUrl(server.roomId), STREAMER);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(STREAMER);
    expect(response.headers.get("access-control-allow-methods")).toContain("GET");
    expect(response.headers.get("access-control-allow-headers")).toContain("authorization");
    expect(response.headers.get("vary")).toContain("origin");
  });

  it("lets the page read the token it fetched with the viewer's token", async () => {
    const response = await fetch(rtcUrl(server.roomId), {
      headers: { origin: STREAMER, authorization: `Bearer ${await server.token("v1")}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(STREAMER);
    expect((await response.json()).token).toEqual(expect.any(String));
  });

  it("admits only the shop's allowed origins, compared as origins", async () => {
    const allowed = await preflight(rtcUrl(lockedRoom), "https://shop.example");
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://shop.example");

    const other = await preflight(rtcUrl(lockedRoom), "https://elsewhere.example");
    expect(other.status).toBe(403);
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    expect((await other.json()).error.code).toBe("origin_not_allowed");

    // a request sent without a preflight is refused before the route runs
    const direct = await fetch(rtcUrl(lockedRoom), { headers: { origin: "https://elsewhere.example" } });
    expect(direct.status).toBe(403);
    expect((await direct.json()).error.code).toBe("origin_not_allowed");
  });

  it("leaves server-to-server routes without CORS: a browser never holds a shop secret", async () => {
    const asked = await preflight(`${server.url}/v1/orders`, STREAMER, "POST");
    expect(asked.headers.get("access-control-allow-origin")).toBeNull();
    expect(asked.status).toBe(404);
    const viewer = await fetch(`${server.url}/v1/viewers/v1`, {
      headers: { origin: STREAMER, authorization: `Bearer ${server.shop.secret}` },
    });
    expect(viewer.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses a preflight for a method no browser route has at that URL", async () => {
    const response = await preflight(rtcUrl(server.roomId), STREAMER, "DELETE");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("a browser route added later answers CORS by its kind alone", () => {
  it("needs no CORS setting of its own", async () => {
    const { store, dispose } = await createTestStore();
    const clock = new ManualClock();
    const shop = await createShop(store.db, { name: "Shop" }, clock.now());
    await saveConfig(store.db, shop.id, { ...DEFAULT_CONFIG, allowedOrigins: [STREAMER] });
    const room = await createRoom(store.db, shop.id, { title: "Live" }, clock.now());
    const app = await createApp({
      store,
      clock,
      webhookPollMs: 0,
      routes: (http) => {
        const unused = async () => {
          throw new Error("not a shop route");
        };
        route(http, unused, {
          method: "GET",
          url: "/v1/rooms/:room/shelf",
          summary: "a route of the kind a page calls",
          tags: ["test"],
          auth: "none",
          handler: async () => ({ ok: true }),
        });
        route(http, unused, {
          method: "POST",
          url: "/v1/rooms/:room/shelf",
          summary: "a shop's route at the same URL",
          tags: ["test"],
          auth: "shop",
          handler: async () => ({ ok: true }),
        });
      },
    });
    try {
      const url = `${await app.listen(0)}/v1/rooms/${room.id}/shelf`;
      const get = await preflight(url, STREAMER);
      expect(get.status).toBe(204);
      expect(get.headers.get("access-control-allow-origin")).toBe(STREAMER);
      expect(get.headers.get("access-control-allow-methods")).not.toContain("POST");
      expect((await preflight(url, STREAMER, "POST")).headers.get("access-control-allow-origin")).toBeNull();
      expect((await preflight(url, "https://elsewhere.example")).status).toBe(403);
      const read = await fetch(url, { headers: { origin: STREAMER } });
      expect(read.headers.get("access-control-allow-origin")).toBe(STREAMER);
      expect(await read.json()).toEqual({ ok: true });
    } finally {
      await app.close();
      await store.close();
      await dispose();
    }
  });
});
