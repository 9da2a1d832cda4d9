import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditPage, ViewerExport } from "../../protocol/index.js";
import { verifyStore } from "../../server/ops/verify.js";
import { createShop } from "../../server/services/shops.js";
import { DERIVED_VIEWER_TABLES, TRANSIENT_VIEWER_TABLES, VIEWER_TABLES } from "../../server/store/viewer-data.js";
import { ensureViewer } from "../../server/store/viewers.js";
import { createTemplateOverApi, setRepurchase, shopApi } from "../../support/commerce.js";
import { joinRoom, next, startServer, type TestServer } from "../../support/server.js";
import { type AdminBrowser, printLink, signIn } from "../helpers/admin.js";

/**
 * A viewer's personal data: GET /v1/viewers/:id/export holds a row of every table that has one,
 * and DELETE /v1/viewers/:id takes the person out of every table while the books stay whole.
 */
let server: TestServer;
let browser: AdminBrowser;
let otherBrowser: AdminBrowser;
let templateId: string;

const ID = "zoe-erasable";
const NAME = "Zoë Erasable";
const BIRTHDAY = "02-29";
const NOTE = "called about her sister's wedding";

const json = (body: unknown, method = "POST"): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const read = async (response: Response) => ({
  status: response.status,
  body: (await response.json()) as Record<string, unknown> & { error?: { code: string } },
});
const erase = async (id: string, who = browser, init: { csrf?: string | null } = {}) =>
  read(await who.fetch(`/v1/viewers/${id}`, { method: "DELETE", ...init }));

/** The database's tables, on either dialect. */
async function tableNames(): Promise<string[]> {
  const { db, dialect } = server.store;
  const tables =
    dialect === "postgres"
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
  return tables.rows.map((row) => row.name);
}

/** Every row of every table, as text: what a person reading the database could find. */
async function dumpDatabase(): Promise<string> {
  const { db } = server.store;
  const parts: string[] = [];
  for (const name of await tableNames()) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    // sorted: Postgres returns rows in no fixed order, and an update may move one
    parts.push(
      `${name}: ${rows.rows
        .map((row) => JSON.stringify(row))
        .sort()
        .join(",")}`,
    );
  }
  return parts.join("\n");
}

/** The tables of the database that have a viewer_id column. */
async function tablesWithViewerColumn(): Promise<string[]> {
  const { db, dialect } = server.store;
  if (dialect === "postgres") {
    const columns = await sql<{ name: string }>`select table_name as name from information_schema.columns
      where table_schema = current_schema() and column_name = 'viewer_id'`.execute(db);
    return columns.rows.map((row) => row.name).sort();
  }
  const found: string[] = [];
  for (const name of await tableNames()) {
    const columns = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(db);
    if (columns.rows.some((c) => c.name === "viewer_id")) found.push(name);
  }
  return found.sort();
}

async function countRows(table: string, viewerId: string): Promise<number> {
  const result = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}
    where shop_id = ${server.shop.id} and viewer_id = ${viewerId}`.execute(server.store.db);
  return Number(result.rows[0]?.n ?? 0);
}

async function books() {
  const { db } = server.store;
  const ledger = await sql<{ points: number; growth: number; n: number }>`
    select sum(delta) as points, sum(growth_delta) as growth, count(*) as n from ledger where shop_id = ${server.shop.id}`.execute(
    db,
  );
  const orders = await sql<{ amount: number; paid: number; n: number }>`
    select sum(amount) as amount, sum(paid) as paid, count(*) as n from orders where shop_id = ${server.shop.id}`.execute(
    db,
  );
  const balances = await sql<{ points: number; growth: number }>`
    select sum(points) as points, sum(growth) as growth from viewers where shop_id = ${server.shop.id}`.execute(db);
  return { ledger: ledger.rows[0], orders: orders.rows[0], balances: balances.rows[0] };
}

/** Gives the viewer a row in every table that holds viewers: through the API where one exists. */
async function populate(viewerId: string): Promise<void> {
  const { db } = server.store;
  const now = server.clock.now();
  const shopId = server.shop.id;
  const roomId = server.roomId;
  await ensureViewer(db, shopId, viewerId, { name: NAME, birthday: BIRTHDAY }, now);
  const order = await shopApi(server, "/v1/orders", {
    body: {
      orderId: "ord-1",
      viewerId,
      amount: 30_000,
      items: [{ sku: "tea", qty: 2, price: 15_000 }],
      paidAt: now,
    },
  });
  if (order.status !== 200) throw new Error(JSON.stringify(order.body));
  const adjusted = await read(
    await browser.fetch(`/v1/viewers/${viewerId}/growth`, json({ delta: 50, note: NOTE, idempotencyKey: "adj-1" })),
  );
  if (adjusted.status !== 200) throw new Error(JSON.stringify(adjusted.body));
  const granted = await read(
    await browser.fetch(`/v1/viewers/${viewerId}/coupons`, json({ templateId, note: NOTE, idempotencyKey: "grant-1" })),
  );
  if (granted.status !== 200) throw new Error(JSON.stringify(granted.body));
  const code = (granted.body.coupon as { code: string }).code;

  // what only the widget, the live room and the sweeps write: rows as they write them
  await db
    .insertInto("watch_state")
    .values({
      shop_id: shopId,
      viewer_id: viewerId,
      credited_until: now,
      carry_ms: 0,
      total_ms: 600_000,
      day: "2026-12-01",
      day_points: 10,
      blocks: 1,
      chests: 1,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto("chests")
    .values({
      id: "ch-1",
      shop_id: shopId,
      viewer_id: viewerId,
      ordinal: 1,
      points: 5,
      appeared_at: now,
      expires_at: now + 300_000,
      claimed_at: null,
    })
    .execute();
  await db
    .insertInto("redemptions")
    .values({
      shop_id: shopId,
      order_id: "ord-1",
      code,
      viewer_id: viewerId,
      amount: 30_000,
      discount: 0,
      created_at: now,
      reversed_at: null,
    })
    .execute();
  await db.insertInto("clicks").values({ shop_id: shopId, viewer_id: viewerId, sku: "tea", at: now }).execute();
  await db
    .insertInto("reminders")
    .values({ shop_id: shopId, room_id: roomId, viewer_id: viewerId, created_at: now })
    .execute();
  const offerId = "ofr-1";
  await db
    .insertInto("offers")
    .values({
      id: offerId,
      shop_id: shopId,
      room_id: roomId,
      template_id: templateId,
      keyword: "1",
      mode: "draw",
      status: "ended",
      stock: 1,
      claimed: 0,
      min_tier: null,
      started_at: now,
      ends_at: now + 30_000,
      ended_at: now + 30_000,
      sold_out_at: null,
      created_at: now,
    })
    .execute();
  await db
    .insertInto("offer_entries")
    .values({
      offer_id: offerId,
      viewer_id: viewerId,
      shop_id: shopId,
      name: NAME,
      seq: 1,
      won: 0,
      coupon_code: null,
      entered_at: now,
      won_at: null,
    })
    .execute();
  await db
    .insertInto("offer_draws")
    .values({
      offer_id: offerId,
      seed: "00",
      entries: JSON.stringify(["someone-else", viewerId]),
      winners: "[]",
      drawn_at: now,
    })
    .execute();
  await db
    .insertInto("mutes")
    .values({ shop_id: shopId, viewer_id: viewerId, muted_at: now, muted_by: "cli", muted_by_name: null })
    .execute();
  await db
    .insertInto("live_watch")
    .values({ room_id: roomId, live_started_at: now, shop_id: shopId, viewer_id: viewerId, watched_ms: 600_000 })
    .execute();
  await db
    .insertInto("experiments")
    .values({
      id: "exp-1",
      shop_id: shopId,
      name: "chest size",
      incentive: "chest",
      arms: "[]",
      holdout_percent: 0,
      min_sample: 100,
      status: "running",
      created_at: now,
      stopped_at: null,
    })
    .execute();
  await db
    .insertInto("experiment_exposures")
    .values({ experiment_id: "exp-1", viewer_id: viewerId, shop_id: shopId, arm: "a", exposed_at: now })
    .execute();
  await db
    .insertInto("touches")
    .values({
      id: "tch-1",
      shop_id: shopId,
      viewer_id: viewerId,
      automation: "win_back",
      kind: "win_back",
      key: "win_back:1:0",
      template_id: null,
      coupon_code: null,
      words: null,
      params: "{}",
      due_at: now,
      expires_at: null,
      status: "pending",
      reason: null,
      sent_at: null,
      held_at: null,
      seen_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto("contact_prefs")
    .values({ shop_id: shopId, viewer_id: viewerId, opted_out: 0, updated_at: now })
    .execute();
  await db
    .insertInto("segment_memberships")
    .values({ shop_id: shopId, viewer_id: viewerId, segment: "price_sensitive", entered_at: now, baseline: 0 })
    .execute();
  // the viewer's own invite code, and the referral that brought them in, whose inviter's reward names them
  await db
    .insertInto("referral_codes")
    .values({
      code: "ZOEINVITE123",
      shop_id: shopId,
      viewer_id: viewerId,
      created_at: now,
    })
    .execute();
  // a time on stage (连麦), which keeps the name the room saw
  await db
    .insertInto("stage_spots")
    .values({
      id: "spot-zoe",
      shop_id: shopId,
      room_id: roomId,
      viewer_id: viewerId,
      name: NAME,
      tier: 0,
      state: "ended",
      open_room: null,
      invited_by: "host-1",
      invited_at: now,
      expires_at: null,
      on_stage_at: now,
      ended_at: now,
      ended_reason: "host",
    })
    .execute();
  await ensureViewer(db, shopId, "her-inviter", {}, now);
  await db
    .insertInto("referrals")
    .values({
      shop_id: shopId,
      invitee_id: viewerId,
      inviter_id: "her-inviter",
      code: "code-of-her-inviter",
      month: "2026-01",
      joined_at: now,
      completed_at: now,
      first_order_at: null,
    })
    .execute();
  await db
    .insertInto("ledger")
    .values({
      shop_id: shopId,
      viewer_id: "her-inviter",
      delta: 0,
      growth_delta: 0,
      reason: "referral",
      ref: viewerId,
      idempotency_key: `referral:${viewerId}:inviter`,
      note: null,
      points_after: 0,
      growth_after: 0,
      created_at: now,
    })
    .execute();
  // a live.started webhook that named the viewer among the reminder subscribers
  await db
    .insertInto("outbox")
    .values({
      shop_id: shopId,
      event: "live.started",
      body: JSON.stringify({
        event: "live.started",
        data: {
          roomId,
          subscribers: [
            { viewerId, name: NAME, since: now },
            { viewerId: "someone-else", name: "Someone Else", since: now },
          ],
        },
      }),
      attempts: 1,
      next_attempt_at: now,
      created_at: now,
      delivered_at: now,
    })
    .execute();
}

beforeAll(async () => {
  server = await startServer();
  browser = await signIn(server);
  templateId = await createTemplateOverApi(server, { stock: 100, perViewerLimit: 5 });
  await setRepurchase(server, { firstOrderTemplateId: templateId });
  await populate(ID);
  const other = await createShop(server.store.db, { name: "Other" }, server.clock.now());
  otherBrowser = await signIn(server, await printLink(server, other.id));
});
afterAll(async () => {
  await server.close();
});

describe("GET /v1/viewers/:viewerId/export", () => {
  it("knows every table that has a viewer column", async () => {
    expect(await tablesWithViewerColumn()).toEqual(
      [...VIEWER_TABLES, ...TRANSIENT_VIEWER_TABLES, ...DERIVED_VIEWER_TABLES].sort(),
    );
  });

  it("holds the viewer's rows of every one of those tables", async () => {
    const { status, body } = await shopApi(server, `/v1/viewers/${ID}/export`);
    expect(status).toBe(200);
    const doc = body as unknown as ViewerExport;
    expect(doc.profile).toMatchObject({ viewerId: ID, name: NAME, birthday: BIRTHDAY });
    const held: Record<(typeof VIEWER_TABLES)[number], number> = {
      viewers: 1,
      ledger: doc.ledger.length,
      watch_state: doc.watch.state ? 1 : 0,
      chests: doc.watch.chests.length,
      coupons: doc.coupons.length,
      orders: doc.orders.length,
      redemptions: doc.redemptions.length,
      clicks: doc.clicks.length,
      reminders: doc.reminders.length,
      offer_entries: doc.offerEntries.length,
      mutes: doc.mute ? 1 : 0,
      live_watch: doc.watch.sessions.length,
      experiment_exposures: doc.experiments.length,
      touches: doc.touches.length,
      contact_prefs: doc.contact ? 1 : 0,
      segment_memberships: doc.segments.length,
      referral_codes: doc.referral.code ? 1 : 0,
      stage_spots: doc.stage.length,
    };
    expect(doc.referral).toMatchObject({ invitedBy: "her-inviter", invited: [] });
    for (const table of VIEWER_TABLES) {
      const stored = await countRows(table, ID);
      expect(stored, table).toBeGreaterThan(0);
      expect(held[table], table).toBe(stored);
    }
    expect(doc.ledger.find((e) => e.note === NOTE)).toBeTruthy();
    expect(doc.orders[0]?.items).toEqual([{ line: 0, sku: "tea", name: null, qty: 2, price: 15_000 }]);
  });

  it("is in the audit log, without the data", async () => {
    await read(await browser.fetch(`/v1/viewers/${ID}/export`));
    const audit = (await shopApi(server, "/v1/audit?action=viewer.export")).body as unknown as AuditPage;
    expect(audit.entries[0]).toMatchObject({ target: { kind: "viewer", id: ID }, before: null, after: null });
  });

  it("refuses an unknown viewer and another shop's viewer", async () => {
    expect((await shopApi(server, "/v1/viewers/nobody/export")).body.error?.code).toBe("viewer_not_found");
    const elsewhere = await read(await otherBrowser.fetch(`/v1/viewers/${ID}/export`));
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error?.code).toBe("viewer_not_found");
  });
});

describe("DELETE /v1/viewers/:viewerId", () => {
  it("refuses a session without its CSRF token, another shop, and an unknown viewer, changing nothing", async () => {
    const before = await dumpDatabase();
    const noCsrf = await erase(ID, browser, { csrf: null });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error?.code).toBe("csrf_invalid");
    const elsewhere = await erase(ID, otherBrowser);
    expect([elsewhere.status, elsewhere.body.error?.code]).toEqual([404, "viewer_not_found"]);
    const unknown = await erase("nobody");
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, "viewer_not_found"]);
    const noCredential = await fetch(`${server.url}/v1/viewers/${ID}`, { method: "DELETE" });
    expect(noCredential.status).toBe(401);
    // refusals wrote nothing (the export's audit entry above is the last change)
    expect(await dumpDatabase()).toBe(before);
  });

  it("takes the person out of every table and keeps the books whole", async () => {
    const booksBefore = await books();
    const { status, body } = await erase(ID);
    expect(status).toBe(200);
    expect(body.erased).toBe(true);

    const dump = await dumpDatabase();
    expect(dump).not.toContain(ID);
    expect(dump).not.toContain(NAME);
    expect(dump).not.toContain(NOTE);
    expect(dump).not.toContain(`"${BIRTHDAY}"`);
    // another viewer named beside them stays as they were
    expect(dump).toContain("Someone Else");
    for (const table of VIEWER_TABLES) expect(await countRows(table, ID), table).toBe(0);

    expect(await books()).toEqual(booksBefore);
    expect(await verifyStore(server.store)).toEqual([]);

    // the pseudonym is where the rows went, and the audit entry names only it
    const audit = (await shopApi(server, "/v1/audit?action=viewer.erase")).body as unknown as AuditPage;
    const entry = audit.entries[0];
    expect(entry?.target.id).toMatch(/^erased_[0-9a-f]{24}$/);
    // every ledger entry of the shop but one is hers: her inviter's reward stays the inviter's
    expect(await countRows("ledger", entry?.target.id ?? "")).toBe(Number(booksBefore.ledger?.n) - 1);
    expect(await countRows("ledger", "her-inviter")).toBe(1);
    const [pseudonym] = (
      await server.store.db
        .selectFrom("viewers")
        .selectAll()
        .where("viewer_id", "=", entry?.target.id ?? "")
        .execute()
    ).map((v) => ({ name: v.name, birthday: v.birthday, points: v.points }));
    expect(pseudonym).toEqual({ name: null, birthday: null, points: expect.any(Number) });
    // no one is reminded or contacted under a pseudonym
    expect(await countRows("reminders", entry?.target.id ?? "")).toBe(0);
  });

  it("is harmless twice: the id is unknown by then", async () => {
    const before = await dumpDatabase();
    const again = await erase(ID);
    expect([again.status, again.body.error?.code]).toEqual([404, "viewer_not_found"]);
    expect(await dumpDatabase()).toBe(before);
  });

  it("lets a token for the old id start a fresh, empty viewer, erasable again", async () => {
    const before = (await shopApi(server, `/v1/viewers/${ID}`)).status;
    expect(before).toBe(404);
    const order = await shopApi(server, "/v1/orders", {
      body: {
        orderId: "ord-new",
        viewerId: ID,
        amount: 10_000,
        items: [{ sku: "tea", qty: 1, price: 10_000 }],
        paidAt: server.clock.now(),
      },
    });
    expect(order.status).toBe(200);
    const fresh = await shopApi(server, `/v1/viewers/${ID}/export`);
    const doc = fresh.body as unknown as ViewerExport;
    expect(doc.profile.name).toBeNull();
    expect(doc.orders.map((o) => o.orderId)).toEqual(["ord-new"]);
    // its first order is a first order again: the old grant key no longer spells the id
    expect(doc.coupons.map((c) => c.source)).toEqual(["first_order"]);
    expect((await erase(ID)).status).toBe(200);
    expect(await verifyStore(server.store)).toEqual([]);
  });

  it("lets go of the erased viewer's open pages, which come back as the fresh viewer", async () => {
    const id = "ivy-still-watching";
    const token = await server.token(id, { name: "Ivy" });
    const adjusted = await shopApi(server, `/v1/viewers/${id}/points`, {
      body: { delta: 250, note: "welcome", idempotencyKey: "ivy-welcome" },
    });
    expect(adjusted.status).toBe(200);
    const open = await joinRoom(server, token);
    expect(open.snapshot.wallet?.points).toBe(250);
    const bystander = await joinRoom(server, await server.token("bystander"));

    const dropped = new Promise<string>((resolve) => open.socket.once("disconnect", resolve));
    expect((await erase(id)).status).toBe(200);
    expect(await dropped).toBe("io server disconnect");
    expect(bystander.socket.connected).toBe(true);

    // the page reconnects with the token it holds: an empty wallet, not the erased balance
    const fresh = next(open.socket, "snapshot", 3000);
    open.socket.connect();
    expect((await fresh).wallet?.points).toBe(0);
    open.socket.disconnect();
    bystander.socket.disconnect();
  });
});
