import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRoom, createShop } from "../../server/services/shops.js";
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
