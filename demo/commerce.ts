import { type CouponTemplateInput, DEFAULT_REFERRALS, type LocalizedText } from "../protocol/index.js";
import { COMMAND_LINE } from "../server/services/audit.js";
import { createTemplate } from "../server/services/coupons.js";
import { getShop, saveConfig } from "../server/services/shops.js";
import type { Store } from "../server/store/database.js";

const text = (zh: string, en: string): LocalizedText => ({ "zh-CN": zh, en });

const template = (input: Partial<CouponTemplateInput> & Pick<CouponTemplateInput, "name" | "value">) => ({
  kind: "amount" as const,
  minSpend: 0,
  validDays: 30,
  minTier: null,
  stock: null,
  perViewerLimit: 1,
  pointsCost: null,
  ...input,
});

/** The demo shop's member prices, percent off by tier. */
export const DEMO_MEMBER_PRICES: Readonly<Record<string, number>> = { silver: 5, gold: 8, vip: 12 };

/**
 * The demo shop's coupons for the commerce loop: two catalogue items priced in points, and the
 * first-order, birthday and nudge coupons wired to the repurchase triggers, and its member prices. Seeded once.
 */

export async function seedCommerceDemo(store: Store, shopId: string, now: number): Promise<void> {
  const shop = await getShop(store.db, shopId);
  if (!shop || shop.config.repurchase.firstOrderTemplateId) return;
  const create = (input: Parameters<typeof template>[0]) =>
    createTemplate(store.db, shop.id, template(input), shop.config, now, COMMAND_LINE);
  await create({ name: text("5元无门槛券", "¥5 off"), value: 500, pointsCost: 500, perViewerLimit: 5 });
  await create({
    name: text("满200减20", "¥20 off ¥200"),
    value: 2000,
    minSpend: 20_000,
    pointsCost: 1500,
    perViewerLimit: 3,
  });
  const firstOrder = await create({
    name: text("复购券 满100减30", "Come back: ¥30 off ¥100"),
    value: 3000,
    minSpend: 10_000,
  });
  const birthday = await create({
    name: text("生日券 8折", "Birthday: 20% off"),
    kind: "percent",
    value: 20,
    validDays: 14,
  });
  const nudge = await create({
    name: text("心动券 立减10元", "Still thinking? ¥10 off"),
    value: 1000,
    validDays: 3,
    perViewerLimit: 10,
  });
  await saveConfig(store.db, shop.id, {
    ...shop.config,
    // member prices from Silver up, so a checkout shows what a tier is worth (Amy is Silver)
    tiers: shop.config.tiers.map((tier) => ({ ...tier, memberPricePercent: DEMO_MEMBER_PRICES[tier.key] ?? 0 })),
    repurchase: { firstOrderTemplateId: firstOrder.id, birthdayTemplateId: birthday.id, nudgeTemplateId: nudge.id },
    // the demo shows invite links at work: on, with the default rewards in points
    referrals: { ...DEFAULT_REFERRALS, enabled: true },
  });
}
