import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientEvent, HostEvent, type Snapshot } from "../../protocol/index.js";
import { signToken } from "../../server/auth/tokens.js";
import { assignArm } from "../../server/domain/experiments.js";
import { createTemplateOverApi, shopApi } from "../../support/commerce.js";
import { startWatchRateExperiment } from "../../support/experiments.js";
import { joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { call, joinRoom, refusedWith, startServer, type TestServer, type TestSocket } from "../../support/server.js";
import { addProduct, productInput } from "../helpers/products.js";

/*
 * What every join of a room reads alike is kept in memory (services/join-state.ts). Each test
 * joins once first, so the room's shared state is kept, then changes one thing the way a shop
 * changes it, and checks that the next join's snapshot shows the change.
 */

let server: TestServer;
let host: TestSocket;
beforeEach(async () => {
  server = await startServer();
  host = await joinAsHost(server);
});
afterEach(async () => {
  await server.close();
});

let joins = 0;
/** A new viewer's snapshot (a fresh socket each time, as a page load). */
async function snapshot(sub = `viewer-${++joins}`): Promise<Snapshot> {
  const { socket, snapshot } = await joinRoom(server, await server.token(sub, { name: sub }));
  socket.disconnect();
  return snapshot;
}

describe("a join after a change sees it, though the room's shared state is kept between joins", () => {
  it("an offer started and then stopped", async () => {
    expect((await snapshot()).offer).toBeNull();
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id);
    expect((await snapshot()).offer).toMatchObject({ id: offer.id, status: "live" });
    expect(await call(host, HostEvent.offerStop, { offerId: offer.id })).toMatchObject({ ok: true });
    expect((await snapshot()).offer).toBeNull();
  });

  it("a live offer's stock after a win, and the exchange catalogue's after an exchange", async () => {
    const offer = await startOffer(host, (await makeTemplate(host)).id, { stock: 3 });
    expect((await snapshot()).offer).toMatchObject({ id: offer.id, remaining: 3 });
    const amy = (await joinRoom(server, await server.token("amy"))).socket;
    expect(await call(amy, ClientEvent.comment, { text: "1" })).toMatchObject({ data: { claim: { result: "won" } } });
    expect((await snapshot()).offer).toMatchObject({ id: offer.id, remaining: 2 });

    const templateId = await createTemplateOverApi(server, { pointsCost: 100, stock: 5 });
    const item = async () => (await snapshot()).catalogue.find((entry) => entry.templateId === templateId);
    expect(await item()).toMatchObject({ remaining: 5 });
    const fund = await shopApi(server, "/v1/viewers/amy/points", { body: { delta: 500, idempotencyKey: "amy-x" } });
    expect(fund.status).toBe(200);
    expect(await call(amy, ClientEvent.exchange, { templateId })).toMatchObject({ ok: true });
    expect(await item()).toMatchObject({ remaining: 4 });
    amy.disconnect();
  });

  it("an experiment on the watch rate started and stopped", async () => {
    const rate = async (sub: string) => (await snapshot(sub)).watch?.nextBlockPoints;
    expect(await rate("wes")).toBe(10);
    const started = await startWatchRateExperiment(host);
    expect(await rate("wes")).toBe(assignArm(started, "wes") === "forty" ? 40 : 20);
    expect(await call(host, HostEvent.experimentStop, { experimentId: started.id })).toMatchObject({ ok: true });
    expect(await rate("wes")).toBe(10);
  });

  it("a product featured, renamed, and featured no more", async () => {
    await addProduct(server);
    expect((await snapshot()).product).toBeNull();
    expect(await call(host, HostEvent.feature, { sku: "serum-30" })).toMatchObject({ ok: true });
    expect((await snapshot()).product).toMatchObject({ sku: "serum-30", name: productInput().name });
    const renamed = { "zh-CN": "补水精华 50 ml", en: "Hydrating serum 50 ml" };
    const { status } = await shopApi(server, "/v1/products/serum-30", { method: "PUT", body: { name: renamed } });
    expect(status).toBe(200);
    expect((await snapshot()).product).toMatchObject({ sku: "serum-30", name: renamed });
    expect(await call(host, HostEvent.feature, { sku: null })).toMatchObject({ ok: true });
    expect((await snapshot()).product).toBeNull();
  });

  it("the room's title, its gate, and going live", async () => {
    expect((await snapshot()).room).toMatchObject({ title: "Test live", minTier: null, live: false });
    const patch = (body: unknown) => shopApi(server, `/v1/rooms/${server.roomId}`, { method: "PATCH", body });
    expect((await patch({ title: "Friday live", minTier: "silver" })).status).toBe(200);
    expect((await snapshot()).room).toMatchObject({ title: "Friday live", minTier: "silver" });
    expect(await call(host, HostEvent.live, { live: true })).toMatchObject({ ok: true });
    expect((await snapshot()).room).toMatchObject({ live: true });
    expect((await patch({ minTier: null })).status).toBe(200);
    expect((await snapshot()).room.minTier).toBeNull();
  });

  it("the shop's config and its campaigns", async () => {
    // the test clock starts on Monday 2026-11-02, 12:00 in Shanghai
    expect((await snapshot()).campaign).toBeNull();
    const config = (await shopApi(server, "/v1/config")).body;
    const memberDays = { daysOfMonth: [], daysOfWeek: [1], multiplier: 3 };
    expect((await shopApi(server, "/v1/config", { method: "PUT", body: { ...config, memberDays } })).status).toBe(200);
    const afterConfig = await snapshot();
    expect(afterConfig.config.memberDays).toEqual(memberDays);
    expect(afterConfig.campaign).toMatchObject({ kind: "member_day", watchMultiplier: 3 });
    const { status, body } = await shopApi(server, "/v1/campaigns", {
      body: {
        name: { "zh-CN": "双倍积分节", en: "Double points festival" },
        schedule: { kind: "dates", start: "2026-11-02T00:00", end: "2026-11-03T00:00" },
        orderMultiplier: 2,
        watchMultiplier: 3,
      },
    });
    expect(status, JSON.stringify(body)).toBe(200);
    // a shop's own campaign comes before a member day in the banner
    expect((await snapshot()).campaign).toMatchObject({ id: body.id, kind: "campaign" });
    expect((await shopApi(server, `/v1/campaigns/${body.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await snapshot()).campaign).toMatchObject({ kind: "member_day" });
  });

  it("the campaign banner follows the clock: announced, running, then gone", async () => {
    const { status, body } = await shopApi(server, "/v1/campaigns", {
      body: {
        name: { "zh-CN": "晚间加倍", en: "Evening double" },
        // 12:00 now; the campaign runs 14:00 to 15:00, Shanghai
        schedule: { kind: "dates", start: "2026-11-02T14:00", end: "2026-11-02T15:00" },
        orderMultiplier: 2,
        watchMultiplier: 2,
      },
    });
    expect(status, JSON.stringify(body)).toBe(200);
    const announced = await snapshot();
    expect(announced.campaign).toMatchObject({ id: body.id });
    expect(announced.campaign?.startsAt).toBeGreaterThan(announced.serverTime);
    server.clock.advance(2.5 * 3_600_000);
    const running = await snapshot();
    expect(running.campaign?.startsAt).toBeLessThanOrEqual(running.serverTime);
    expect(running.campaign?.endsAt).toBeGreaterThan(running.serverTime);
    server.clock.advance(3_600_000);
    expect((await snapshot()).campaign).toBeNull();
  });

  it("a viewer's balance and tier", async () => {
    expect((await snapshot("amy")).wallet).toMatchObject({ points: 0 });
    const credit = await shopApi(server, "/v1/viewers/amy/points", { body: { delta: 600, idempotencyKey: "amy-1" } });
    expect(credit.status).toBe(200);
    const growth = await shopApi(server, "/v1/viewers/amy/growth", {
      body: { delta: 600, idempotencyKey: "amy-2", note: "a test's growth" },
    });
    expect(growth.status, JSON.stringify(growth.body)).toBe(200);
    const wallet = (await snapshot("amy")).wallet;
    expect(wallet).toMatchObject({ points: 600 });
    expect(wallet?.tier.key).toBe("silver");
  });

  it("a signing key rotated: the new key admits at once, the old one stops at the end of its window", async () => {
    const old = await server.token("bo", { name: "bo" });
    expect((await joinRoom(server, old)).snapshot.viewer?.id).toBe("bo");
    const rotated = await shopApi(server, "/v1/signing-keys/rotate", { body: { windowSeconds: 60 } });
    expect(rotated.status).toBe(200);
    const key = rotated.body.key as { kid: string };
    const fresh = await signToken(
      rotated.body.secret as string,
      { sub: "cy", shop: server.shop.id, role: "viewer", name: "cy" },
      server.clock.now() + 3_600_000,
      key.kid,
    );
    expect((await joinRoom(server, fresh)).snapshot.viewer?.id).toBe("cy");
    expect((await joinRoom(server, old)).snapshot.viewer?.id).toBe("bo");
    server.clock.advance(61_000);
    expect(await refusedWith(server, { token: old })).toBe("token_invalid");
    expect((await joinRoom(server, fresh)).snapshot.viewer?.id).toBe("cy");
  });
});

/*
 * What every beat of a room reads alike (its gate, the shop's config, campaigns and watch-rate
 * experiment) is kept too, and forgotten only when one of those is written. Each test beats once
 * first, so it is kept, then changes one thing and checks that the next beat earns by it.
 */
describe("a beat after a change earns by it, though what the room's beats read alike is kept between beats", () => {
  let viewer: TestSocket;
  beforeEach(async () => {
    viewer = (await joinRoom(server, await server.token("wes", { name: "wes" }))).socket;
  });

  /** A beat 5 s after the last, its ack's data (refused: the code). */
  async function beat() {
    server.clock.advance(5_000);
    const ack = await call(viewer, ClientEvent.beat, { playing: true, visible: true });
    return ack.ok ? ack.data : ack.error.code;
  }
  const rate = async () => {
    const data = await beat();
    return typeof data === "string" ? data : data.watch.nextBlockPoints;
  };

  it("an experiment on the watch rate started and stopped", async () => {
    expect(await rate()).toBe(10);
    const started = await startWatchRateExperiment(host);
    expect(await rate()).toBe(assignArm(started, "wes") === "forty" ? 40 : 20);
    expect(await call(host, HostEvent.experimentStop, { experimentId: started.id })).toMatchObject({ ok: true });
    expect(await rate()).toBe(10);
  });

  it("a campaign and a member day, and the shop's rate", async () => {
    expect(await rate()).toBe(10);
    const { status, body } = await shopApi(server, "/v1/campaigns", {
      body: {
        name: { "zh-CN": "三倍观看", en: "Triple watching" },
        schedule: { kind: "dates", start: "2026-11-02T00:00", end: "2026-11-03T00:00" },
        orderMultiplier: 1,
        watchMultiplier: 3,
      },
    });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(await rate()).toBe(30);
    expect((await shopApi(server, `/v1/campaigns/${body.id}`, { method: "DELETE" })).status).toBe(200);
    expect(await rate()).toBe(10);
    const config = (await shopApi(server, "/v1/config")).body as { watch: object };
    const memberDays = { daysOfMonth: [], daysOfWeek: [1], multiplier: 2 };
    const watch = { ...config.watch, pointsPerBlock: 15 };
    expect(
      (await shopApi(server, "/v1/config", { method: "PUT", body: { ...config, memberDays, watch } })).status,
    ).toBe(200);
    expect(await rate()).toBe(30);
  });

  it("the room's gate, and going live", async () => {
    expect(await beat()).toMatchObject({ creditedSeconds: 0 });
    const patch = (body: unknown) => shopApi(server, `/v1/rooms/${server.roomId}`, { method: "PATCH", body });
    expect((await patch({ minTier: "gold" })).status).toBe(200);
    expect(await beat()).toBe("room_gated");
    expect((await patch({ minTier: null })).status).toBe(200);
    const ungated = await beat();
    expect(typeof ungated !== "string" && ungated.creditedSeconds).toBeGreaterThan(0);
    const watched = () =>
      server.store.db.selectFrom("live_watch").select("watched_ms").where("viewer_id", "=", "wes").executeTakeFirst();
    expect(await watched()).toBeUndefined();
    expect(await call(host, HostEvent.live, { live: true })).toMatchObject({ ok: true });
    expect(await beat()).toMatchObject({ creditedSeconds: 5 });
    expect(await watched()).toEqual({ watched_ms: 5_000 });
    expect(await call(host, HostEvent.live, { live: false })).toMatchObject({ ok: true });
    expect(await beat()).toMatchObject({ creditedSeconds: 5 });
    expect(await watched()).toEqual({ watched_ms: 5_000 });
  });
});
