import { randomBytes } from "node:crypto";
import {
  type CouponSource,
  type CouponTemplate,
  type CouponTemplateInput,
  EncoreError,
  type ShopConfig,
} from "../../protocol/index.js";
import { toTemplate } from "../adapters.js";
import { expiryFor, newCouponCode } from "../domain/coupons.js";
import { tierIndexFor } from "../domain/tiers.js";
import {
  countViewerCoupons,
  findCouponByGrant,
  findTemplate,
  insertCoupon,
  insertTemplate,
  takeTemplateStock,
} from "../store/coupons.js";
import type { Executor } from "../store/executor.js";
import type { CouponRow, CouponTemplateRow } from "../store/schema.js";
import { enqueueWebhook } from "./webhooks.js";

export async function createTemplate(
  db: Executor,
  shopId: string,
  input: CouponTemplateInput,
  config: ShopConfig,
  now: number,
): Promise<CouponTemplate> {
  if (input.minTier && !config.tiers.some((t) => t.key === input.minTier)) {
    throw new EncoreError("bad_request", `no tier ${input.minTier}`);
  }
  const row: CouponTemplateRow = {
    id: `tpl_${randomBytes(6).toString("base64url")}`,
    shop_id: shopId,
    name: JSON.stringify(input.name),
    kind: input.kind,
    value: input.value,
    min_spend: input.minSpend,
    valid_days: input.validDays,
    min_tier: input.minTier,
    stock: input.stock,
    issued: 0,
    per_viewer_limit: input.perViewerLimit,
    points_cost: input.pointsCost,
    active: 1,
    created_at: now,
  };
  await insertTemplate(db, row);
  return toTemplate(row);
}

export async function requireTemplate(db: Executor, shopId: string, id: string): Promise<CouponTemplateRow> {
  const template = await findTemplate(db, shopId, id);
  // Another shop's template is, from this shop's side, one that does not exist.
  if (template?.active !== 1) throw new EncoreError("template_not_found", `no coupon template ${id}`);
  return template as CouponTemplateRow;
}

export interface Grant {
  shopId: string;
  viewerId: string;
  /** growth decides the tier gate */
  viewerGrowth: number;
  template: CouponTemplateRow;
  source: CouponSource;
  /** what it was granted for: an offer id, an order id, a year */
  sourceRef: string;
  /** unique per shop; a second grant with the same key returns the first coupon */
  grantKey: string;
  now: number;
}

/**
 * Issues one coupon inside the caller's transaction: tier gate, per-viewer limit and template
 * stock are checked here so every source (deal, exchange, first order, birthday, nudge) obeys them.
 */
export async function issueCoupon(
  trx: Executor,
  config: ShopConfig,
  grant: Grant,
): Promise<{ coupon: CouponRow; replayed: boolean }> {
  const existing = await findCouponByGrant(trx, grant.shopId, grant.grantKey);
  if (existing) return { coupon: existing, replayed: true };
  const { template } = grant;
  if (template.min_tier) {
    const required = config.tiers.findIndex((t) => t.key === template.min_tier);
    if (required > tierIndexFor(grant.viewerGrowth, config.tiers)) {
      throw new EncoreError("tier_too_low", "this coupon is for a higher tier");
    }
  }
  const held = await countViewerCoupons(trx, grant.shopId, grant.viewerId, template.id);
  if (held >= Number(template.per_viewer_limit)) {
    throw new EncoreError("coupon_limit", "this viewer already holds as many of these as allowed");
  }
  if (!(await takeTemplateStock(trx, template.id))) throw new EncoreError("sold_out", "this coupon is out of stock");
  const coupon: CouponRow = {
    code: newCouponCode(),
    shop_id: grant.shopId,
    viewer_id: grant.viewerId,
    template_id: template.id,
    name: template.name,
    kind: template.kind,
    value: Number(template.value),
    min_spend: Number(template.min_spend),
    source: grant.source,
    source_ref: grant.sourceRef,
    grant_key: grant.grantKey,
    state: "issued",
    issued_at: grant.now,
    expires_at: expiryFor(grant.now, Number(template.valid_days)),
    redeemed_at: null,
    redeemed_order: null,
    discount: null,
  };
  await insertCoupon(trx, coupon);
  await enqueueWebhook(
    trx,
    grant.shopId,
    "coupon.granted",
    {
      viewerId: grant.viewerId,
      code: coupon.code,
      templateId: template.id,
      source: grant.source,
      sourceRef: grant.sourceRef,
      kind: coupon.kind,
      value: coupon.value,
      minSpend: coupon.min_spend,
      expiresAt: coupon.expires_at,
    },
    grant.now,
  );
  return { coupon, replayed: false };
}
