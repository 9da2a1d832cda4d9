import {
  type CouponSource,
  EncoreError,
  type Product,
  ServerEvent,
  type ViewerCard,
  type ViewerSegments,
} from "../../protocol/index.js";
import { toCoupon, toProduct } from "../adapters.js";
import { DAY_MS } from "../domain/coupons.js";
import { birthdayWeekYear, HIGH_INTENT_CLICKS, HIGH_INTENT_WINDOW_MS, segmentsOf } from "../domain/segments.js";
import { suggestFrom, suggestionCandidates } from "../domain/suggestions.js";
import { frequentClickers, lastWatchAt, viewerClicks } from "../store/activity.js";
import { findTemplate } from "../store/coupons.js";
import type { Executor } from "../store/executor.js";
import { buyersOf, firstOrderAt, recentItems, viewerItems } from "../store/orders.js";
import { findProducts } from "../store/products.js";
import type { CouponRow } from "../store/schema.js";
import { findRoom } from "../store/shops.js";
import { findViewer } from "../store/viewers.js";
import type { Context } from "./context.js";
import { issueCoupon } from "./coupons.js";
import { armFor, expose } from "./experiments.js";
import type { Shop } from "./shops.js";

type Trigger = "firstOrderTemplateId" | "birthdayTemplateId" | "nudgeTemplateId";

/**
 * Grants the coupon a repurchase trigger is set to give, inside the caller's transaction.
 * A trigger is a gift, never a condition: when the shop has none set, the template is gone,
 * or the template refuses this viewer (tier, limit, stock), nothing is granted and the
 * change that fired it goes on. Returns the coupon only when it is new.
 */
export async function grantTrigger(
  trx: Executor,
  shop: Shop,
  trigger: Trigger,
  grant: {
    viewerId: string;
    viewerGrowth: number;
    source: CouponSource;
    sourceRef: string;
    grantKey: string;
    now: number;
  },
): Promise<CouponRow | null> {
  // an experiment on the first-order coupon decides which template this viewer's arm gives
  const applied =
    trigger === "firstOrderTemplateId" ? await armFor(trx, shop.id, "first_order_coupon", grant.viewerId) : null;
  const templateId = applied?.arm?.templateId ?? shop.config.repurchase[trigger];
  if (!templateId) return null;
  const template = await findTemplate(trx, shop.id, templateId);
  if (template?.active !== 1) return null;
  try {
    const { coupon, replayed } = await issueCoupon(trx, shop.config, { shopId: shop.id, template, ...grant });
    if (applied && !replayed) await expose(trx, shop.id, grant.viewerId, applied, grant.now);
    return replayed ? null : coupon;
  } catch (error) {
    if (error instanceof EncoreError) return null;
    throw error;
  }
}

/** The birthday coupon, if today is in the viewer's birthday week: once per birthday, by the year in its key. */
export async function grantBirthdayCoupon(
  trx: Executor,
  shop: Shop,
  viewer: { viewer_id: string; birthday: string | null; growth: number },
  now: number,
): Promise<CouponRow | null> {
  const year = birthdayWeekYear(viewer.birthday, now, shop.config.timezone);
  if (year === null) return null;
  return grantTrigger(trx, shop, "birthdayTemplateId", {
    viewerId: viewer.viewer_id,
    viewerGrowth: viewer.growth,
    source: "birthday",
    sourceRef: String(year),
    grantKey: `birthday:${viewer.viewer_id}:${year}`,
    now,
  });
}

/**
 * On join: a viewer whose birthday is in this week receives the birthday coupon. `birthday` is
 * what the admission stored a moment ago: outside their birthday week (nearly every join) the
 * viewer is not read again; inside it, they are read and locked before the grant.
 */
export async function onViewerJoined(
  ctx: Context,
  shop: Shop,
  viewerId: string,
  birthday: string | null,
): Promise<void> {
  const now = ctx.clock.now();
  const { store } = ctx;
  if (birthdayWeekYear(birthday, now, shop.config.timezone) === null) return;
  const viewer = await findViewer(store.db, shop.id, viewerId);
  if (!viewer || birthdayWeekYear(viewer.birthday, now, shop.config.timezone) === null) return;
  const coupon = await store.db.transaction().execute(async (trx) => {
    const locked = await findViewer(trx, shop.id, viewerId, store.dialect);
    return locked ? grantBirthdayCoupon(trx, shop, locked, now) : null;
  });
  if (coupon) ctx.notifier.toViewer(shop.id, viewerId, ServerEvent.coupon, toCoupon(coupon, now));
}

/**
 * The host features a product: every viewer who clicked it at least three times in the last
 * 24 h and has not bought it gets the shop's nudge coupon, privately. Once per viewer, product
 * and live session. Returns who received one.
 */
export async function onProductFeatured(
  ctx: Context,
  shop: Shop,
  roomId: string,
  product: Pick<Product, "sku">,
): Promise<string[]> {
  if (!shop.config.repurchase.nudgeTemplateId) return [];
  const now = ctx.clock.now();
  const { store } = ctx;
  const room = await findRoom(store.db, roomId);
  if (!room || room.shop_id !== shop.id) throw new EncoreError("room_not_found", `no room ${roomId}`);
  const session = room.live_started_at ?? 0;
  const granted = await store.db.transaction().execute(async (trx) => {
    const clickers = await frequentClickers(trx, shop.id, product.sku, now - HIGH_INTENT_WINDOW_MS, HIGH_INTENT_CLICKS);
    const bought = await buyersOf(trx, shop.id, product.sku);
    const coupons: CouponRow[] = [];
    for (const viewerId of clickers) {
      if (bought.has(viewerId)) continue;
      const viewer = await findViewer(trx, shop.id, viewerId, store.dialect);
      if (!viewer) continue;
      const coupon = await grantTrigger(trx, shop, "nudgeTemplateId", {
        viewerId,
        viewerGrowth: viewer.growth,
        source: "nudge",
        sourceRef: product.sku,
        grantKey: `nudge:${roomId}:${session}:${product.sku}:${viewerId}`,
        now,
      });
      if (coupon) coupons.push(coupon);
    }
    return coupons;
  });
  for (const coupon of granted) {
    ctx.notifier.toViewer(shop.id, coupon.viewer_id, ServerEvent.coupon, toCoupon(coupon, now));
  }
  return granted.map((c) => c.viewer_id);
}

/** Segments from watch, clicks and orders, as of now. */
export async function viewerSegments(db: Executor, shop: Shop, viewerId: string, now: number): Promise<ViewerSegments> {
  const viewer = await findViewer(db, shop.id, viewerId);
  if (!viewer) return { segments: [], highIntentSkus: [] };
  const clicks = (await viewerClicks(db, shop.id, viewerId, now - HIGH_INTENT_WINDOW_MS)).map(({ sku, at }) => ({
    sku,
    at,
  }));
  const bought = new Set((await viewerItems(db, shop.id, viewerId, 500)).map((i) => i.sku));
  return segmentsOf(
    {
      clicks,
      boughtSkus: bought,
      firstOrderAt: await firstOrderAt(db, shop.id, viewerId),
      lastWatchAt: await lastWatchAt(db, shop.id, viewerId),
      since: viewer.created_at,
    },
    now,
  );
}

const SUGGESTION_WINDOW_MS = 30 * DAY_MS;

/** What the widget's card is decided from, read with the rest of the viewer's snapshot (store/viewer-facts.ts). */
export interface CardFacts {
  /** undefined for a viewer the shop has not recorded: no card */
  viewer: { created_at: number; points: number } | undefined;
  firstOrderAt: number | null;
  lastWatchAt: number | null;
}

/**
 * The card the widget shows this viewer: new buyer first (they are the repurchase goal), then
 * dormant. Only those two segments are worked out, without what only high intent needs (the
 * viewer's clicks and up to 500 order lines): every join shows the card.
 */
export async function viewerCard(
  db: Executor,
  shop: Shop,
  viewerId: string,
  facts: CardFacts,
  now: number,
): Promise<ViewerCard> {
  const { viewer } = facts;
  if (!viewer) return null;
  const { segments } = segmentsOf(
    {
      clicks: [],
      boughtSkus: new Set<string>(),
      firstOrderAt: facts.firstOrderAt,
      lastWatchAt: facts.lastWatchAt,
      since: viewer.created_at,
    },
    now,
  );
  if (segments.includes("new_buyer")) {
    const own = await viewerItems(db, shop.id, viewerId, 50);
    const recent = await recentItems(db, shop.id, now - SUGGESTION_WINDOW_MS);
    const skus = suggestionCandidates(own, recent);
    const catalogue = new Map((await findProducts(db, shop.id, skus)).map((row) => [row.sku, toProduct(row)]));
    return { kind: "new_buyer", suggestions: suggestFrom(own, recent, catalogue) };
  }
  if (segments.includes("dormant")) return { kind: "dormant", points: viewer.points };
  return null;
}
