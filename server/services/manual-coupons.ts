import {
  type CouponGrantBody,
  type CouponRevokeBody,
  type CouponView,
  EncoreError,
  ServerEvent,
} from "../../protocol/index.js";
import { toCoupon } from "../adapters.js";
import { revocationRefusal } from "../domain/coupons.js";
import { findCoupon, updateCoupon } from "../store/coupons.js";
import { findViewer } from "../store/viewers.js";
import { type ChangeSource, recordAudit } from "./audit.js";
import type { Context } from "./context.js";
import { issueCoupon, requireTemplate } from "./coupons.js";
import type { Shop } from "./shops.js";
import { enqueueWebhook } from "./webhooks.js";

/*
 * Coupons a person gives or takes back by hand, from the back office or the shop's API. Each is
 * audited in the transaction that makes it; the viewer's open widgets hear of it after commit.
 */

/**
 * Grants a viewer one coupon of a template (source `manual`), through the one issuing path: the
 * template's tier gate, per-viewer limit and stock apply as to any other grant.
 */
export async function grantCoupon(
  ctx: Context,
  shop: Shop,
  viewerId: string,
  body: CouponGrantBody,
  source: ChangeSource,
): Promise<{ coupon: CouponView; replayed: boolean }> {
  const now = ctx.clock.now();
  const { db, dialect } = ctx.store;
  const issued = await db.transaction().execute(async (trx) => {
    const viewer = await findViewer(trx, shop.id, viewerId, dialect);
    if (!viewer) throw new EncoreError("viewer_not_found", `no viewer ${viewerId}`);
    const template = await requireTemplate(trx, shop.id, body.templateId);
    const issued = await issueCoupon(trx, shop.config, {
      shopId: shop.id,
      viewerId,
      viewerGrowth: viewer.growth,
      template,
      source: "manual",
      sourceRef: body.idempotencyKey,
      grantKey: `manual:${body.idempotencyKey}`,
      now,
    });
    if (issued.replayed) {
      if (issued.coupon.viewer_id !== viewerId || issued.coupon.template_id !== template.id) {
        throw new EncoreError("idempotency_conflict", "this idempotency key was used for a different grant");
      }
      return issued;
    }
    await recordAudit(
      trx,
      shop.id,
      source,
      {
        action: "coupon.grant",
        target: { kind: "coupon", id: issued.coupon.code },
        before: null,
        after: { viewerId, templateId: template.id, state: "issued", note: body.note },
      },
      now,
    );
    return issued;
  });
  const coupon = toCoupon(issued.coupon, now);
  if (!issued.replayed) ctx.notifier.toViewer(shop.id, viewerId, ServerEvent.coupon, coupon);
  return { coupon, replayed: issued.replayed };
}

/**
 * Takes back an issued coupon that is still good, with the reason. It stays in the viewer's list
 * as revoked, counts against its template's stock as before, and can no longer be redeemed.
 */
export async function revokeCoupon(
  ctx: Context,
  shop: Shop,
  code: string,
  body: CouponRevokeBody,
  source: ChangeSource,
): Promise<{ coupon: CouponView }> {
  const now = ctx.clock.now();
  const { db, dialect } = ctx.store;
  const revoked = await db.transaction().execute(async (trx) => {
    // locked: a redemption of the same coupon waits for this to commit, then finds it revoked
    const coupon = await findCoupon(trx, shop.id, code, dialect);
    if (!coupon) throw new EncoreError("coupon_not_found", "no such coupon");
    const refusal = revocationRefusal({ state: coupon.state, expiresAt: coupon.expires_at }, now);
    if (refusal) throw new EncoreError(refusal, `the coupon cannot be revoked: ${refusal}`);
    await updateCoupon(trx, coupon.code, { state: "revoked" });
    await enqueueWebhook(
      trx,
      shop.id,
      "coupon.revoked",
      {
        viewerId: coupon.viewer_id,
        code: coupon.code,
        templateId: coupon.template_id,
        reason: body.reason,
        revokedAt: now,
      },
      now,
    );
    await recordAudit(
      trx,
      shop.id,
      source,
      {
        action: "coupon.revoke",
        target: { kind: "coupon", id: coupon.code },
        before: { viewerId: coupon.viewer_id, state: coupon.state },
        after: { viewerId: coupon.viewer_id, state: "revoked", reason: body.reason },
      },
      now,
    );
    return { ...coupon, state: "revoked" as const };
  });
  const coupon = toCoupon(revoked, now);
  ctx.notifier.toViewer(shop.id, revoked.viewer_id, ServerEvent.coupon, coupon);
  return { coupon };
}
