import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientEvent, DEFAULT_CONFIG, HostEvent } from "../../protocol/index.js";
import { createRoom, createShop, saveConfig } from "../../server/services/shops.js";
import { shopApi } from "../../support/commerce.js";
import { call, startServer, type TestServer } from "../../support/server.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

const following = (room: string, token?: string) =>
  fetch(`${server.url}/v1/rooms/${room}/following`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  }).then(async (response) => ({ status: response.status, body: await response.json() }));

describe("GET /v1/rooms/:room/following: the rooms a viewer follows, for the browser extension", () => {
  it("lists the room signed in from and the rooms reminded of, live or not, with the page a notification opens", async () => {
    const other = await createRoom(server.store.db, server.shop.id, { title: "Evening live" }, server.clock.now());
    const quiet = await createRoom(server.store.db, server.shop.id, { title: "Never asked" }, server.clock.now());
    await shopApi(server, "/v1/platform-rooms", {
      method: "PUT",
      body: { platform: "twitch", platformRoomId: "encore_demo", roomId: other.id },
    });
    const token = await server.token("amy", { name: "Amy" });
    const amy = await server.connect({ room: other.id, token });
    expect(await call(amy, ClientEvent.reminder, { on: true })).toMatchObject({ ok: true });
    const host = await server.connect({ room: other.id, token: await server.token("lin", { role: "host" }) });
    expect(await call(host, HostEvent.live, { live: true })).toMatchObject({ ok: true });

    const answer = await following(server.roomId, token);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      rooms: [
        { roomId: server.roomId, title: "Test live", live: false, liveStartedAt: null, reminder: true, url: null },
        {
          roomId: other.id,
          title: "Evening live",
          live: true,
          liveStartedAt: server.clock.now(),
          reminder: true,
          url: "https://www.twitch.tv/encore_demo",
        },
      ],
      quietUntil: null,
    });
    expect(answer.body.rooms.map((r: { roomId: string }) => r.roomId)).not.toContain(quiet.id);
  });

  it("a room whose reminders the viewer turned off is listed but not reminded; one turned off elsewhere is not followed", async () => {
    const other = await createRoom(server.store.db, server.shop.id, { title: "Evening live" }, server.clock.now());
    const token = await server.token("amy");
    const here = await server.connect({ room: server.roomId, token });
    expect(await call(here, ClientEvent.reminder, { on: false })).toMatchObject({ ok: true, data: { on: false } });
    const there = await server.connect({ room: other.id, token });
    await call(there, ClientEvent.reminder, { on: true });
    await call(there, ClientEvent.reminder, { on: false });

    const { body } = await following(server.roomId, token);
    expect(body.rooms).toEqual([expect.objectContaining({ roomId: server.roomId, reminder: false })]);
    // the live.started webhook's subscribers are still only those with reminders on
    expect(await call(there, ClientEvent.reminder, { on: true })).toMatchObject({ ok: true, data: { on: true } });
    expect((await following(server.roomId, token)).body.rooms).toHaveLength(2);
  });

  it("in the shop's quiet hours, says when they end", async () => {
    const config = structuredClone(DEFAULT_CONFIG);
    config.timezone = "UTC";
    config.automations.budget.quietHours = { start: "00:00", end: "23:59" };
    await saveConfig(server.store.db, server.shop.id, config);
    const now = server.clock.now();
    const { body } = await following(server.roomId, await server.token("amy"));
    expect(body.quietUntil).toBeGreaterThan(now);
  });

  it("refuses a guest (403 guest), another shop's token (403 wrong_shop) and a forged one (401)", async () => {
    expect(await following(server.roomId)).toMatchObject({ status: 403, body: { error: { code: "guest" } } });
    const other = await createShop(server.store.db, { name: "Other shop" }, server.clock.now());
    const stranger = await server.token("amy", { shop: other.id }, other.secret);
    expect(await following(server.roomId, stranger)).toMatchObject({
      status: 403,
      body: { error: { code: "wrong_shop" } },
    });
    const forged = await server.token("amy", {}, "not-the-secret");
    expect((await following(server.roomId, forged)).status).toBe(401);
    expect((await following("no-such-room", await server.token("amy"))).status).toBe(404);
  });
});
