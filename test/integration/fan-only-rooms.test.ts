import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientEvent, ServerEvent } from "../../protocol/index.js";
import { giveGrowth, joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { call, joinRoom, next, startServer, type TestServer, type TestSocket } from "../../support/server.js";
import { balanceOf, stateFingerprint, watchFor } from "../../support/watch.js";

let server: TestServer;
let host: TestSocket;
beforeEach(async () => {
  server = await startServer();
  host = await joinAsHost(server);
});
afterEach(async () => {
  await server.close();
});

const patchRoom = (body: unknown) =>
  fetch(`${server.url}/v1/rooms/${server.roomId}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${server.shop.secret}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const gate = async (minTier: string | null) => {
  const response = await patchRoom({ minTier });
  expect(response.status).toBe(200);
};
const viewer = async (sub: string) => joinRoom(server, await server.token(sub, { name: sub }));
const beat = (socket: TestSocket) => call(socket, ClientEvent.beat, { playing: true, visible: true });
const say = (socket: TestSocket, text: string) => call(socket, ClientEvent.comment, { text });

describe("setting a room's gate", () => {
  it("gates the room to one of the shop's tiers, tells the room at once, and opens it again with null", async () => {
    const { socket: amy } = await viewer("amy");
    const pushed = next(amy, ServerEvent.room);
    const response = await patchRoom({ minTier: "silver" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: server.roomId, title: "Test live", minTier: "silver" });
    expect(await pushed).toMatchObject({ id: server.roomId, minTier: "silver" });
    const { snapshot } = await viewer("bo");
    expect(snapshot.room.minTier).toBe("silver");
    await gate(null);
    expect((await viewer("cy")).snapshot.room.minTier).toBeNull();
  });

  it("refuses a tier the shop does not have, and an empty patch, changing nothing", async () => {
    const before = await stateFingerprint(server);
    const unknown = await patchRoom({ minTier: "platinum" });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { code: "bad_request", fields: [{ path: "minTier" }] } });
    const empty = await patchRoom({});
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { code: "bad_request" } });
    expect(await stateFingerprint(server)).toBe(before);
  });
});

describe("below a fan-only room's tier a viewer earns nothing there", () => {
  it("refuses watch beats with room_gated and writes nothing", async () => {
    await gate("silver");
    const { socket } = await viewer("bo");
    const before = await stateFingerprint(server);
    expect(await beat(socket)).toMatchObject({ ok: false, error: { code: "room_gated" } });
    server.clock.advance(30_000);
    expect(await beat(socket)).toMatchObject({ ok: false, error: { code: "room_gated" } });
    expect(await stateFingerprint(server)).toBe(before);
  });

  it("refuses to open a chest earned before the gate was set", async () => {
    const { socket } = await viewer("bo");
    const appeared = next(socket, ServerEvent.chest, 5000);
    await watchFor(server, socket, 15 * 60, 30);
    const chest = await appeared;
    await gate("gold");
    const points = (await balanceOf(server, "bo")).points;
    const opened = await call(socket, ClientEvent.chestClaim, { chestId: chest?.id ?? "" });
    expect(opened).toMatchObject({ ok: false, error: { code: "room_gated" } });
    expect((await balanceOf(server, "bo")).points).toBe(points);
  });

  it("refuses first-come claims and lucky-bag entries with room_gated; a viewer of the tier takes part", async () => {
    await gate("silver");
    await giveGrowth(server, "amy", 500);
    const { socket: bo } = await viewer("bo");
    const { socket: amy } = await viewer("amy");
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id, { stock: 5 });
    expect(await say(bo, "1")).toMatchObject({
      ok: true,
      data: { claim: { offerId: offer.id, result: "refused", reason: "room_gated" } },
    });
    expect(await say(amy, "1")).toMatchObject({ ok: true, data: { claim: { result: "won" } } });
    await call(host, "host:offer:stop", { offerId: offer.id });

    const bag = await startOffer(host, template.id, { stock: 1, mode: "draw" });
    expect(await say(bo, "1")).toMatchObject({ ok: true, data: { claim: { offerId: bag.id, reason: "room_gated" } } });
    expect(await say(amy, "1")).toMatchObject({ ok: true, data: { claim: { result: "entered" } } });
    const entries = await server.store.db.selectFrom("offer_entries").select("viewer_id").execute();
    expect(entries.map((e) => e.viewer_id).sort()).toEqual(["amy", "amy"]);
    expect((await balanceOf(server, "bo")).points).toBe(0);
  });

  it("lets a viewer in once they reach the tier mid-live", async () => {
    await gate("silver");
    const { socket } = await viewer("bo");
    expect(await beat(socket)).toMatchObject({ ok: false, error: { code: "room_gated" } });
    // the tier comes through the ledger (an order, say) while the viewer is in the room
    await giveGrowth(server, "bo", 500);
    server.clock.advance(30_000);
    expect(await beat(socket)).toMatchObject({ ok: true });
    expect(await watchFor(server, socket, 60, 30, undefined, false)).toBe(60);
  });
});
