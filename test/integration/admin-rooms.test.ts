import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRoom, createShop } from "../../server/services/shops.js";
import { shopApi } from "../../support/commerce.js";
import { startServer, type TestServer } from "../../support/server.js";
import { type AdminBrowser, signIn } from "../helpers/admin.js";

let server: TestServer;
let browser: AdminBrowser;
beforeEach(async () => {
  server = await startServer();
  browser = await signIn(server);
});
afterEach(async () => {
  await server.close();
});

const json = { "content-type": "application/json" };
type Entry = { action: string; actor: string; target: { kind: string; id: string }; before: unknown; after: unknown };
const auditOf = async (action: string) =>
  ((await (await browser.fetch(`/v1/audit?action=${action}`)).json()) as { entries: Entry[] }).entries;

describe("the back office's products", () => {
  it("adds a product and changes its price, each audited with before and after, and the shop API sees both", async () => {
    const created = await browser.fetch("/v1/products", {
      method: "POST",
      headers: json,
      body: JSON.stringify({
        sku: "serum-30",
        name: { "zh-CN": "精华 30ml", en: "Serum 30 ml" },
        price: 21900,
        usageDays: 30,
      }),
    });
    expect(created.status).toBe(200);
    const changed = await browser.fetch("/v1/products/serum-30", {
      method: "PUT",
      headers: json,
      body: JSON.stringify({ price: 19900, was: 21900 }),
    });
    expect(changed.status).toBe(200);

    const read = await shopApi(server, "/v1/products/serum-30");
    expect(read.body).toMatchObject({ price: 19900, was: 21900, usageDays: 30, inStock: true });
    const [create] = await auditOf("product.create");
    expect(create).toMatchObject({
      target: { kind: "product", id: "serum-30" },
      before: null,
      after: { price: 21900 },
    });
    expect(create?.actor).toMatch(/^session:/);
    const [update] = await auditOf("product.update");
    expect(update).toMatchObject({ before: { price: 21900, was: null }, after: { price: 19900, was: 21900 } });
  });

  it("refuses a field the catalogue does not take, naming it, and keeps the product as it was", async () => {
    await shopApi(server, "/v1/products", {
      body: { sku: "mask", name: { "zh-CN": "面膜", en: "Mask" }, price: 9900 },
    });
    const refused = await browser.fetch("/v1/products/mask", {
      method: "PUT",
      headers: json,
      body: JSON.stringify({ price: -1 }),
    });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: { code: string; fields?: { path: string }[] } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.fields?.map((f) => f.path)).toContain("price");
    expect((await shopApi(server, "/v1/products/mask")).body).toMatchObject({ price: 9900 });
    expect(await auditOf("product.update")).toEqual([]);
  });
});

describe("the back office's rooms", () => {
  it("creates a room and renames it, audited; its id stays", async () => {
    const created = await browser.fetch("/v1/rooms", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ id: "spring-live", title: "Spring live" }),
    });
    expect(created.status).toBe(200);
    const renamed = await browser.fetch("/v1/rooms/spring-live", {
      method: "PATCH",
      headers: json,
      body: JSON.stringify({ title: "Spring sale live" }),
    });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ id: "spring-live", title: "Spring sale live", live: false });

    const rooms = (await shopApi(server, "/v1/rooms")).body as { rooms: { id: string; title: string }[] };
    expect(rooms.rooms.find((room) => room.id === "spring-live")?.title).toBe("Spring sale live");
    expect((await auditOf("room.create"))[0]).toMatchObject({ target: { id: "spring-live" }, before: null });
    expect((await auditOf("room.update"))[0]).toMatchObject({
      before: { title: "Spring live" },
      after: { title: "Spring sale live" },
    });
  });

  it("refuses an id already taken, another shop's room, and a write without CSRF token", async () => {
    const taken = await browser.fetch("/v1/rooms", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ id: server.roomId, title: "Again" }),
    });
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { error: { code: string } }).error.code).toBe("room_exists");

    const other = await createShop(server.store.db, { name: "Other" }, server.clock.now());
    const theirs = await createRoom(server.store.db, other.id, { title: "Theirs" }, server.clock.now());
    const crossShop = await browser.fetch(`/v1/rooms/${theirs.id}`, {
      method: "PATCH",
      headers: json,
      body: JSON.stringify({ title: "Mine now" }),
    });
    expect(crossShop.status).toBe(404);

    const noCsrf = await browser.fetch(`/v1/rooms/${server.roomId}`, {
      method: "PATCH",
      headers: json,
      body: JSON.stringify({ title: "Sneaky" }),
      csrf: null,
    });
    expect(noCsrf.status).toBe(403);
    const rooms = (await shopApi(server, "/v1/rooms")).body as { rooms: { id: string; title: string }[] };
    expect(rooms.rooms.map((room) => room.title)).toEqual(["Test live"]);
    expect(await auditOf("room.update")).toEqual([]);
  });
});

describe("the back office's platform rooms", () => {
  const lookup = (platform: string, id: string) =>
    fetch(`${server.url}/v1/platform-rooms/lookup?platform=${platform}&id=${id}`);

  it("maps a platform room and unmaps it: the extension's lookup finds it, then does not; both audited", async () => {
    const mapped = await browser.fetch("/v1/platform-rooms", {
      method: "PUT",
      headers: json,
      body: JSON.stringify({ platform: "twitch", platformRoomId: "SpringShop", roomId: server.roomId }),
    });
    expect(mapped.status).toBe(200);
    expect((await lookup("twitch", "springshop")).status).toBe(200);

    const unmapped = await browser.fetch("/v1/platform-rooms/twitch/SpringShop", { method: "DELETE" });
    expect(unmapped.status).toBe(200);
    expect(await unmapped.json()).toEqual({ unmapped: true });
    expect((await lookup("twitch", "springshop")).status).toBe(404);

    const [map] = await auditOf("platform_room.map");
    expect(map).toMatchObject({ target: { kind: "platform_room", id: "twitch.springshop" }, before: null });
    const [unmap] = await auditOf("platform_room.unmap");
    expect(unmap).toMatchObject({ before: { roomId: server.roomId }, after: null });

    const again = await browser.fetch("/v1/platform-rooms/twitch/springshop", { method: "DELETE" });
    expect(again.status).toBe(404);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("platform_room_not_found");
  });

  it("never unmaps another shop's platform room, and refuses an id the platform does not use", async () => {
    const other = await createShop(server.store.db, { name: "Other" }, server.clock.now());
    const theirs = await createRoom(server.store.db, other.id, { title: "Theirs" }, server.clock.now());
    const mapped = await fetch(`${server.url}/v1/platform-rooms`, {
      method: "PUT",
      headers: { ...json, authorization: `Bearer ${other.secret}` },
      body: JSON.stringify({ platform: "douyin", platformRoomId: "123456", roomId: theirs.id }),
    });
    expect(mapped.status).toBe(200);

    const refused = await browser.fetch("/v1/platform-rooms/douyin/123456", { method: "DELETE" });
    expect(refused.status).toBe(404);
    expect((await lookup("douyin", "123456")).status).toBe(200);

    const malformed = await browser.fetch("/v1/platform-rooms/douyin/not-digits", { method: "DELETE" });
    expect(malformed.status).toBe(400);
    expect(await auditOf("platform_room.unmap")).toEqual([]);
  });
});
