import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../server/app.js";
import { SIGNATURE_HEADER, verifySignature } from "../../server/domain/webhooks.js";
import { type CreatedShop, createShop } from "../../server/services/shops.js";
import { openStore } from "../../server/store/database.js";
import { migrateUpTo } from "../../server/store/migrations/index.js";
import { ManualClock } from "../../support/clock.js";
import { type Received, shopApi, startReceiver } from "../../support/commerce.js";
import { startServer, type TestServer } from "../../support/server.js";
import { order } from "../helpers/lifecycle.js";

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
interface Endpoint {
  id: string;
  url: string;
  secret: string;
  events: string[] | null;
  enabled: boolean;
}

let server: TestServer;
const servers: TestServer[] = [];
const receivers: Receiver[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const r of receivers.splice(0)) await r.close();
});

async function serve(options: Parameters<typeof startServer>[0] = {}): Promise<TestServer> {
  const started = await startServer(options);
  servers.push(started);
  return started;
}

async function receiver(): Promise<Receiver> {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}

async function addEndpoint(body: Record<string, unknown>, secret?: string): Promise<Endpoint> {
  const res = await shopApi(server, "/v1/webhook-endpoints", { body, ...(secret ? { secret } : {}) });
  expect(res.status).toBe(200);
  return res.body as unknown as Endpoint;
}

const events = (r: Receiver) => r.received.map((m) => (JSON.parse(m.body) as { event: string }).event);
const signedBy = (secret: string, m: Received) =>
  verifySignature(secret, String(m.headers[SIGNATURE_HEADER]), m.body, server.clock.now());
const log = async (secret?: string) =>
  (await shopApi(server, "/v1/webhooks/deliveries", secret ? { secret } : {})).body as {
    messages: { id: number; endpointId: string | null; event: string; state: string; attempts: number }[];
    deliveries: { outboxId: number; endpointId: string | null; attempt: number; ok: boolean }[];
  };

describe("several webhook endpoints", () => {
  it("fans a change out to each endpoint that takes its event, each signed with its own secret", async () => {
    server = await serve();
    const all = await receiver();
    const refunds = await receiver();
    const everything = await addEndpoint({ url: all.url });
    const onlyRefunds = await addEndpoint({
      url: refunds.url,
      events: ["order.refunded"],
      secret: "whsec_refunds_only_0001",
    });
    expect(everything).toMatchObject({ events: null, enabled: true });
    expect(onlyRefunds).toMatchObject({ events: ["order.refunded"], enabled: true, secret: "whsec_refunds_only_0001" });

    await order(server, "amy", "f-1", [{ sku: "tea", qty: 1, price: 5000 }]);
    expect((await shopApi(server, "/v1/orders/f-1/refund", { body: {} })).status).toBe(200);
    await server.app.webhooks.deliverDue();

    expect(events(all)).toEqual(["order.credited", "order.refunded"]);
    expect(events(refunds)).toEqual(["order.refunded"]);
    expect(all.received.every((m) => signedBy(everything.secret, m))).toBe(true);
    expect(refunds.received.every((m) => signedBy(onlyRefunds.secret, m))).toBe(true);
    expect(signedBy(everything.secret, refunds.received[0] as Received)).toBe(false);
    // the same change, the same body, one message per endpoint
    expect(refunds.received[0]?.body).toBe(all.received[1]?.body);
    const { messages } = await log();
    expect(messages.map((m) => [m.event, m.endpointId, m.state])).toEqual([
      ["order.refunded", onlyRefunds.id, "delivered"],
      ["order.refunded", everything.id, "delivered"],
      ["order.credited", everything.id, "delivered"],
    ]);
  });

  it("queues nothing for a switched-off endpoint, and again once it is back on", async () => {
    server = await serve();
    const on = await receiver();
    const off = await receiver();
    await addEndpoint({ url: on.url });
    const paused = await addEndpoint({ url: off.url });
    const patched = await shopApi(server, `/v1/webhook-endpoints/${paused.id}`, {
      method: "PATCH",
      body: { enabled: false },
    });
    expect(patched.body).toMatchObject({ id: paused.id, enabled: false, url: off.url, secret: paused.secret });

    await order(server, "amy", "o-1", [{ sku: "tea", qty: 1, price: 5000 }]);
    await server.app.webhooks.deliverDue();
    expect(events(on)).toEqual(["order.credited"]);
    expect(off.received).toEqual([]);
    expect((await log()).messages.map((m) => m.endpointId)).toEqual([(await log()).messages[0]?.endpointId]);

    await shopApi(server, `/v1/webhook-endpoints/${paused.id}`, { method: "PATCH", body: { enabled: true } });
    await order(server, "amy", "o-2", [{ sku: "tea", qty: 1, price: 5000 }]);
    await server.app.webhooks.deliverDue();
    expect(events(off)).toEqual(["order.credited"]);
  });

  it("holds back what waited for an endpoint switched off after the change, and sends it once it is on again", async () => {
    server = await serve();
    const later = await receiver();
    const endpoint = await addEndpoint({ url: later.url });
    await order(server, "amy", "w-1", [{ sku: "tea", qty: 1, price: 5000 }]);
    await shopApi(server, `/v1/webhook-endpoints/${endpoint.id}`, { method: "PATCH", body: { enabled: false } });
    expect(await server.app.webhooks.deliverDue()).toBe(0);
    expect(later.received).toEqual([]);
    await shopApi(server, `/v1/webhook-endpoints/${endpoint.id}`, { method: "PATCH", body: { enabled: true } });
    expect(await server.app.webhooks.deliverDue()).toBe(1);
    expect(events(later)).toEqual(["order.credited"]);
  });

  it("sends a message again on request, delivered or not, and keeps every attempt in the log", async () => {
    server = await serve();
    const hooks = await receiver();
    const endpoint = await addEndpoint({ url: hooks.url });
    await order(server, "amy", "s-1", [{ sku: "tea", qty: 1, price: 5000 }]);
    await server.app.webhooks.deliverDue();
    const [message] = (await log()).messages;
    expect(message).toMatchObject({ event: "order.credited", state: "delivered", attempts: 1 });

    const again = await shopApi(server, `/v1/webhook-messages/${message?.id}/retry`, { body: {} });
    expect(again.status).toBe(200);
    expect(again.body.message).toMatchObject({ id: message?.id, state: "pending", endpointId: endpoint.id });
    expect(await server.app.webhooks.deliverDue()).toBe(1);
    expect(hooks.received).toHaveLength(2);
    expect(hooks.received[1]?.body).toBe(hooks.received[0]?.body);
    // a receiver tells the repeat by its delivery id
    expect(hooks.received[1]?.headers["encore-delivery"]).toBe(String(message?.id));
    expect(signedBy(endpoint.secret, hooks.received[1] as Received)).toBe(true);
    expect((await log()).deliveries.map((d) => [d.outboxId, d.attempt, d.ok])).toEqual([
      [message?.id, 2, true],
      [message?.id, 1, true],
    ]);
    // once asked, sent once
    expect(await server.app.webhooks.deliverDue()).toBe(0);

    const unknown = await shopApi(server, "/v1/webhook-messages/999999/retry", { body: {} });
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, "webhook_message_not_found"]);
    const audit = await shopApi(server, "/v1/audit?action=webhook.resend");
    expect((audit.body.entries as { target: { id: string } }[]).map((e) => e.target.id)).toEqual([String(message?.id)]);
  });

  it("keeps GET/PUT /v1/webhooks on the first endpoint, leaving the others as they are", async () => {
    server = await serve();
    const first = await receiver();
    const second = await receiver();
    const put = await shopApi(server, "/v1/webhooks", { method: "PUT", body: { url: first.url } });
    const added = await addEndpoint({ url: second.url, events: ["tier.changed"] });
    const moved = await shopApi(server, "/v1/webhooks", {
      method: "PUT",
      body: { url: `${first.url}/v2`, secret: "whsec_moved_secret_0001" },
    });
    expect(moved.body).toEqual({ url: `${first.url}/v2`, secret: "whsec_moved_secret_0001" });
    expect((await shopApi(server, "/v1/webhooks")).body).toEqual(moved.body);
    const list = (await shopApi(server, "/v1/webhook-endpoints")).body.endpoints as Endpoint[];
    expect(list.map((e) => [e.url, e.secret, e.events])).toEqual([
      [`${first.url}/v2`, "whsec_moved_secret_0001", null],
      [second.url, added.secret, ["tier.changed"]],
    ]);
    expect(put.body.secret).toMatch(/^whsec_/);
  });

  it("deletes an endpoint with the messages still waiting for it, audited without its secret", async () => {
    server = await serve();
    const gone = await receiver();
    const kept = await receiver();
    const doomed = await addEndpoint({ url: gone.url });
    await addEndpoint({ url: kept.url });
    await order(server, "amy", "d-1", [{ sku: "tea", qty: 1, price: 5000 }]);
    const deleted = await shopApi(server, `/v1/webhook-endpoints/${doomed.id}`, { method: "DELETE" });
    expect(deleted.body).toEqual({ deleted: true, id: doomed.id });
    expect(await server.app.webhooks.deliverDue()).toBe(1);
    expect(gone.received).toEqual([]);
    expect(events(kept)).toEqual(["order.credited"]);
    const again = await shopApi(server, `/v1/webhook-endpoints/${doomed.id}`, { method: "DELETE" });
    expect([again.status, again.body.error?.code]).toEqual([404, "webhook_endpoint_not_found"]);

    const audit = (await shopApi(server, "/v1/audit")).body.entries as { action: string; target: { id: string } }[];
    const mine = audit.filter((e) => e.target.id === doomed.id).map((e) => e.action);
    expect(mine).toEqual(["webhook.delete", "webhook.create"]);
    expect(JSON.stringify(audit)).not.toContain(doomed.secret);
  });

  it("refuses another shop's endpoints and messages as unknown, changing nothing", async () => {
    server = await serve();
    const hooks = await receiver();
    const endpoint = await addEndpoint({ url: hooks.url });
    await order(server, "amy", "c-1", [{ sku: "tea", qty: 1, price: 5000 }]);
    await server.app.webhooks.deliverDue();
    const [message] = (await log()).messages;
    const other: CreatedShop = await createShop(server.store.db, { name: "Other" }, server.clock.now());
    const before = (await shopApi(server, "/v1/webhook-endpoints")).body;

    expect((await shopApi(server, "/v1/webhook-endpoints", { secret: other.secret })).body).toEqual({ endpoints: [] });
    const patch = await shopApi(server, `/v1/webhook-endpoints/${endpoint.id}`, {
      method: "PATCH",
      body: { url: "http://127.0.0.1:9/stolen" },
      secret: other.secret,
    });
    expect([patch.status, patch.body.error?.code]).toEqual([404, "webhook_endpoint_not_found"]);
    const remove = await shopApi(server, `/v1/webhook-endpoints/${endpoint.id}`, {
      method: "DELETE",
      secret: other.secret,
    });
    expect([remove.status, remove.body.error?.code]).toEqual([404, "webhook_endpoint_not_found"]);
    const retry = await shopApi(server, `/v1/webhook-messages/${message?.id}/retry`, {
      body: {},
      secret: other.secret,
    });
    expect([retry.status, retry.body.error?.code]).toEqual([404, "webhook_message_not_found"]);
    expect((await log(other.secret)).messages).toEqual([]);

    expect((await shopApi(server, "/v1/webhook-endpoints")).body).toEqual(before);
    expect(await server.app.webhooks.deliverDue()).toBe(0);
    expect(hooks.received).toHaveLength(1);
  });

  it("refuses URLs webhooks may not go to, when adding and when changing, and bad input at the edge", async () => {
    server = await serve({ privateWebhooks: false });
    const added = await shopApi(server, "/v1/webhook-endpoints", { body: { url: "http://10.0.0.7/hooks" } });
    expect([added.status, added.body.error?.code]).toEqual([422, "webhook_url_refused"]);
    const ok = await addEndpoint({ url: "https://93.184.215.14/hooks" });
    const moved = await shopApi(server, `/v1/webhook-endpoints/${ok.id}`, {
      method: "PATCH",
      body: { url: "http://169.254.169.254/latest/meta-data" },
    });
    expect([moved.status, moved.body.error?.code]).toEqual([422, "webhook_url_refused"]);
    for (const body of [
      { url: "https://93.184.215.14/a", events: ["order.nope"] },
      { url: "https://93.184.215.14/a", events: [] },
      { url: "https://93.184.215.14/a", events: ["order.credited", "order.credited"] },
      { url: "https://93.184.215.14/a", secret: "short" },
      { url: "https://93.184.215.14/a", extra: 1 },
    ]) {
      const res = await shopApi(server, "/v1/webhook-endpoints", { body });
      expect([JSON.stringify(body), res.status, res.body.error?.code]).toEqual([
        JSON.stringify(body),
        400,
        "bad_request",
      ]);
    }
    const unknown = await shopApi(server, "/v1/webhook-endpoints/whe_nothing", { method: "PATCH", body: {} });
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, "webhook_endpoint_not_found"]);
    expect(((await shopApi(server, "/v1/webhook-endpoints")).body.endpoints as Endpoint[]).map((e) => e.url)).toEqual([
      "https://93.184.215.14/hooks",
    ]);
  });
});

describe("migration 0019_webhook_endpoints", () => {
  it("makes a shop's one endpoint its first, taking every event, and sends what was pending to it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "encore-migration-"));
    const url = join(dir, "encore.db");
    const hooks = await receiver();
    try {
      const legacy = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(url) }) });
      await migrateUpTo(legacy, "sqlite", "0018_reminder_choice");
      await sql`insert into shops (id, name, secret, config, created_at) values ('s1', 'Old Shop', 'retired:s1', '{}', 1)`.execute(
        legacy,
      );
      await sql`insert into webhook_endpoints (shop_id, url, secret, updated_at)
                values ('s1', ${hooks.url}, 'whsec_legacy_secret_0001', 5)`.execute(legacy);
      const body = JSON.stringify({ event: "order.credited", shopId: "s1", createdAt: 7, data: {} });
      await sql`insert into outbox (shop_id, event, body, attempts, next_attempt_at, created_at)
                values ('s1', 'order.credited', ${body}, 0, 7, 7)`.execute(legacy);
      await legacy.destroy();

      const store = await openStore(url);
      const clock = new ManualClock();
      const app = await createApp({ store, clock, webhookPollMs: 0, sweepEveryMs: 0, privateWebhooks: true });
      try {
        const endpoints = await store.db.selectFrom("webhook_endpoints").selectAll().execute();
        expect(endpoints).toEqual([
          expect.objectContaining({
            shop_id: "s1",
            url: hooks.url,
            secret: "whsec_legacy_secret_0001",
            events: null,
            enabled: 1,
          }),
        ]);
        expect(await app.webhooks.deliverDue()).toBe(1);
        expect(hooks.received.map((m) => m.body)).toEqual([body]);
        expect(
          verifySignature(
            "whsec_legacy_secret_0001",
            String(hooks.received[0]?.headers[SIGNATURE_HEADER]),
            body,
            clock.now(),
          ),
        ).toBe(true);
      } finally {
        await app.close();
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
