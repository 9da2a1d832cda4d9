import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClientEvent,
  HostEvent,
  ServerEvent,
  WEBHOOK_EVENTS,
  WEBHOOK_PAYLOADS,
  type WebhookEvent,
} from "../../protocol/index.js";
import { addLocalDays, addLocalMonths } from "../../server/domain/lifecycle/zoned.js";
import { SIGNATURE_HEADER, verifySignature } from "../../server/domain/webhooks.js";
import { createTemplateOverApi, setRepurchase, shopApi, startReceiver } from "../../support/commerce.js";
import { joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { call, joinRoom, next, startServer, type TestServer } from "../../support/server.js";
import { watchFor } from "../../support/watch.js";
import { order, setAutomations } from "../helpers/lifecycle.js";
import { inviteCodeOf, setReferrals } from "../helpers/referrals.js";

const ZONE = "Asia/Shanghai";
const HOUR_MS = 3600_000;

type Body = { event: WebhookEvent; shopId: string; createdAt: number; data: Record<string, unknown> };

let server: TestServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let secret: string;
let start: number;

beforeAll(async () => {
  server = await startServer();
  receiver = await startReceiver();
  const added = await shopApi(server, "/v1/webhook-endpoints", { body: { url: receiver.url } });
  expect(added.status).toBe(200);
  secret = added.body.secret as string;
  const welcome = await createTemplateOverApi(server, { minSpend: 0, validDays: 10 });
  await setRepurchase(server, { firstOrderTemplateId: welcome });
  await setAutomations(server, {
    pointsExpiry: { enabled: true },
    winBack: { enabled: false },
    budget: { holdoutPercent: 0 },
  });
  await setReferrals(server, { enabled: true, action: "watch", watchMinutes: 10 });
  start = server.clock.now();
  // the balance whose expiry the last events report
  const gift = await shopApi(server, "/v1/viewers/saver/points", { body: { delta: 500, idempotencyKey: "gift" } });
  expect(gift.status).toBe(200);
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

const bodies = () => receiver.received.map((r) => ({ r, body: JSON.parse(r.body) as Body }));
const delivered = (event: WebhookEvent) => bodies().filter((b) => b.body.event === event);

/** Sweeps every few hours (a touch waits out the night) until `event` has been delivered (about `viewerId`, if named). */
async function sweepUntil(event: WebhookEvent, viewerId?: string, steps = 80): Promise<void> {
  const about = () => delivered(event).filter((b) => viewerId === undefined || b.body.data.viewerId === viewerId);
  for (let i = 0; i < steps && about().length === 0; i++) {
    if (i > 0) server.clock.advance(6 * HOUR_MS);
    await server.app.lifecycle.sweepAll();
    await server.app.webhooks.deliverDue();
  }
}

const couponOf = async (viewerId: string) => {
  const res = await shopApi(server, `/v1/viewers/${viewerId}`);
  return (res.body.coupons as { code: string }[])[0]?.code as string;
};

/** What makes each event happen, through the API, a socket or the scheduler, as a shop's viewers would. */
const TRIGGERS: Record<WebhookEvent, { cause: () => Promise<void>; data: Record<string, unknown> }> = {
  "live.started": {
    cause: async () => {
      const host = await joinAsHost(server);
      expect(await call(host, HostEvent.live, { live: true })).toMatchObject({ ok: true });
      host.disconnect();
    },
    data: {},
  },
  "coupon.granted": {
    cause: async () => void (await order(server, "gus", "g-1", [{ sku: "tea", qty: 1, price: 5000 }])),
    data: { viewerId: "gus", source: "first_order" },
  },
  "tier.changed": {
    cause: async () => {
      const res = await shopApi(server, "/v1/viewers/tia/growth", {
        body: { delta: 600, note: "moved from the old program", idempotencyKey: "tia-1" },
      });
      expect(res.status).toBe(200);
    },
    data: { viewerId: "tia", from: "fan", to: "silver" },
  },
  "order.credited": {
    cause: async () => void (await order(server, "amy", "a-1", [{ sku: "tea", qty: 2, price: 5000 }])),
    data: { viewerId: "amy", orderId: "a-1", amount: 10_000 },
  },
  "viewer.touch": {
    cause: () => sweepUntil("viewer.touch"),
    data: {},
  },
  "order.refunded": {
    cause: async () => {
      await order(server, "ray", "r-1", [{ sku: "tea", qty: 1, price: 3000 }]);
      expect((await shopApi(server, "/v1/orders/r-1/refund", { body: {} })).status).toBe(200);
    },
    data: { viewerId: "ray", orderId: "r-1", pointsReversed: 30 },
  },
  "coupon.redeemed": {
    cause: async () => {
      const code = await couponOf("gus");
      const res = await shopApi(server, `/v1/coupons/${code}/redeem`, {
        body: { orderId: "g-2", viewerId: "gus", amount: 20_000 },
      });
      expect(res.status).toBe(200);
    },
    data: { viewerId: "gus", orderId: "g-2", amount: 20_000 },
  },
  "coupon.revoked": {
    cause: async () => {
      await order(server, "rex", "x-1", [{ sku: "tea", qty: 1, price: 3000 }]);
      const code = await couponOf("rex");
      const res = await shopApi(server, `/v1/coupons/${code}/revoke`, { body: { reason: "issued by mistake" } });
      expect(res.status).toBe(200);
    },
    data: { viewerId: "rex", reason: "issued by mistake" },
  },
  "coupon.expiring": {
    cause: () => sweepUntil("coupon.expiring"),
    data: { days: 3 },
  },
  "points.adjusted": {
    cause: async () => {
      const res = await shopApi(server, "/v1/viewers/ada/points", {
        body: { delta: 40, note: "sorry for the wait", idempotencyKey: "ada-1" },
      });
      expect(res.status).toBe(200);
    },
    data: { viewerId: "ada", points: 40, growth: 0, note: "sorry for the wait", pointsAfter: 40 },
  },
  "points.expiring": {
    cause: async () => {
      server.clock.set(addLocalDays(addLocalMonths(start, 12, ZONE), -30, ZONE));
      await sweepUntil("points.expiring");
    },
    data: { viewerId: "saver", points: 500, days: 30 },
  },
  "points.expired": {
    cause: async () => {
      server.clock.set(addLocalMonths(start, 12, ZONE));
      await sweepUntil("points.expired");
    },
    data: { viewerId: "saver", points: 500, pointsAfter: 0 },
  },
  "offer.won": {
    cause: async () => {
      const host = await joinAsHost(server);
      const template = await makeTemplate(host);
      const offer = await startOffer(host, template.id, { stock: 3 });
      const { socket } = await joinRoom(server, await server.token("win"));
      expect(await call(socket, ClientEvent.comment, { text: "1" })).toMatchObject({
        ok: true,
        data: { claim: { result: "won" } },
      });
      TRIGGERS["offer.won"].data.offerId = offer.id;
      await call(host, HostEvent.offerStop, { offerId: offer.id });
      socket.disconnect();
      host.disconnect();
    },
    data: { viewerId: "win", mode: "first_come" },
  },
  "segment.entered": {
    cause: async () => {
      const { socket } = await joinRoom(server, await server.token("wes"));
      await watchFor(server, socket, 3600);
      socket.disconnect();
      await sweepUntil("segment.entered", "wes");
    },
    data: { viewerId: "wes", segment: "watched_not_bought" },
  },
  "segment.left": {
    cause: async () => {
      await order(server, "wes", "w-1", [{ sku: "tea", qty: 1, price: 3000 }]);
      await sweepUntil("segment.left", "wes");
    },
    data: { viewerId: "wes", segment: "watched_not_bought" },
  },
  "referral.completed": {
    cause: async () => {
      const code = await inviteCodeOf(server, "ivy");
      const socket = await server.connect({ token: await server.token("nia"), ref: code });
      await watchFor(server, socket, 600);
      socket.disconnect();
    },
    data: { inviterId: "ivy", inviteeId: "nia", action: "watch", reward: "points", inviterPoints: 200 },
  },
};

describe("the webhooks catalogue", () => {
  it.each(WEBHOOK_EVENTS.map((event) => [event]))(
    "%s is written with its change and delivered signed, shaped as its published schema",
    async (event) => {
      await TRIGGERS[event].cause();
      await server.app.webhooks.deliverDue();
      const expected = event === "live.started" ? { roomId: server.roomId } : TRIGGERS[event].data;
      // the one this trigger caused: other viewers may have caused the same event before
      const first = delivered(event).find(
        (b) => !("viewerId" in expected) || b.body.data.viewerId === expected.viewerId,
      );
      if (!first) throw new Error(`no ${event} was delivered`);
      const { r, body } = first;
      expect(verifySignature(secret, String(r.headers[SIGNATURE_HEADER]), r.body, server.clock.now())).toBe(true);
      expect(r.headers["encore-event"]).toBe(event);
      // nothing besides what the OpenAPI document publishes for it
      expect(WEBHOOK_PAYLOADS[event].parse(body)).toEqual(body);
      expect(body.shopId).toBe(server.shop.id);
      expect(body.data).toMatchObject(expected);
    },
  );

  it("sends a lucky bag's winners offer.won when it ends", async () => {
    const host = await joinAsHost(server);
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id, { stock: 1, mode: "draw" });
    const { socket } = await joinRoom(server, await server.token("lucky"));
    expect(await call(socket, ClientEvent.comment, { text: "1" })).toMatchObject({
      ok: true,
      data: { claim: { result: "entered" } },
    });
    await server.app.webhooks.deliverDue();
    expect(delivered("offer.won").filter((b) => b.body.data.offerId === offer.id)).toEqual([]);
    const result = next(socket, ServerEvent.offerResult);
    await call(host, HostEvent.offerStop, { offerId: offer.id });
    expect(await result).toMatchObject({ result: "won" });
    await server.app.webhooks.deliverDue();
    expect(
      delivered("offer.won")
        .filter((b) => b.body.data.offerId === offer.id)
        .map((b) => b.body.data),
    ).toEqual([expect.objectContaining({ viewerId: "lucky", mode: "draw", offerId: offer.id })]);
    socket.disconnect();
    host.disconnect();
  });
});
