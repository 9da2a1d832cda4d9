import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HostEvent, PanelEvent, PanelPush, ServerEvent, type StageSpot } from "../../protocol/index.js";
import { INVITE_TTL_MS } from "../../server/domain/stage.js";
import { createRoom, createShop } from "../../server/services/shops.js";
import { rtcUid } from "../../server/video/rtc-token.js";
import { shopApi } from "../../support/commerce.js";
import { giveGrowth, joinAsHost } from "../../support/offers.js";
import { call, joinRoom, next, startServer, type TestServer, type TestSocket } from "../../support/server.js";
import { addProduct } from "../helpers/products.js";

/*
 * 连麦: the host invites a viewer in the room on stage, the viewer accepts and goes on stage with a
 * publisher token only they get, the room sees who is on stage, and the host ends it: renewal is
 * then refused. Runs on SQLite, and on Postgres with ENCORE_PG_TESTS.
 */

const AGORA = { appId: "0123456789abcdef0123456789abcdef", appCertificate: "fedcba9876543210fedcba9876543210" };

let server: TestServer;
let host: TestSocket;
beforeEach(async () => {
  server = await startServer({ agora: AGORA });
  host = await joinAsHost(server);
});
afterEach(async () => {
  await server.close();
});

const join = async (sub: string) => (await joinRoom(server, await server.token(sub, { name: sub }))).socket;

async function stageToken(sub: string, room = server.roomId) {
  const response = await fetch(`${server.url}/v1/rooms/${room}/stage-token`, {
    headers: { authorization: `Bearer ${await server.token(sub)}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const spotOf = (result: { ok: boolean; data?: unknown }) => {
  expect(result).toMatchObject({ ok: true });
  return result.data as StageSpot;
};

const rows = () => server.store.db.selectFrom("stage_spots").selectAll().orderBy("invited_at").execute();

describe("a guest on stage", () => {
  it("invites, accepts, goes on stage with a publisher token, shows the room who, and ends with renewal refused", async () => {
    await giveGrowth(server, "amy", 2000);
    await addProduct(server, { sku: "tea" });
    await shopApi(server, "/v1/orders", {
      body: {
        orderId: "o-amy",
        viewerId: "amy",
        amount: 5000,
        items: [{ sku: "tea", qty: 1, price: 5000 }],
        paidAt: server.clock.now(),
      },
    });
    expect(await call(host, HostEvent.feature, { sku: "tea" })).toMatchObject({ ok: true });
    const amy = await join("amy");
    const bob = await join("bob");

    const invitation = next(amy, ServerEvent.greeting);
    const hostHeard = next(host, "host:stage");
    const invited = spotOf(await call(host, HostEvent.stageInvite, { viewerId: "amy" }));
    expect(invited).toMatchObject({ viewerId: "amy", name: "amy", tier: 2, state: "invited", boughtFeatured: true });
    expect(invited.expiresAt).toBe(server.clock.now() + INVITE_TTL_MS);
    expect((await invitation).invite).toEqual({ spotId: invited.spotId, expiresAt: invited.expiresAt });
    expect((await hostHeard).state).toBe("invited");

    // a repeated tap answers the same spot and invites no one again
    expect(spotOf(await call(host, HostEvent.stageInvite, { viewerId: "amy" })).spotId).toBe(invited.spotId);
    // an invitation alone buys no publisher token, and nobody else gets one
    expect(await call(amy, PanelEvent.stageToken, {})).toMatchObject({
      ok: false,
      error: { code: "stage_not_invited" },
    });
    expect(await stageToken("bob")).toMatchObject({ status: 403, body: { error: { code: "stage_not_invited" } } });

    expect(spotOf(await call(amy, PanelEvent.stageAnswer, { spotId: invited.spotId, accept: true })).state).toBe(
      "accepted",
    );
    const grant = await call(amy, PanelEvent.stageToken, {});
    expect(grant).toMatchObject({
      ok: true,
      data: {
        appId: AGORA.appId,
        channel: server.roomId,
        role: "host",
        uid: rtcUid("stage:amy"),
        spotId: invited.spotId,
      },
    });

    const roomHeard = next(bob, ServerEvent.stage);
    const onStage = spotOf(await call(amy, PanelEvent.stageLive, { spotId: invited.spotId }));
    expect(onStage).toMatchObject({ state: "on_stage", expiresAt: null });
    expect(await roomHeard).toEqual({ name: "amy", tier: 2, boughtFeatured: true });
    // a viewer who comes in now sees the guest in their snapshot
    const late = await joinRoom(server, await server.token("cat"));
    expect(late.snapshot.stage).toEqual({ name: "amy", tier: 2, boughtFeatured: true });
    expect(await stageToken("amy")).toMatchObject({ status: 200, body: { role: "host", spotId: invited.spotId } });

    const told = next(amy, PanelPush.stageSpot);
    const cleared = next(bob, ServerEvent.stage);
    const ended = spotOf(await call(host, HostEvent.stageEnd, { spotId: invited.spotId }));
    expect(ended).toMatchObject({ state: "ended", endedReason: "host" });
    expect(await told).toMatchObject({ spotId: invited.spotId, state: "ended", endedReason: "host" });
    expect(await cleared).toBeNull();
    expect((await joinRoom(server, await server.token("dan"))).snapshot.stage).toBeNull();
    expect(await call(amy, PanelEvent.stageToken, {})).toMatchObject({ ok: false, error: { code: "stage_ended" } });
    expect(await stageToken("amy")).toMatchObject({ status: 409, body: { error: { code: "stage_ended" } } });
    expect(await call(amy, PanelEvent.stageLive, { spotId: invited.spotId })).toMatchObject({
      ok: false,
      error: { code: "stage_ended" },
    });
    // ending again changes nothing; the stage is free for the next guest
    expect(spotOf(await call(host, HostEvent.stageEnd, { spotId: invited.spotId })).endedReason).toBe("host");
    expect(spotOf(await call(host, HostEvent.stageInvite, { viewerId: "bob" })).state).toBe("invited");
  });
});

describe("refusals change nothing", () => {
  it("refuses a second guest while one is invited or on stage", async () => {
    await join("amy");
    await join("bob");
    const first = spotOf(await call(host, HostEvent.stageInvite, { viewerId: "amy" }));
    expect(await call(host, HostEvent.stageInvite, { viewerId: "bob" })).toMatchObject({
      ok: false,
      error: { code: "stage_busy" },
    });
    expect((await rows()).map((r) => [r.viewer_id, r.state])).toEqual([["amy", "invited"]]);
    expect(await call(host, HostEvent.stage, {})).toMatchObject({ ok: true, data: { spot: { spotId: first.spotId } } });
  });

  it("refuses an expired invitation, and frees the stage once it lapsed", async () => {
    const amy = await join("amy");
    await join("bob");
    const spot = spotOf(await call(host, HostEvent.stageInvite, { viewerId: "amy" }));
    server.clock.advance(INVITE_TTL_MS);
    expect(await call(amy, PanelEvent.stageAnswer, { spotId: spot.spotId, accept: true })).toMatchObject({
      ok: false,
      error: { code: "stage_invite_expired" },
    });
    expect(await stageToken("amy")).toMatchObject({ status: 409, body: { error: { code: "stage_invite_expired" } } });
    expect((await rows())[0]).toMatchObject({ state: "invited" });
    expect(spotOf(await call(host, HostEvent.stageInvite, { viewerId: "bob" })).viewerId).toBe("bob");
    expect((await rows()).map((r) => [r.viewer_id, r.state, r.ended_reason])).toEqual([
      ["amy", "ended", "expired"],
      ["bob", "invited", null],
    ]);
  });

  it("refuses another viewer's answer, a viewer not in the room, a viewer's invite, and another room's spot", async () => {
    await join("amy");
    const bob = await join("bob");
    expect(await call(host, HostEvent.stageInvite, { viewerId: "zed" })).toMatchObject({
      ok: false,
      error: { code: "viewer_not_present" },
    });
    expect(await call(bob, HostEvent.stageInvite, { viewerId: "amy" })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    const spot = spotOf(await call(host, HostEvent.stageInvite, { viewerId: "amy" }));
    expect(await call(bob, PanelEvent.stageAnswer, { spotId: spot.spotId, accept: true })).toMatchObject({
      ok: false,
      error: { code: "stage_not_invited" },
    });
    expect(await call(bob, PanelEvent.stageLive, { spotId: spot.spotId })).toMatchObject({
      ok: false,
      error: { code: "stage_not_invited" },
    });
    // a host of the shop's other room cannot end this room's spot
    const otherRoom = await createRoom(server.store.db, server.shop.id, { title: "Second" }, server.clock.now());
    const otherHost = await server.connect({
      token: await server.token("host-2", { role: "host" }),
      room: otherRoom.id,
    });
    expect(await call(otherHost, HostEvent.stageEnd, { spotId: spot.spotId })).toMatchObject({
      ok: false,
      error: { code: "stage_wrong_room" },
    });
    expect((await rows())[0]).toMatchObject({ state: "invited", viewer_id: "amy" });
    expect(await call(host, HostEvent.stageInvite, { viewerId: "" })).toMatchObject({
      ok: false,
      error: { code: "bad_request" },
    });
  });

  it("refuses a publisher token to a guest, another shop's token and another shop's room", async () => {
    const guest = await fetch(`${server.url}/v1/rooms/${server.roomId}/stage-token`);
    expect(guest.status).toBe(403);
    expect(await guest.json()).toMatchObject({ error: { code: "guest" } });
    const other = await createShop(server.store.db, { name: "Other" }, server.clock.now());
    const theirs = await createRoom(server.store.db, other.id, { title: "Theirs" }, server.clock.now());
    expect(await stageToken("amy", theirs.id)).toMatchObject({ status: 403, body: { error: { code: "wrong_shop" } } });
  });
});
