import type { Kysely } from "kysely";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEGMENTS, type Segment } from "../../protocol/index.js";
import { compareCampaignDays, comparisonStart } from "../../server/domain/campaign-days.js";
import { DORMANT_MS, HIGH_INTENT_CLICKS, HIGH_INTENT_WINDOW_MS, NEW_BUYER_MS } from "../../server/domain/segments.js";
import { COMMAND_LINE } from "../../server/services/audit.js";
import { campaignRules } from "../../server/services/campaigns.js";
import { recordClick } from "../../server/services/clicks.js";
import type { Context } from "../../server/services/context.js";
import { SILENT_NOTIFIER } from "../../server/services/context.js";
import { importOrders } from "../../server/services/import/orders.js";
import { insight } from "../../server/services/insight.js";
import { segmentPage as scannedSegmentPage } from "../../server/services/lifecycle/segments.js";
import { grantCoupon } from "../../server/services/manual-coupons.js";
import { segmentPage } from "../../server/services/segment-lists.js";
import { requireShop, type Shop } from "../../server/services/shops.js";
import { eraseViewer } from "../../server/services/viewer-data.js";
import { couponCountsBySource } from "../../server/store/coupon-counts.js";
import type { Executor } from "../../server/store/executor.js";
import { watchByLiveSince } from "../../server/store/insight.js";
import { rebuildIntent } from "../../server/store/intent-rebuild.js";
import { lastActiveAtOrBefore, lastActiveDays, rebuildLastActive } from "../../server/store/last-active.js";
import { rebuildRollups } from "../../server/store/rollups-rebuild.js";
import { createTemplateOverApi, setRepurchase, shopApi } from "../../support/commerce.js";
import { startServer, type TestServer, type TestSocket } from "../../support/server.js";
import { watchFor } from "../../support/watch.js";
import {
  scannedCohorts,
  scannedCouponsBySource,
  scannedPaidOrdersSince,
  scannedRepurchase,
  scannedRevenue,
  scannedSegmentSizes,
} from "../helpers/recompute.js";

const DAY = 24 * 3600_000;

/** A seeded sequence, so a failure replays the same changes. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * The roll-ups against a full recomputation: random orders, refunds, coupon orders, watching,
 * imports and erasures over a year and more of shop time, and after each round every maintained
 * figure (the dashboard's, each segment's list, the roll-up tables themselves) equals what
 * grouping every row of the shop answers.
 */
describe("roll-ups stay exact as orders, refunds, clicks and watching arrive", () => {
  let server: TestServer;
  let ctx: Context;
  let shop: Shop;
  const rand = random(19);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const viewers = Array.from({ length: 14 }, (_, i) => `rv${String(i).padStart(2, "0")}`);
  const orders: { id: string; viewer: string; refunded: boolean }[] = [];
  const sockets = new Map<string, TestSocket>();
  let serial = 0;
  let templateId = "";
  /** these two only watch: the ones an hour of watching and no order puts in watched-not-bought */
  const watchers = ["rw0", "rw1"];
  /** these two pay nearly every order with a coupon: price sensitive once they have three */
  const bargainHunters = ["rp0", "rp1"];

  beforeAll(async () => {
    server = await startServer();
    ctx = { store: server.store, clock: server.clock, notifier: SILENT_NOTIFIER, log: pino({ level: "silent" }) };
    templateId = await createTemplateOverApi(server, { stock: null, perViewerLimit: 50, validDays: 365, minSpend: 0 });
    await setRepurchase(server, { firstOrderTemplateId: templateId });
    shop = await requireShop(server.store.db, server.shop.id);
    await server.store.db
      .updateTable("rooms")
      .set({ live: 1, live_started_at: server.clock.now() })
      .where("id", "=", server.roomId)
      .execute();
  });
  afterAll(async () => {
    for (const socket of sockets.values()) socket.disconnect();
    await server?.close();
  });

  const openCoupon = async (viewer: string) =>
    (
      await server.store.db
        .selectFrom("coupons")
        .select("code")
        .where("shop_id", "=", shop.id)
        .where("viewer_id", "=", viewer)
        .where("state", "=", "issued")
        .where("expires_at", ">", server.clock.now())
        .executeTakeFirst()
    )?.code;

  async function placeOrder(viewer: string, withCoupon: boolean) {
    const orderId = `ro${serial++}`;
    if (withCoupon) {
      // granted by staff through the one issuing path, so a viewer can pay most orders with one
      await grantCoupon(
        ctx,
        shop,
        viewer,
        { templateId, note: "roll-up test", idempotencyKey: `grant-${orderId}` },
        COMMAND_LINE,
      ).catch(() => undefined);
    }
    const couponCode = withCoupon ? await openCoupon(viewer) : undefined;
    const amount = 5_000 + Math.floor(rand() * 40) * 500;
    // some orders are reported days late: paid in the past, inside or outside the windows
    const late = !couponCode && rand() < 0.3;
    const paidAt = server.clock.now() - (late ? Math.floor(rand() * 40) * DAY : 0);
    const { status, body } = await shopApi(server, "/v1/orders", {
      body: {
        orderId,
        viewerId: viewer,
        amount,
        items: [{ sku: pick(["tea", "cup", "pot"]), qty: 1, price: amount }],
        ...(couponCode ? { couponCode } : {}),
        paidAt,
      },
    });
    expect([status, body.error?.code]).toEqual([200, undefined]);
    orders.push({ id: orderId, viewer, refunded: false });
  }

  async function refund() {
    const standing = orders.filter((o) => !o.refunded);
    if (standing.length === 0) return;
    const order = pick(standing);
    const { status } = await shopApi(server, `/v1/orders/${order.id}/refund`, { body: {} });
    expect(status).toBe(200);
    order.refunded = true;
  }

  async function watch(viewer: string) {
    let socket = sockets.get(viewer);
    if (!socket) {
      socket = await server.connect({ token: await server.token(viewer) });
      sockets.set(viewer, socket);
    }
    await watchFor(server, socket, 600 + Math.floor(rand() * 40) * 60, 45);
  }

  /** a few clicks on one sku: three within a day make a pair high intent until the sku is bought */
  async function click(viewer: string) {
    // a viewer who joined the room (as the socket's track event needs), clicking what orders buy, or a lamp no order holds
    if (!sockets.has(viewer)) sockets.set(viewer, await server.connect({ token: await server.token(viewer) }));
    const sku = pick(["tea", "cup", "pot", "lamp"]);
    for (let n = rand() < 0.7 ? 3 : 1; n > 0; n--) {
      await recordClick(ctx, shop.id, viewer, sku);
      server.clock.advance(Math.floor(rand() * 30) * 60_000);
    }
  }

  async function importSome() {
    const lines = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => {
      const orderId = `ri${serial++}`;
      const viewer = pick(viewers);
      orders.push({ id: orderId, viewer, refunded: false });
      return JSON.stringify({
        orderId,
        viewerId: viewer,
        amount: 3_000 + Math.floor(rand() * 20) * 500,
        items: [{ sku: pick(["tea", "cup"]), qty: 1, price: 3_000 }],
        paidAt: server.clock.now() - Math.floor(rand() * 400) * DAY,
      });
    });
    const report = await importOrders(
      ctx,
      shop,
      (async function* () {
        yield `${lines.join("\n")}\n`;
      })(),
      "application/x-ndjson",
    );
    expect(report.refused).toEqual([]);
  }

  /** someone new opens the room and does nothing more: a member from the day they arrived */
  async function arrive() {
    const viewer = `ra${serial++}`;
    sockets.set(viewer, await server.connect({ token: await server.token(viewer) }));
  }

  /** a host token, for a member already known or someone new: hosts are not counted among the dormant */
  async function host() {
    const viewer = rand() < 0.8 ? pick(viewers) : `rh${serial++}`;
    const socket = await server.connect({ token: await server.token(viewer, { role: "host" }) });
    socket.disconnect();
  }

  async function erase() {
    const known = await server.store.db
      .selectFrom("viewers")
      .select("viewer_id")
      .where("shop_id", "=", shop.id)
      .where("viewer_id", "in", viewers)
      .execute();
    if (known.length === 0) return;
    const viewer = pick(known).viewer_id;
    sockets.get(viewer)?.disconnect();
    sockets.delete(viewer);
    await eraseViewer(ctx, shop, viewer, COMMAND_LINE);
    // the orders stay (under the pseudonym), so refunding them is still possible by id
  }

  async function allPages(page: typeof segmentPage, segment: Segment): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 100; guard++) {
      const answer = await page(ctx, shop, segment, cursor, 3);
      ids.push(...answer.viewers.map((v) => v.viewerId));
      if (answer.nextCursor === null) return ids;
      cursor = answer.nextCursor;
    }
    throw new Error("pages did not end");
  }

  /** The roll-up tables as kept, and as made again from the orders with the same window. */
  async function tablesKeptAndRebuilt() {
    const db = server.store.db;
    const read = async (db: Executor) => ({
      viewers: await db
        .selectFrom("viewer_rollups")
        .selectAll()
        .where("shop_id", "=", shop.id)
        .orderBy("viewer_id")
        .execute(),
      shop: await db.selectFrom("shop_rollups").selectAll().where("shop_id", "=", shop.id).execute(),
      cohorts: await db
        .selectFrom("shop_cohorts")
        .selectAll()
        .where("shop_id", "=", shop.id)
        .where("buyers", "<>", 0)
        .orderBy("week")
        .execute(),
      slots: await db
        .selectFrom("shop_order_slots")
        .selectAll()
        .where("shop_id", "=", shop.id)
        .where("orders", "<>", 0)
        .orderBy("slot")
        .execute(),
      intent: await db
        .selectFrom("intent_pairs")
        .selectAll()
        .where("shop_id", "=", shop.id)
        .orderBy("viewer_id")
        .orderBy("sku")
        .execute(),
      lastActive: await lastActiveDays(db, shop.id),
    });
    const kept = await read(db);
    const windowFrom = Number(kept.shop[0]?.window_from ?? 0);
    let rebuilt: typeof kept | undefined;
    // made again inside a transaction that is then undone: the next round goes on from the kept rows
    await db
      .transaction()
      .execute(async (trx) => {
        await rebuildRollups(trx as unknown as Kysely<unknown>, windowFrom, shop.id);
        await rebuildIntent(trx as unknown as Kysely<unknown>, shop.id);
        await rebuildLastActive(trx as unknown as Kysely<unknown>, shop.id);
        rebuilt = await read(trx);
        throw new Error("undo");
      })
      .catch((error: Error) => {
        if (error.message !== "undo") throw error;
      });
    return { kept, rebuilt };
  }

  it("after each round of random changes, every figure equals its full recomputation", async () => {
    const seen = new Set<Segment>();
    for (let round = 0; round < 10; round++) {
      // someone new each round, and now and then a host token for a member or a newcomer
      await arrive();
      if (round % 3 === 1) await host();
      for (let step = 0; step < 10; step++) {
        const roll = rand();
        const viewer = pick(viewers);
        if (roll < 0.25) await placeOrder(viewer, false);
        else if (roll < 0.4) await placeOrder(pick([...bargainHunters, viewer]), true);
        else if (roll < 0.5) await refund();
        else if (roll < 0.65) await watch(rand() < 0.5 ? viewer : pick(watchers));
        else if (roll < 0.78) await click(viewer);
        else if (roll < 0.9) await importSome();
        else if (roll < 0.95) await erase();
        // mostly hours, now and then weeks: new buyers age out, the dormant fall asleep, the 12 months slide
        const days = rand() < 0.15 ? Math.floor(rand() * 40) : 0;
        server.clock.advance(days * DAY + Math.floor(rand() * 8) * 3600_000);
      }
      const now = server.clock.now();
      const label = `round ${round}`;

      const figures = await insight(ctx, shop, server.roomId);
      const db = server.store.db;
      expect({ buyers: figures.shop.buyers, repeatBuyers: figures.shop.repeatBuyers }, label).toEqual(
        await scannedRepurchase(db, shop.id),
      );
      expect(figures.shop.cohorts, label).toEqual(await scannedCohorts(db, shop.id));
      expect(figures.shop.revenue, label).toEqual(await scannedRevenue(db, shop.id));
      const rules = {
        newBuyerMs: NEW_BUYER_MS,
        dormantMs: DORMANT_MS,
        highIntentClicks: HIGH_INTENT_CLICKS,
        highIntentWindowMs: HIGH_INTENT_WINDOW_MS,
      };
      const bySource = (rows: { source: string }[]) => [...rows].sort((a, b) => (a.source < b.source ? -1 : 1));
      expect(bySource(await couponCountsBySource(db, shop.id)), label).toEqual(
        bySource(await scannedCouponsBySource(db, shop.id)),
      );
      expect(figures.shop.segments, label).toEqual(await scannedSegmentSizes(db, shop.id, now, rules));
      // the members last active by other instants too: whole days from their rows, the cutoff's day counted
      for (const cutoff of [now - DORMANT_MS - Math.floor(rand() * 60 * DAY), now - Math.floor(rand() * 3 * DAY)]) {
        const scanned = await scannedSegmentSizes(db, shop.id, cutoff + DORMANT_MS, rules);
        expect(await lastActiveAtOrBefore(db, shop.id, cutoff), `${label} at ${cutoff}`).toBe(scanned.dormant);
      }
      const since = comparisonStart(now, shop.config.timezone, 28);
      const scannedDays = compareCampaignDays(
        { orders: await scannedPaidOrdersSince(db, shop.id, since), watch: await watchByLiveSince(db, shop.id, since) },
        await campaignRules(db, shop),
        now,
        shop.config.timezone,
        28,
      );
      expect(figures.campaignDays, label).toEqual(scannedDays);

      for (const segment of SEGMENTS) {
        const listed = await allPages(segmentPage, segment);
        expect(listed, `${label} ${segment}`).toEqual(await allPages(scannedSegmentPage, segment));
        if (listed.length > 0) seen.add(segment);
      }

      const { kept, rebuilt } = await tablesKeptAndRebuilt();
      expect(kept, label).toEqual(rebuilt);
    }
    // the rounds reached every kind of change and every figure had something to count
    const final = await insight(ctx, shop, server.roomId);
    expect(final.shop.buyers).toBeGreaterThan(3);
    expect(final.shop.revenue.ordersWithCoupon).toBeGreaterThan(0);
    expect(orders.some((o) => o.refunded)).toBe(true);
    expect([...seen].sort()).toEqual([...SEGMENTS].sort());
  }, 240_000);
});
