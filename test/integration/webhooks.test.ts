import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientEvent, HostEvent } from "../../protocol/index.js";
import { createApp } from "../../server/app.js";
import { SIGNATURE_HEADER, verifySignature } from "../../server/domain/webhooks.js";
import { onLiveStarted } from "../../server/services/reminders.js";
import { requireShop } from "../../server/services/shops.js";
import { DELIVERED_RETENTION_MS, WebhookWorker } from "../../server/services/webhooks.js";
import { openStore } from "../../server/store/database.js";
import { saveEndpoint } from "../../server/store/webhooks.js";
import {
  commerceFingerprint,
  createTemplateOverApi,
  type Received,
  shopApi,
  startReceiver,
} from "../../support/commerce.js";
import { call, joinRoom, startServer, type TestServer } from "../../support/server.js";
import { watchFor } from "../../support/watch.js";

let server: TestServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let secret: string;
beforeAll(async () => {
  server = await startServer();
  receiver = await startReceiver();
  const res = await shopApi(server, "/v1/webhooks", { method: "PUT", body: { url: receiver.url } });
  secret = res.body.secret as string;
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

const parse = (r: Received) => JSON.parse(r.body) as { event: string; shopId: string; data: Record<string, unknown> };
const pending = async () =>
  (await shopApi(server, "/v1/webhooks/deliveries")).body.messages as { id: number; event: string; state: string }[];

describe("webhooks", () => {
  it("sets the endpoint and generates a signing secret", async () => {
    expect(secret).toMatch(/^whsec_/);
    expect((await shopApi(server, "/v1/webhooks")).body).toEqual({ url: receiver.url, secret });
    const bad = await shopApi(server, "/v1/webhooks", { method: "PUT", body: { url: "ftp://x" } });
    expect([bad.status, bad.body.error?.code]).toEqual([400, "bad_request"]);
  });

  it("writes order.credited, tier.changed and coupon.granted with the change and delivers them signed", async () => {
    const templateId = await createTemplateOverApi(server, { minSpend: 0 });
    const config = (await shopApi(server, "/v1/config")).body;
    await shopApi(server, "/v1/config", {
      method: "PUT",
      body: { ...config, repurchase: { ...(config.repurchase as object), firstOrderTemplateId: templateId } },
    });
    const placed = await shopApi(server, "/v1/orders", {
      body: { orderId: "w-1", viewerId: "amy", amount: 60_000, items: [], paidAt: server.clock.now() },
    });
    expect(placed.status).toBe(200);
    expect((await pending()).map((m) => [m.event, m.state])).toEqual([
      ["order.credited", "pending"],
      ["coupon.granted", "pending"],
      ["tier.changed", "pending"],
    ]);
    expect(receiver.received).toHaveLength(0);

    expect(await server.app.webhooks.deliverDue()).toBe(3);
    expect(receiver.received.map((r) => parse(r).event)).toEqual(["tier.changed", "coupon.granted", "order.credited"]);
    for (const r of receiver.received) {
      const header = String(r.headers[SIGNATURE_HEADER]);
      expect(verifySignature(secret, header, r.body, server.clock.now())).toBe(true);
      expect(verifySignature("whsec_wrong_secret_000", header, r.body, server.clock.now())).toBe(false);
      expect(r.headers["encore-event"]).toBe(parse(r).event);
    }
    const [tier, coupon, credited] = receiver.received.map(parse);
    expect(tier?.data).toMatchObject({ viewerId: "amy", from: "fan", to: "silver" });
    expect(coupon?.data).toMatchObject({ viewerId: "amy", templateId, source: "first_order" });
    expect(credited).toMatchObject({
      shopId: server.shop.id,
      data: { orderId: "w-1", viewerId: "amy", pointsEarned: 600, tier: "silver" },
    });
    expect((await pending()).every((m) => m.state === "delivered")).toBe(true);
    expect(await server.app.webhooks.deliverDue()).toBe(0);
  });

  it("writes nothing when the change is refused", async () => {
    const before = await commerceFingerprint(server);
    const res = await shopApi(server, "/v1/orders", {
      body: { orderId: "w-2", viewerId: "amy", amount: 100, items: [], pointsUsed: 999, paidAt: 0 },
    });
    expect(res.body.error?.code).toBe("points_cap");
    expect(await commerceFingerprint(server)).toBe(before);
  });

  it("delivers each message once when two workers (two nodes) poll the same outbox", async () => {
    await server.app.webhooks.deliverDue();
    receiver.received.length = 0;
    for (let i = 0; i < 12; i++) {
      await shopApi(server, "/v1/orders", {
        body: { orderId: `pair-${i}`, viewerId: `pair-${i}`, amount: 100, items: [], paidAt: server.clock.now() },
      });
    }
    // the second node, with the test server's policy: its receiver listens on 127.0.0.1
    const other = new WebhookWorker(server.app.ctx, { pollMs: 0, batch: 5, targets: { allowPrivate: true } });
    const delivered = await Promise.all([server.app.webhooks.deliverDue(), other.deliverDue(), other.deliverDue()]);
    await server.app.webhooks.deliverDue();
    await other.deliverDue();
    const ids = receiver.received.map((r) => r.headers["encore-delivery"]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(12);
    expect(delivered.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(ids.length);
  });

  it("retries with exponential backoff until a 2xx, logging every attempt", async () => {
    receiver.received.length = 0;
    receiver.answers.push(500, 503);
    await shopApi(server, "/v1/orders", {
      body: { orderId: "w-3", viewerId: "amy", amount: 100, items: [], paidAt: server.clock.now() },
    });
    expect(await server.app.webhooks.deliverDue()).toBe(0);
    expect(await server.app.webhooks.deliverDue()).toBe(0); // not due again yet
    server.clock.advance(9_999);
    expect(await server.app.webhooks.deliverDue()).toBe(0);
    server.clock.advance(1);
    expect(await server.app.webhooks.deliverDue()).toBe(0); // second attempt: 503
    server.clock.advance(19_999);
    expect(await server.app.webhooks.deliverDue()).toBe(0);
    // the shop rotates its secret meanwhile: the retry is signed with the new one
    const rotated = "whsec_rotated_secret_0001";
    await shopApi(server, "/v1/webhooks", { method: "PUT", body: { url: receiver.url, secret: rotated } });
    server.clock.advance(1);
    expect(await server.app.webhooks.deliverDue()).toBe(1);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    const last = receiver.received[2] as Received;
    expect(verifySignature(rotated, String(last.headers[SIGNATURE_HEADER]), last.body, server.clock.now())).toBe(true);
    await shopApi(server, "/v1/webhooks", { method: "PUT", body: { url: receiver.url, secret } });
    const log = (await shopApi(server, "/v1/webhooks/deliveries?limit=3")).body.deliveries;
    expect(log).toMatchObject([
      { attempt: 3, status: 200, ok: true, event: "order.credited" },
      { attempt: 2, status: 503, ok: false, error: "receiver answered 503" },
      { attempt: 1, status: 500, ok: false },
    ]);
  });

  it("sends tier.changed when watching lifts a viewer across a threshold", async () => {
    receiver.received.length = 0;
    await shopApi(server, "/v1/orders", {
      body: { orderId: "w-4", viewerId: "kai", amount: 49_500, items: [], paidAt: server.clock.now() },
    });
    await server.app.webhooks.deliverDue();
    receiver.received.length = 0;
    const { socket } = await joinRoom(server, await server.token("kai"));
    await watchFor(server, socket, 600);
    socket.disconnect();
    await server.app.webhooks.deliverDue();
    expect(receiver.received.map(parse)).toMatchObject([
      { event: "tier.changed", data: { viewerId: "kai", from: "fan", to: "silver", growth: 505 } },
    ]);
  });

  it("sends live.started with the viewers who asked to be reminded", async () => {
    receiver.received.length = 0;
    const amy = await joinRoom(server, await server.token("amy", { name: "Amy" }));
    const bo = await joinRoom(server, await server.token("bo"));
    expect(amy.snapshot.reminder).toBe(false);
    expect(await call(amy.socket, ClientEvent.reminder, { on: true })).toEqual({ ok: true, data: { on: true } });
    expect(await call(bo.socket, ClientEvent.reminder, { on: true })).toEqual({ ok: true, data: { on: true } });
    server.clock.advance(1000);
    expect(await call(bo.socket, ClientEvent.reminder, { on: false })).toEqual({ ok: true, data: { on: false } });
    const sync = await call(amy.socket, ClientEvent.sync, {});
    expect(sync.ok && sync.data.reminder).toBe(true);
    const guest = await joinRoom(server);
    expect(await call(guest.socket, ClientEvent.reminder, { on: true })).toMatchObject({ error: { code: "guest" } });

    // the host goes live from the console: the webhook is written in the same commit
    const host = await joinRoom(server, await server.token("lin", { role: "host" }));
    expect(await call(host.socket, HostEvent.live, { live: true })).toMatchObject({
      ok: true,
      data: { live: true },
    });
    server.clock.advance(1000);
    // pressing "go live" again during the same live sends nothing new
    expect(await call(host.socket, HostEvent.live, { live: true })).toMatchObject({ ok: true });
    await server.app.webhooks.deliverDue();
    expect(receiver.received.map(parse)).toMatchObject([
      { event: "live.started", data: { roomId: server.roomId, subscribers: [{ viewerId: "amy", name: "Amy" }] } },
    ]);
    expect(receiver.received).toHaveLength(1);

    receiver.received.length = 0;
    const shop = await requireShop(server.store.db, server.shop.id);
    expect(await onLiveStarted(server.app.ctx, shop, server.roomId)).toEqual({ subscribers: 1 });
    for (const s of [amy.socket, bo.socket, guest.socket, host.socket]) s.disconnect();
  });
});

describe("the outbox across a restart", () => {
  it("keeps a pending webhook through a stop and delivers it from the next process", async () => {
    const first = await startServer();
    const hooks = await startReceiver();
    await shopApi(first, "/v1/webhooks", { method: "PUT", body: { url: hooks.url } });
    hooks.answers.push(500);
    await shopApi(first, "/v1/orders", {
      body: { orderId: "r-1", viewerId: "amy", amount: 100, items: [], paidAt: first.clock.now() },
    });
    await first.app.webhooks.deliverDue();
    expect(hooks.received).toHaveLength(1);
    // the process stops with the message still pending
    await first.app.close();
    await first.store.close();

    const store = await openStore(first.dbUrl);
    first.clock.advance(10_000);
    const app = await createApp({ store, clock: first.clock, webhookPollMs: 20, privateWebhooks: true });
    try {
      const outbox = () => store.db.selectFrom("outbox").select(["attempts", "delivered_at"]).executeTakeFirstOrThrow();
      await expect
        .poll(async () => Number((await outbox()).delivered_at), { timeout: 3000, interval: 20 })
        .toBe(first.clock.now());
      expect(Number((await outbox()).attempts)).toBe(2);
      expect(hooks.received).toHaveLength(2);
      expect(hooks.received[1]?.body).toBe(hooks.received[0]?.body);
    } finally {
      await app.close();
      await store.close();
      await hooks.close();
      await first.dispose();
    }
  });
});

describe("a worker that dies mid-attempt", () => {
  it("holds the message only for one attempt's time: another worker tries it again soon after", async () => {
    const server = await startServer();
    // the first request never gets an answer (the worker sending it "dies"); later ones get 200
    const requests: string[] = [];
    const hanging = createServer((req, res) => {
      requests.push(String(req.headers["encore-delivery"]));
      if (requests.length > 1) res.end("ok");
    });
    await new Promise<void>((done) => hanging.listen(0, "127.0.0.1", done));
    const address = hanging.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/hooks`;
    const timeoutMs = 60_000;
    const dying = new WebhookWorker(server.app.ctx, { pollMs: 0, timeoutMs, targets: { allowPrivate: true } });
    const survivor = new WebhookWorker(server.app.ctx, { pollMs: 0, timeoutMs, targets: { allowPrivate: true } });
    try {
      await shopApi(server, "/v1/webhooks", { method: "PUT", body: { url } });
      await shopApi(server, "/v1/orders", {
        body: { orderId: "d-1", viewerId: "amy", amount: 100, items: [], paidAt: server.clock.now() },
      });
      void dying.deliverDue().catch(() => undefined);
      await expect.poll(() => requests.length).toBe(1);
      expect(await survivor.deliverDue()).toBe(0); // leased by the other worker
      // well past one attempt's time, far less than a whole batch of them
      server.clock.advance(3 * timeoutMs);
      expect(await survivor.deliverDue()).toBe(1);
      expect(requests).toEqual([requests[0], requests[0]]);
    } finally {
      hanging.closeAllConnections();
      await new Promise((done) => hanging.close(done));
      await server.close();
    }
  });
});

describe("the delivery log's retention", () => {
  it("keeps delivered messages and their attempts for 30 days, and a pending one until it is delivered", async () => {
    const server = await startServer();
    const receiver = await startReceiver();
    try {
      await shopApi(server, "/v1/webhooks", { method: "PUT", body: { url: receiver.url } });
      receiver.answers.push(500);
      for (const orderId of ["r-1", "r-2"]) {
        await shopApi(server, "/v1/orders", {
          body: { orderId, viewerId: "amy", amount: 100, items: [], paidAt: server.clock.now() },
        });
      }
      await server.app.webhooks.deliverDue();
      const outbox = async () =>
        (await server.store.db.selectFrom("outbox").select(["id", "delivered_at"]).orderBy("id").execute()).map(
          (m) => ({ id: Number(m.id), delivered: m.delivered_at !== null }),
        );
      const first = await outbox();
      const refused = first.filter((m) => !m.delivered).map((m) => m.id);
      expect(refused).toHaveLength(1);
      expect(first.filter((m) => m.delivered).length).toBeGreaterThan(0);

      server.clock.advance(DELIVERED_RETENTION_MS);
      expect(await server.app.webhooks.deliverDue()).toBe(1); // the refused one, a month late
      expect((await outbox()).map((m) => m.id)).toEqual(first.map((m) => m.id)); // delivered exactly 30 days ago: kept

      server.clock.advance(1);
      await server.app.webhooks.deliverDue();
      expect(await outbox()).toEqual([{ id: refused[0], delivered: true }]);
      const attempts = await server.store.db
        .selectFrom("deliveries")
        .select(["outbox_id", "ok"])
        .orderBy("id")
        .execute();
      expect(attempts.map((a) => [Number(a.outbox_id), Number(a.ok)])).toEqual([
        [refused[0], 0],
        [refused[0], 1],
      ]);
    } finally {
      await server.close();
      await receiver.close();
    }
  });
});

describe("where webhooks may go", () => {
  it("refuses URLs on this machine or a private network, and changes nothing", async () => {
    const server = await startServer({ privateWebhooks: false });
    try {
      const endpoint = async () =>
        server.store.db.selectFrom("webhook_endpoints").selectAll().where("shop_id", "=", server.shop.id).execute();
      for (const url of [
        "http://127.0.0.1:8080/hooks",
        "http://localhost:8080/hooks",
        "http://[::1]/hooks",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.7/hooks",
        "https://user:secret@93.184.215.14/hooks",
      ]) {
        const res = await shopApi(server, "/v1/webhooks", { method: "PUT", body: { url } });
        expect([url, res.status, res.body.error?.code]).toEqual([url, 422, "webhook_url_refused"]);
      }
      expect(await endpoint()).toEqual([]);
      // an address literal on the public internet is taken without asking DNS
      const ok = await shopApi(server, "/v1/webhooks", { method: "PUT", body: { url: "https://93.184.215.14/hooks" } });
      expect(ok.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("checks the address it connects to, not only the one it was told: a name rebound to this machine gets nothing", async () => {
    const server = await startServer({ privateWebhooks: false });
    const receiver = await startReceiver();
    // the check's resolver saw a public address; the connection itself resolves the name again
    const rebound = new WebhookWorker(server.app.ctx, {
      pollMs: 0,
      targets: { allowPrivate: false, resolve: async () => ["93.184.215.14"] },
    });
    try {
      await saveEndpoint(server.store.db, {
        shop_id: server.shop.id,
        url: receiver.url.replace("127.0.0.1", "localhost"),
        secret: "whsec_test",
        updated_at: server.clock.now(),
      });
      await shopApi(server, "/v1/orders", {
        body: { orderId: "r-1", viewerId: "amy", amount: 100, items: [], paidAt: server.clock.now() },
      });
      expect(await rebound.deliverDue()).toBe(0);
      expect(receiver.received).toHaveLength(0);
      const attempts = await server.store.db.selectFrom("deliveries").select(["ok", "error"]).execute();
      expect(attempts).toHaveLength(1);
      expect(attempts[0]?.error).toMatch(/not a public address/);
    } finally {
      await rebound.stop();
      await server.close();
      await receiver.close();
    }
  });

  it("does not send to an endpoint that turned out private, and keeps the message pending", async () => {
    const server = await startServer({ privateWebhooks: false });
    const receiver = await startReceiver();
    try {
      // stored as if its name had resolved publicly when it was set
      await saveEndpoint(server.store.db, {
        shop_id: server.shop.id,
        url: receiver.url,
        secret: "whsec_test",
        updated_at: server.clock.now(),
      });
      await shopApi(server, "/v1/orders", {
        body: { orderId: "p-1", viewerId: "amy", amount: 100, items: [], paidAt: server.clock.now() },
      });
      expect(await server.app.webhooks.deliverDue()).toBe(0);
      expect(receiver.received).toHaveLength(0);
      const attempts = await server.store.db.selectFrom("deliveries").select(["ok", "error"]).execute();
      expect(attempts).toHaveLength(1);
      expect(attempts[0]?.error).toMatch(/^not sent: .*not a public address/);
      const outbox = await server.store.db.selectFrom("outbox").select("delivered_at").execute();
      expect(outbox.map((m) => m.delivered_at)).toEqual([null]);
    } finally {
      await server.close();
      await receiver.close();
    }
  });
});
