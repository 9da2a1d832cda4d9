import { randomBytes } from "node:crypto";
import { automationOf, type LocalizedText, ServerEvent, type TouchView } from "../../../protocol/index.js";
import { toCoupon, toTouchView, toTouchWebhookBody } from "../../adapters.js";
import type { Due } from "../../domain/lifecycle/due.js";
import { touchWords } from "../../domain/lifecycle/words.js";
import { findTemplate } from "../../store/coupons.js";
import { claimTouchForSend, findTouchByKey, type NewTouch } from "../../store/lifecycle.js";
import type { CouponRow, TouchStatus } from "../../store/schema.js";
import type { Context } from "../context.js";
import { issueCoupons } from "../coupons.js";
import type { Shop } from "../shops.js";
import { enqueueWebhook } from "../webhooks.js";

export const newTouchId = () => `tch_${randomBytes(9).toString("base64url")}`;

/** A due touch as a row in a state other than sent. */
export function touchRow(shopId: string, due: Due, status: TouchStatus, reason: string | null, now: number): NewTouch {
  return {
    id: newTouchId(),
    shop_id: shopId,
    viewer_id: due.viewerId,
    automation: automationOf(due.kind),
    kind: due.kind,
    key: due.key,
    template_id: due.templateId,
    params: JSON.stringify(due.params),
    due_at: due.dueAt,
    expires_at: due.expiresAt,
    status,
    reason,
    created_at: now,
    updated_at: now,
  };
}

/** Sent on purpose to nobody but the caller: the touch was sent before, by this or another run. */
class AlreadySent extends Error {}

/**
 * Sends one touch in one transaction: the coupon through the one issuing path (source
 * "automation", its grant key the touch's), the touch moved to sent with its words, and the
 * `viewer.touch` webhook in the outbox. All of it commits or none does, and each part is keyed,
 * so a process killed anywhere, and the sweep run again, sends it once. After commit the
 * viewer's connected sockets hear of it. Answers the touch, or null when it had already gone.
 */
export async function sendTouch(
  ctx: Context,
  shop: Shop,
  due: Due,
  viewerGrowth: number,
  now: number,
): Promise<TouchView | null> {
  let sent: { view: TouchView; coupon: CouponRow | null } | null = null;
  try {
    sent = await ctx.store.db.transaction().execute(async (trx) => {
      let coupon: CouponRow | null = null;
      let reason: string | null = null;
      const template = due.templateId ? await findTemplate(trx, shop.id, due.templateId) : undefined;
      if (due.templateId && template?.active !== 1) reason = "template_gone";
      if (template?.active === 1) {
        const [issued] = await issueCoupons(trx, shop.config, [
          {
            shopId: shop.id,
            viewerId: due.viewerId,
            viewerGrowth,
            template,
            source: "automation",
            sourceRef: due.key,
            grantKey: `touch:${due.viewerId}:${due.key}`,
            now,
          },
        ]);
        // a refused coupon (sold out, limit, tier) leaves the message: it still has a reason to go
        if (issued && "refusal" in issued) reason = issued.refusal;
        else if (issued) coupon = issued.coupon;
      }
      const params = coupon ? { ...due.params, coupon: JSON.parse(coupon.name) as LocalizedText } : due.params;
      const row = { ...touchRow(shop.id, due, "sent", reason, now), params: JSON.stringify(params) };
      const words = JSON.stringify(touchWords(due.kind, params));
      const claimed = await claimTouchForSend(trx, row, { words, couponCode: coupon?.code ?? null, at: now });
      if (!claimed) throw new AlreadySent();
      const stored = await findTouchByKey(trx, shop.id, due.viewerId, due.key);
      if (!stored) throw new Error(`touch ${due.key} vanished inside its transaction`);
      await enqueueWebhook(trx, shop.id, "viewer.touch", toTouchWebhookBody(stored, coupon, now), now);
      return { view: toTouchView(stored, coupon, now), coupon };
    });
  } catch (error) {
    if (error instanceof AlreadySent) return null;
    throw error;
  }
  if (sent.coupon) ctx.notifier.toViewer(shop.id, due.viewerId, ServerEvent.coupon, toCoupon(sent.coupon, now));
  ctx.notifier.toViewer(shop.id, due.viewerId, ServerEvent.touch, sent.view);
  return sent.view;
}
