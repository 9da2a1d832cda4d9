import type { CouponTemplate, CouponView, ExchangeItem, LocalizedText, TemplateName } from "../../protocol/index.js";
import { effectiveState } from "../domain/coupons.js";
import type { CouponRow, CouponTemplateRow } from "../store/schema.js";

// Coupon templates, coupons and the exchange catalogue.

export const kindOf = (kind: string) => (kind === "percent" ? "percent" : "amount");

export function toTemplate(row: CouponTemplateRow): CouponTemplate {
  return {
    id: row.id,
    name: JSON.parse(row.name) as LocalizedText,
    kind: kindOf(row.kind),
    value: row.value,
    minSpend: row.min_spend,
    validDays: row.valid_days,
    minTier: row.min_tier,
    stock: row.stock === null ? null : row.stock,
    issued: row.issued,
    perViewerLimit: row.per_viewer_limit,
    pointsCost: row.points_cost === null ? null : row.points_cost,
    active: row.active === 1,
  };
}

/** A template named by the dashboard's offers and experiment arms: its name and terms only. */
export function toTemplateName(row: CouponTemplateRow): TemplateName {
  const { id, name, kind, value, minSpend } = toTemplate(row);
  return { id, name, kind, value, minSpend };
}

export function toCoupon(row: CouponRow, now: number): CouponView {
  return {
    code: row.code,
    templateId: row.template_id,
    name: JSON.parse(row.name) as LocalizedText,
    kind: kindOf(row.kind),
    value: row.value,
    minSpend: row.min_spend,
    source: row.source,
    state: effectiveState({ state: row.state, expiresAt: row.expires_at }, now),
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
  };
}

/** Templates priced in points and still in stock make the widget's exchange catalogue. */
export function toCatalogue(rows: CouponTemplateRow[]): ExchangeItem[] {
  return rows.flatMap((row) => {
    const { points_cost: pointsCost, stock, issued } = row;
    if (pointsCost === null || (stock !== null && issued >= stock)) return [];
    return [
      {
        templateId: row.id,
        name: JSON.parse(row.name) as LocalizedText,
        kind: kindOf(row.kind),
        value: row.value,
        minSpend: row.min_spend,
        pointsCost,
        remaining: stock === null ? null : stock - issued,
        minTier: row.min_tier,
      },
    ];
  });
}
