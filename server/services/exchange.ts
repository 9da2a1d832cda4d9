import { EncoreError, type ExchangeResult, ServerEvent } from "../../protocol/index.js";
import { toCoupon } from "../adapters.js";
import { countViewerCoupons, findTemplate } from "../store/coupons.js";
import { findViewer } from "../store/viewers.js";
import type { Context } from "./context.js";
import { issueCoupon } from "./coupons.js";
import { announcePosted, postChange, walletUpdate } from "./points.js";
import type { Shop } from "./shops.js";

/**
 * Points as money in the widget: the template's points price leaves the balance (ledger reason
 * "exchange") and the coupon is issued (source "exchange") in one transaction, so neither
 * happens without the other. The asking socket (`socketId`) reads the coupon and the points it
 * cost in its ack; the viewer's other sockets hear both as pushes.
 */
export async function exchangeForCoupon(
  ctx: Context,
  shop: Shop,
  viewerId: string,
  templateId: string,
  socketId?: string,
): Promise<ExchangeResult> {
  const now = ctx.clock.now();
  const { store } = ctx;
  const outcome = await store.db.transaction().execute(async (trx) => {
    const template = await findTemplate(trx, shop.id, templateId);
    if (template?.active === 0) throw new EncoreError("template_paused", "the shop has paused this coupon");
    if (template?.active !== 1 || template.points_cost === null) {
      throw new EncoreError("exchange_unavailable", "this coupon cannot be bought with points");
    }
    const viewer = await findViewer(trx, shop.id, viewerId, store.dialect);
    if (!viewer) throw new EncoreError("viewer_not_found", `no viewer ${viewerId}`);
    const cost = template.points_cost;
    if (viewer.points < cost) {
      throw new EncoreError("insufficient_points", `this coupon costs ${cost} points; the balance is ${viewer.points}`);
    }
    // The n-th exchange of a template by a viewer: a grant key that a retry cannot repeat past the per-viewer limit.
    const nth = await countViewerCoupons(trx, shop.id, viewerId, template.id);
    let issued: Awaited<ReturnType<typeof issueCoupon>>;
    try {
      issued = await issueCoupon(trx, shop.config, {
        shopId: shop.id,
        viewerId,
        viewerGrowth: viewer.growth,
        template,
        source: "exchange",
        sourceRef: template.id,
        grantKey: `exchange:${viewerId}:${template.id}:${nth + 1}`,
        now,
      });
    } catch (error) {
      if (error instanceof EncoreError && error.code === "sold_out") {
        throw new EncoreError("exchange_unavailable", "this coupon is out of stock");
      }
      throw error;
    }
    const posted = await postChange(
      trx,
      store.dialect,
      shop.id,
      viewerId,
      {
        delta: -cost,
        growthDelta: 0,
        reason: "exchange",
        ref: issued.coupon.code,
        idempotencyKey: `exchange:${issued.coupon.code}`,
      },
      now,
    );
    return { coupon: issued.coupon, posted };
  });
  announcePosted(ctx.notifier, shop.config, shop.id, outcome.posted, socketId);
  const coupon = toCoupon(outcome.coupon, now);
  if (socketId) ctx.notifier.toViewerElsewhere(shop.id, viewerId, socketId, ServerEvent.coupon, coupon);
  else ctx.notifier.toViewer(shop.id, viewerId, ServerEvent.coupon, coupon);
  return { ...walletUpdate(shop.config, outcome.posted), coupon };
}
