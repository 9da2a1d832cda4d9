import type { CouponKind } from "../../protocol/index.js";

/**
 * What the bulk shop sells and the coupons it gives: a beauty-and-groceries live shop, where
 * consumables carry `usageDays` (how long one unit lasts, what replenishment counts from) and
 * durables do not. Popularity falls off with the rank, as in any shop's sales.
 */
export interface BulkProduct {
  sku: string;
  zh: string;
  en: string;
  /** cents */
  price: number;
  usageDays: number | null;
}

export const PRODUCTS: readonly BulkProduct[] = [
  { sku: "serum-30", zh: "修护精华 30ml", en: "Repair serum 30 ml", price: 19_900, usageDays: 30 },
  { sku: "mask-5", zh: "补水面膜 5片", en: "Hydrating masks ×5", price: 5_900, usageDays: 10 },
  { sku: "cream-50", zh: "保湿面霜 50g", en: "Moisturising cream 50 g", price: 25_900, usageDays: 60 },
  { sku: "cleanser", zh: "氨基酸洁面", en: "Amino-acid cleanser", price: 8_900, usageDays: 45 },
  { sku: "toner-200", zh: "爽肤水 200ml", en: "Toner 200 ml", price: 12_900, usageDays: 50 },
  { sku: "sunscreen", zh: "清透防晒霜", en: "Light sunscreen", price: 15_900, usageDays: 40 },
  { sku: "lip-balm", zh: "润唇膏", en: "Lip balm", price: 3_900, usageDays: 90 },
  { sku: "coffee-beans", zh: "云南咖啡豆 500g", en: "Yunnan coffee beans 500 g", price: 8_800, usageDays: 25 },
  { sku: "tea-gift", zh: "明前龙井礼盒", en: "Longjing tea gift box", price: 36_800, usageDays: null },
  { sku: "nuts-mix", zh: "每日坚果 30袋", en: "Daily nuts ×30", price: 12_900, usageDays: 30 },
  { sku: "protein", zh: "乳清蛋白粉", en: "Whey protein", price: 29_900, usageDays: 35 },
  { sku: "vitamin-c", zh: "维C泡腾片", en: "Vitamin C tablets", price: 4_900, usageDays: 20 },
  { sku: "shampoo", zh: "控油洗发水", en: "Oil-control shampoo", price: 6_900, usageDays: 60 },
  { sku: "body-wash", zh: "香氛沐浴露", en: "Scented body wash", price: 5_900, usageDays: 45 },
  { sku: "toothpaste", zh: "美白牙膏 3支", en: "Whitening toothpaste ×3", price: 4_500, usageDays: 90 },
  { sku: "perfume", zh: "木质香水 50ml", en: "Woody perfume 50 ml", price: 49_900, usageDays: null },
  { sku: "hair-dryer", zh: "高速吹风机", en: "High-speed hair dryer", price: 59_900, usageDays: null },
  { sku: "scarf", zh: "羊绒围巾", en: "Cashmere scarf", price: 39_900, usageDays: null },
  { sku: "mug", zh: "陶瓷马克杯", en: "Ceramic mug", price: 6_800, usageDays: null },
  { sku: "candle", zh: "香薰蜡烛", en: "Scented candle", price: 9_900, usageDays: null },
];

export interface BulkTemplate {
  id: string;
  zh: string;
  en: string;
  kind: CouponKind;
  value: number;
  minSpend: number;
  validDays: number;
  perViewerLimit: number;
  pointsCost: number | null;
}

/** The shop's first-order (come-back) coupon: ¥10 off ¥99, 30 days. */
export const COMEBACK: BulkTemplate = {
  id: "tpl_comeback",
  zh: "回购券",
  en: "Come-back coupon",
  kind: "amount",
  value: 1_000,
  minSpend: 9_900,
  validDays: 30,
  perViewerLimit: 1,
  pointsCost: null,
};

export const BIRTHDAY: BulkTemplate = {
  id: "tpl_birthday",
  zh: "生日券",
  en: "Birthday coupon",
  kind: "amount",
  value: 2_000,
  minSpend: 0,
  validDays: 14,
  perViewerLimit: 1,
  pointsCost: null,
};

/** Bought with points in the widget: 500 points for ¥5 off ¥50. */
export const EXCHANGE: BulkTemplate = {
  id: "tpl_points5",
  zh: "¥5 积分券",
  en: "¥5 points coupon",
  kind: "amount",
  value: 500,
  minSpend: 5_000,
  validDays: 30,
  perViewerLimit: 20,
  pointsCost: 500,
};

export const TEMPLATES: readonly BulkTemplate[] = [COMEBACK, BIRTHDAY, EXCHANGE];

/** Zipf weights: the n-th best seller sells 1/n of the best. */
export const PRODUCT_WEIGHTS: readonly (readonly [BulkProduct, number])[] = PRODUCTS.map((p, i) => [p, 1 / (i + 1)]);

export const GIVEN_NAMES: readonly string[] = [
  "小雨",
  "阿杰",
  "Lily",
  "晓晓",
  "大伟",
  "Momo",
  "安安",
  "陈陈",
  "Kevin",
  "糖糖",
  "明明",
  "Yuki",
  "一一",
  "佳佳",
  "Tom",
  "乐乐",
];
export const FAMILY_NAMES: readonly string[] = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
