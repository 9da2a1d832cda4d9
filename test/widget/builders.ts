/** Server data as the widget receives it, for the widget's model and component tests. */
import type { CouponView } from "../../protocol/coupons.js";
import type { TouchView } from "../../protocol/lifecycle.js";
import type { ClaimOutcome, OfferView } from "../../protocol/live.js";
import type { Product } from "../../protocol/products.js";
import type { Snapshot, TierStatus, Wallet } from "../../protocol/wire.js";

const text = (zh: string, en: string) => ({ "zh-CN": zh, en });

export function tierStatus(overrides: Partial<TierStatus> = {}): TierStatus {
  return {
    key: "silver",
    index: 1,
    name: text("铁粉", "Silver"),
    multiplier: 1.2,
    perks: [text("生日礼", "Birthday gift"), text("会员折扣", "Member discount")],
    next: {
      key: "gold",
      name: text("钻粉", "Gold"),
      threshold: 2000,
      remaining: 1200,
      perks: [
        text("生日礼", "Birthday gift"),
        text("会员折扣", "Member discount"),
        text("专属客服", "Dedicated service"),
      ],
    },
    progress: 0.2,
    ...overrides,
  };
}

export const wallet = (points: number, overrides: Partial<Wallet> = {}): Wallet => ({
  points,
  growth: 800,
  tier: tierStatus(),
  ...overrides,
});

export function coupon(overrides: Partial<CouponView> = {}): CouponView {
  return {
    code: "ENC-7QX2-M9KD",
    templateId: "tpl_10off",
    name: text("直播间专享券", "Live-room coupon"),
    kind: "amount",
    value: 1000,
    minSpend: 9900,
    source: "deal",
    state: "issued",
    issuedAt: Date.UTC(2026, 10, 23),
    expiresAt: Date.UTC(2026, 11, 23),
    ...overrides,
  };
}

/** One item of the "for you" inbox, unseen, without a coupon unless given one. */
export function touch(overrides: Partial<TouchView> = {}): TouchView {
  return {
    id: "t_1",
    kind: "first_order",
    words: {
      "zh-CN": "感谢首单！回购券已在你的卡包里。",
      en: "Thanks for your first order! Your come-back coupon is in your wallet.",
    },
    coupon: null,
    createdAt: Date.UTC(2026, 10, 20),
    seen: false,
    ...overrides,
  };
}

export function product(overrides: Partial<Product> = {}): Product {
  return {
    sku: "serum-30",
    name: text("补水精华 30 ml", "Hydrating serum 30 ml"),
    price: 21_900,
    was: 29_900,
    image: "https://cdn.example.com/serum.png",
    inStock: true,
    usageDays: 30,
    ...overrides,
  };
}

export function offer(overrides: Partial<OfferView> = {}): OfferView {
  const now = Date.now();
  return {
    id: "off_1",
    keyword: "1",
    mode: "first_come",
    status: "live",
    coupon: {
      id: "tpl_10off",
      name: text("扣1立减券", "Comment-1 coupon"),
      kind: "amount",
      value: 2000,
      minSpend: 19900,
      validDays: 7,
    },
    stock: 50,
    remaining: 50,
    minTier: null,
    minTierName: null,
    startedAt: now,
    endsAt: now + 30_000,
    endedAt: null,
    drawCommitment: null,
    ...overrides,
  };
}

export function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    serverTime: Date.now(),
    room: { id: "room_1", title: "Autumn live", live: true, minTier: null },
    stage: null,
    viewer: { id: "v_1", name: "Lin", role: "viewer" },
    wallet: wallet(1280),
    watch: {
      blockProgressSeconds: 300,
      blockSeconds: 600,
      todayPoints: 20,
      dailyCap: 120,
      memberDay: false,
      nextBlockPoints: 12,
    },
    chest: null,
    config: {
      tiers: [],
      memberDays: { daysOfMonth: [18], daysOfWeek: [], multiplier: 2 },
      watch: { pointsPerBlock: 10, blockSeconds: 600, dailyCap: 120, maxBeatSeconds: 45 },
      chest: { everySeconds: 900, claimSeconds: 300, points: 5 },
      pointsPerYuan: 100,
    },
    product: null,
    offer: null,
    claim: null,
    coupons: [],
    catalogue: [],
    card: null,
    reminder: false,
    inbox: { unseen: 0, optedOut: false },
    campaign: null,
    ...overrides,
  };
}

export const guestSnapshot = (overrides: Partial<Snapshot> = {}): Snapshot =>
  snapshot({ viewer: null, wallet: null, watch: null, coupons: [], ...overrides });

export const won = (offerId = "off_1"): ClaimOutcome => ({ offerId, result: "won", coupon: coupon() });
