import { io } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../protocol/index.js";
import { createRoom, createShop, saveConfig } from "../../server/services/shops.js";
import { shopApi } from "../../support/commerce.js";
import { startServer, type TestServer } from "../../support/server.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

const map = (body: Record<string, unknown>, secret?: string) =>
  shopApi(server, "/v1/platform-rooms", { method: "PUT", body, ...(secret ? { secret } : {}) });

const lookup = (platform: string, id: string, origin?: string) =>
  fetch(`${server.url}/v1/platform-rooms/lookup?platform=${platform}&id=${encodeURIComponent(id)}`, {
    headers: origin ? { origin } : {},
  });

describe("a shop maps its platform rooms to Encore rooms", () => {
  it("maps a platform room, lists it, and the public lookup answers the shop and room", async () => {
    const put = await map({ platform: "douyin", platformRoomId: "646454278948", roomId: server.roomId });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ platform: "douyin", platformRoomId: "646454278948", roomId: server.roomId });

    const list = await shopApi(server, "/v1/platform-rooms");
    expect(list.body.platformRooms).toEqual([put.body]);

    const found = await lookup("douyin", "646454278948");
    expect(found.status).toBe(200);
    expect(await found.json()).toEqual({ shopId: server.shop.id, roomId: server.roomId });
  });

  it("mapping the same platform room again points it at another of the shop's rooms", async () => {
    const other = await createRoom(server.store.db, server.shop.id, { title: "Second live" }, server.clock.now());
    await map({ platform: "twitch", platformRoomId: "encore_demo", roomId: server.roomId });
    const again = await map({ platform: "twitch", platformRoomId: "encore_demo", roomId: other.id });
    expect(again.status).toBe(200);
    expect((await shopApi(server, "/v1/platform-rooms")).body.platformRooms).toHaveLength(1);
    expect(await (await lookup("twitch", "encore_demo")).json()).toEqual({ shopId: server.shop.id, roomId: other.id });
  });

  it("a login-like id is one room whatever its case", async () => {
    const put = await map({ platform: "twitch", platformRoomId: "Encore_Demo", roomId: server.roomId });
    expect(put.body.platformRoomId).toBe("encore_demo");
    expect((await lookup("twitch", "ENCORE_demo")).status).toBe(200);
  });

  it("refuses another shop's claim on a mapped platform room: 409 platform_room_taken, the first mapping kept", async () => {
    await map({ platform: "bilibili", platformRoomId: "21452505", roomId: server.roomId });
    const other = await createShop(server.store.db, { name: "Other shop" }, server.clock.now());
    const theirRoom = await createRoom(server.store.db, other.id, { title: "Theirs" }, server.clock.now());
    const stolen = await map({ platform: "bilibili", platformRoomId: "21452505", roomId: theirRoom.id }, other.secret);
    expect(stolen.status).toBe(409);
    expect(stolen.body.error?.code).toBe("platform_room_taken");
    expect(await (await lookup("bilibili", "21452505")).json()).toEqual({
      shopId: server.shop.id,
      roomId: server.roomId,
    });
    expect((await shopApi(server, "/v1/platform-rooms", { secret: other.secret })).body.platformRooms).toEqual([]);
  });

  it("refuses mapping to a room of another shop as a room that does not exist", async () => {
    const other = await createShop(server.store.db, { name: "Other shop" }, server.clock.now());
    const put = await map({ platform: "youtube", platformRoomId: "jfKfPfyJRdk", roomId: server.roomId }, other.secret);
    expect(put.status).toBe(404);
    expect(put.body.error?.code).toBe("room_not_found");
    expect((await lookup("youtube", "jfKfPfyJRdk")).status).toBe(404);
  });

  it("refuses what is not a platform room: an unknown platform, an id of the wrong shape, extra fields, no secret", async () => {
    for (const body of [
      { platform: "myspace", platformRoomId: "1", roomId: server.roomId },
      { platform: "douyin", platformRoomId: "not-digits", roomId: server.roomId },
      { platform: "youtube", platformRoomId: "short", roomId: server.roomId },
      { platform: "twitch", platformRoomId: "a/b", roomId: server.roomId },
      { platform: "douyin", platformRoomId: "1", roomId: server.roomId, shopId: "x" },
      { platform: "douyin", roomId: server.roomId },
    ]) {
      const put = await map(body);
      expect(put.status, JSON.stringify(body)).toBe(400);
      expect(put.body.error?.code).toBe("bad_request");
    }
    const anonymous = await shopApi(server, "/v1/platform-rooms", {
      method: "PUT",
      secret: null,
      body: { platform: "douyin", platformRoomId: "1", roomId: server.roomId },
    });
    expect(anonymous.status).toBe(401);
    expect((await shopApi(server, "/v1/platform-rooms")).body.platformRooms).toEqual([]);
  });
});

describe("the extension's lookup", () => {
  it("answers 404 platform_room_not_found for a platform room no shop mapped, and 400 for a malformed one", async () => {
    const missing = await lookup("kuaishou", "3xabc123");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("platform_room_not_found");
    const malformed = await lookup("taobao", "<script>");
    expect(malformed.status).toBe(400);
    expect((await fetch(`${server.url}/v1/platform-rooms/lookup?platform=douyin`)).status).toBe(400);
  });

  it("answers a platform's page cross-origin, even when the shop restricts its own pages' origins", async () => {
    const config = (await shopApi(server, "/v1/config")).body;
    const restricted = await shopApi(server, "/v1/config", {
      method: "PUT",
      body: { ...config, allowedOrigins: ["https://shop.example"] },
    });
    expect(restricted.status).toBe(200);
    await map({ platform: "tiktok", platformRoomId: "encore.demo", roomId: server.roomId });
    const answer = await lookup("tiktok", "encore.demo", "https://www.tiktok.com");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe("https://www.tiktok.com");
  });

  it("documents the routes in OpenAPI", async () => {
    const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, object> };
    expect(Object.keys(spec.paths["/v1/platform-rooms"] ?? {}).sort()).toEqual(["get", "put"]);
    expect(Object.keys(spec.paths["/v1/platform-rooms/lookup"] ?? {})).toEqual(["get"]);
  });
});

describe("a platform's live page is let in for the shops that mapped a room there, and only for those", () => {
  /** The code a handshake to `room` from a page on `origin` ends with, or "connected". */
  const handshake = (room: string, origin: string, token?: string): Promise<string> => {
    const socket = io(server.url, {
      auth: { room, ...(token ? { token } : {}) },
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
      extraHeaders: { origin },
    });
    return new Promise((resolve) => {
      socket.once("connect", () => {
        socket.disconnect();
        resolve("connected");
      });
      socket.once("connect_error", (error) => resolve((error as { data?: { code?: string } }).data?.code ?? "no code"));
    });
  };
  /** A browser route of the room, as the overlay calls it from the page (the rtc-token's preflight). */
  const preflight = (room: string, origin: string) =>
    fetch(`${server.url}/v1/rooms/${room}/rtc-token`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
    });

  it("admits live.douyin.com for a shop that lists its own origins and mapped a Douyin room; refuses it for one that did not", async () => {
    await saveConfig(server.store.db, server.shop.id, { ...DEFAULT_CONFIG, allowedOrigins: ["https://shop.example"] });
    await map({ platform: "douyin", platformRoomId: "646454278948", roomId: server.roomId });
    const other = await createShop(server.store.db, { name: "Other shop" }, server.clock.now());
    await saveConfig(server.store.db, other.id, { ...DEFAULT_CONFIG, allowedOrigins: ["https://other.example"] });
    const otherRoom = await createRoom(server.store.db, other.id, { title: "Theirs" }, server.clock.now());
    // the other shop mapped a room on Twitch, not on Douyin
    await map({ platform: "twitch", platformRoomId: "other_shop", roomId: otherRoom.id }, other.secret);

    const douyin = "https://live.douyin.com";
    expect(await handshake(server.roomId, douyin, await server.token("v_fan"))).toBe("connected");
    expect((await preflight(server.roomId, douyin)).headers.get("access-control-allow-origin")).toBe(douyin);

    // the same code as any origin the shop did not allow
    expect(await handshake(otherRoom.id, douyin)).toBe("origin_not_allowed");
    const refused = await preflight(otherRoom.id, douyin);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("origin_not_allowed");
    expect(await handshake(otherRoom.id, "https://www.twitch.tv")).toBe("connected");
  });

  it("still refuses every other origin: look-alike hosts, plain http, another port, another platform", async () => {
    await saveConfig(server.store.db, server.shop.id, { ...DEFAULT_CONFIG, allowedOrigins: ["https://shop.example"] });
    await map({ platform: "douyin", platformRoomId: "646454278948", roomId: server.roomId });
    for (const origin of [
      "https://live.douyin.com.evil.example",
      "https://evil-live.douyin.com",
      "http://live.douyin.com",
      "https://live.douyin.com:8443",
      "https://www.tiktok.com",
      "https://evil.example",
    ]) {
      expect(await handshake(server.roomId, origin), origin).toBe("origin_not_allowed");
      expect((await preflight(server.roomId, origin)).status, origin).toBe(403);
    }
    expect(await handshake(server.roomId, "https://shop.example")).toBe("connected");
  });
});
