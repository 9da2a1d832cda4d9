/**
 * The shop `bench/lifecycle.ts` sweeps: the bulk seeder's shop of any size, with every automation
 * switched on, each with a coupon template of its own where it grants one, and a webhook
 * endpoint that never answers so every `viewer.touch` stays in the outbox to be counted.
 */
import type { AutomationsConfig, CouponTemplateInput } from "../protocol/index.js";
import { COMMAND_LINE } from "../server/services/audit.js";
import { createTemplate } from "../server/services/coupons.js";
import { getShop, saveConfig } from "../server/services/shops.js";
import type { Store } from "../server/store/database.js";
import { saveEndpoint } from "../server/store/webhooks.js";
import { BIRTHDAY } from "./bulk/catalogue.js";
import { type BulkShopResult, seedBulkShop } from "./bulk-shop.js";

export const BENCH_SHOP = "bulk";
const DAY_MS = 24 * 3600_000;

/**
 * A moment at 10:00 in Shanghai (the shop's zone) on the day of `at`: the daily sweep runs
 * outside quiet hours, so the budget decides what goes rather than the hour the bench started.
 */
export function shopMorning(at: number): number {
  const day = Math.floor(at / DAY_MS) * DAY_MS;
  return day + 2 * 3600_000;
}

const coupon = (zh: string, en: string, value: number, minSpend: number): CouponTemplateInput => ({
  name: { "zh-CN": zh, en },
  kind: "amount",
  value,
  minSpend,
  validDays: 14,
  minTier: null,
  stock: null,
  perViewerLimit: 100,
  pointsCost: null,
});

export interface LifecycleShop extends BulkShopResult {
  /** the sweep's now: the seeder's present */
  now: number;
}

/** Seeds the shop and switches every automation on. */
export async function seedLifecycleShop(
  store: Store,
  size: { viewers: number; orders: number },
  now: number,
  onProgress?: (done: number) => void,
): Promise<LifecycleShop> {
  const seeded = await seedBulkShop(store, {
    shopId: BENCH_SHOP,
    viewers: size.viewers,
    orders: size.orders,
    seed: 1,
    now,
    ...(onProgress ? { onProgress } : {}),
  });
  const { db } = store;
  const shop = await getShop(db, BENCH_SHOP);
  if (!shop) throw new Error("the bulk shop was not written");
  const template = async (input: CouponTemplateInput) =>
    (await createTemplate(db, shop.id, input, shop.config, now - DAY_MS, COMMAND_LINE)).id;
  const replenish = await template(coupon("回购补货券", "Restock coupon", 1_500, 9_900));
  const winBack = [
    await template(coupon("想你了券", "We miss you", 1_000, 5_000)),
    await template(coupon("回来看看券", "Come back coupon", 2_000, 5_000)),
    await template(coupon("老朋友券", "Old friend coupon", 3_000, 5_000)),
  ];
  const tierEntry = await template(coupon("升级礼券", "Tier-up coupon", 1_000, 0));
  const segment = await template(coupon("专属券", "Just for you", 800, 0));
  const current = shop.config.automations;
  const automations: AutomationsConfig = {
    ...current,
    replenish: { ...current.replenish, enabled: true, templateId: replenish },
    firstOrder: { ...current.firstOrder, enabled: true },
    couponExpiring: { ...current.couponExpiring, enabled: true },
    winBack: {
      enabled: true,
      steps: current.winBack.steps.map((step, i) => ({ ...step, templateId: winBack[i] ?? null })),
    },
    pointsExpiry: { ...current.pointsExpiry, enabled: true },
    tierWindow: { ...current.tierWindow, enabled: true },
    tierEntry: {
      enabled: true,
      templates: Object.fromEntries(shop.config.tiers.slice(1).map((tier) => [tier.key, tierEntry])),
    },
    birthday: { enabled: true, templateId: BIRTHDAY.id },
    segmentEntered: {
      segments: {
        high_value: { enabled: true, templateId: segment },
        price_sensitive: { enabled: true, templateId: segment },
        watched_not_bought: { enabled: true, templateId: null },
      },
    },
  };
  await saveConfig(db, shop.id, { ...shop.config, automations });
  // a port nobody listens on: the outbox keeps every webhook, as it would for a receiver that is down
  await saveEndpoint(db, { shop_id: shop.id, url: "http://127.0.0.1:9/hooks", secret: "whsec_bench", updated_at: now });
  return { ...seeded, now };
}
