import type { OrderResponse, RefundResponse, ShopConfig } from "../../protocol/index.js";
import { toCoupon } from "../../server/adapters.js";
import { DAY_MS, discountFor } from "../../server/domain/coupons.js";
import { applyChange, type Balance, type LedgerChange } from "../../server/domain/ledger.js";
import { orderMoney, pointsCapCents } from "../../server/domain/orders.js";
import { tierIndexFor } from "../../server/domain/tiers.js";
import type { CouponRow } from "../../server/store/schema.js";
import {
  BIRTHDAY,
  type BulkProduct,
  type BulkTemplate,
  COMEBACK,
  EXCHANGE,
  FAMILY_NAMES,
  GIVEN_NAMES,
  PRODUCT_WEIGHTS,
} from "./catalogue.js";
import { between, type Random, weighted } from "./random.js";
import { type MarkedWallet, WALLET_MARK, withWallet } from "./shapes.js";
import type { Batch } from "./tables.js";

const HOUR_MS = 3600_000;
const MINUTE_MS = 60_000;

/** What every viewer of one seeded shop shares. */
export interface ShopFrame {
  shopId: string;
  roomId: string;
  /** the room's current live began here; viewers watching now have a live_watch row */
  liveStartedAt: number;
  now: number;
  config: ShopConfig;
  /** `localDay(at, config.timezone).key`, fast (bulk/shapes.ts) */
  dayKey: (at: number) => string;
  /** `JSON.stringify(toWallet(balance, config))`, fast (bulk/shapes.ts) */
  walletJson: (balance: Balance) => string;
}

/**
 * How long ago a viewer last watched: the buckets the win-back ladder (30 / 60 / 90 days) and
 * the dormant segment read, and those who never watched at all.
 */
export type WatchProfile = "never" | "recent" | "dormant30" | "dormant60" | "dormant90";
const PROFILES: readonly (readonly [WatchProfile, number])[] = [
  ["never", 0.18],
  ["recent", 0.45],
  ["dormant30", 0.12],
  ["dormant60", 0.1],
  ["dormant90", 0.15],
];

interface HeldCoupon {
  code: string;
  template: BulkTemplate;
  source: CouponRow["source"];
  sourceRef: string;
  grantKey: string;
  issuedAt: number;
  expiresAt: number;
  redeemedAt: number | null;
  redeemedOrder: string | null;
  discount: number | null;
}

interface SeededOrder {
  orderId: string;
  paidAt: number;
  amount: number;
  money: Exclude<ReturnType<typeof orderMoney>, string>;
  coupon: HeldCoupon | null;
  lines: { product: BulkProduct; qty: number }[];
  response: string;
  refundedAt: number | null;
  refund: string | null;
  redemption: { reversedAt: number | null } | null;
}

type Event =
  | { at: number; kind: "order" }
  | { at: number; kind: "refund"; order: number }
  | { at: number; kind: "watch" }
  | { at: number; kind: "exchange" }
  | { at: number; kind: "birthday"; year: number };

/**
 * One viewer's whole history, appended to the chunk's rows: the viewer, their verified watching,
 * their orders with lines, coupons and redemptions, refunds, exchanges and birthday coupons, and
 * a ledger row for every change of points or growth, posted in time order through the same rules
 * the services use (order arithmetic, tier multipliers, the points cap, refunds' floors), so the
 * balances equal the ledger and `verify` finds nothing. Watching is summed into one ledger row
 * whose key is the one the next real block would follow (`watch:<viewer>:<blocks>`).
 */
export function seedViewer(frame: ShopFrame, index: number, orderCount: number, random: Random, out: Batch): void {
  const { shopId, now, config } = frame;
  const viewerId = `v${index}`;
  const profile = weighted(random, PROFILES);
  const inLive = profile === "recent" && random() < 0.12;
  const lastWatch = lastWatchFor(profile, inLive, frame, random);
  const createdAt = Math.floor(
    lastWatch === null ? now - random() * 420 * DAY_MS : lastWatch - (0.5 + random() * 300) * DAY_MS,
  );
  const name =
    random() < 0.75
      ? `${FAMILY_NAMES[between(random, 0, FAMILY_NAMES.length - 1)]}${GIVEN_NAMES[between(random, 0, GIVEN_NAMES.length - 1)]}`
      : null;
  const birthday = random() < 0.35 ? `${pad(between(random, 1, 12))}-${pad(between(random, 1, 28))}` : null;

  // The events of the history, then posted in time order.
  const events: Event[] = [];
  const activeUntil = lastWatch === null ? now : Math.min(now, lastWatch + 2 * DAY_MS);
  // the first order comes an hour after joining at the soonest (sooner for one who joined just now)
  const firstPossible = createdAt + Math.min(HOUR_MS, (activeUntil - createdAt) / 2);
  const orderTimes = Array.from({ length: orderCount }, () =>
    Math.floor(firstPossible + random() * (activeUntil - firstPossible)),
  ).sort((a, b) => a - b);
  for (const at of orderTimes) events.push({ at, kind: "order" });
  if (lastWatch !== null) events.push({ at: lastWatch, kind: "watch" });
  if (random() < 0.35) events.push({ at: Math.floor(createdAt + random() * (now - createdAt)), kind: "exchange" });
  const birthdayYear = birthday && random() < 0.6 ? lastBirthdayWeek(birthday, createdAt, now) : null;
  if (birthdayYear) events.push({ at: birthdayYear.at, kind: "birthday", year: birthdayYear.year });
  // refunds are decided with their order, once its time is known
  const refunds = orderTimes.map((at) => (random() < 0.04 ? at + between(random, 1, 14) * DAY_MS : null));
  refunds.forEach((at, order) => {
    if (at !== null && at < now) events.push({ at, kind: "refund", order });
  });
  events.sort((a, b) => a.at - b.at || rank(a) - rank(b));

  let balance: Balance = { points: 0, growth: 0 };
  const post = (change: LedgerChange, at: number) => {
    const after = applyChange(balance, change);
    if (typeof after === "string") throw new Error(`bulk seed posted an impossible change for ${viewerId}: ${after}`);
    balance = after;
    out.ledger.push([
      shopId,
      viewerId,
      change.delta,
      change.growthDelta,
      change.reason,
      change.ref,
      change.idempotencyKey,
      null,
      after.points,
      after.growth,
      at,
    ]);
  };
  const held: HeldCoupon[] = [];
  const grant = (
    template: BulkTemplate,
    at: number,
    source: CouponRow["source"],
    sourceRef: string,
    grantKey: string,
  ) => {
    const coupon: HeldCoupon = {
      code: `c${index.toString(36)}-${held.length}${Math.floor(random() * 36 ** 4).toString(36)}`,
      template,
      source,
      sourceRef,
      grantKey,
      issuedAt: at,
      expiresAt: at + template.validDays * DAY_MS,
      redeemedAt: null,
      redeemedOrder: null,
      discount: null,
    };
    held.push(coupon);
    return coupon;
  };
  const orders: SeededOrder[] = [];
  const bought: BulkProduct[] = [];
  let exchanges = 0;

  for (const event of events) {
    const at = event.at;
    if (event.kind === "watch") {
      const watch = watchState(lastWatch as number, random, frame);
      out.watch_state.push([shopId, viewerId, ...watch.row]);
      if (watch.points > 0) {
        post(
          {
            delta: watch.points,
            growthDelta: watch.points,
            reason: "watch",
            ref: `block:${watch.blocks}`,
            idempotencyKey: `watch:${viewerId}:${watch.blocks}`,
          },
          at,
        );
      }
    } else if (event.kind === "exchange") {
      if (balance.points < (EXCHANGE.pointsCost as number)) continue;
      exchanges += 1;
      const coupon = grant(EXCHANGE, at, "exchange", EXCHANGE.id, `exchange:${viewerId}:${EXCHANGE.id}:${exchanges}`);
      const cost = EXCHANGE.pointsCost as number;
      post(
        {
          delta: -cost,
          growthDelta: 0,
          reason: "exchange",
          ref: coupon.code,
          idempotencyKey: `exchange:${coupon.code}`,
        },
        at,
      );
    } else if (event.kind === "birthday") {
      grant(BIRTHDAY, at, "birthday", String(event.year), `birthday:${viewerId}:${event.year}`);
    } else if (event.kind === "order") {
      const orderId = `o${index}-${orders.length}`;
      const lines = orderLines(random, bought);
      const amount = lines.reduce((sum, l) => sum + l.qty * l.product.price, 0);
      const usable = held.find(
        (c) => c.redeemedOrder === null && at >= c.issuedAt && at <= c.expiresAt && amount >= c.template.minSpend,
      );
      const coupon = usable && random() < 0.7 ? usable : null;
      const discount = coupon ? discountFor(coupon.template, amount) : 0;
      const ordering = config.tiers[tierIndexFor(balance.growth, config.tiers)] as (typeof config.tiers)[number];
      const multiplier = ordering.multiplier;
      const pointsUsed =
        balance.points >= 1_000 && random() < 0.15 ? pointsToSpend(amount, discount, balance, config) : 0;
      const money = orderMoney({ amount, discount, pointsUsed, balance: balance.points, multiplier }, config);
      if (typeof money === "string") throw new Error(`bulk seed made an impossible order ${orderId}: ${money}`);
      if (money.pointsUsed > 0) {
        post(
          {
            delta: -money.pointsUsed,
            growthDelta: 0,
            reason: "spend",
            ref: orderId,
            idempotencyKey: `order:${orderId}:spend`,
          },
          at,
        );
      }
      if (money.pointsEarned > 0 || money.growthEarned > 0) {
        post(
          {
            delta: money.pointsEarned,
            growthDelta: money.growthEarned,
            reason: "order",
            ref: orderId,
            idempotencyKey: `order:${orderId}:earn`,
          },
          at,
        );
      }
      if (coupon) {
        coupon.redeemedAt = at;
        coupon.redeemedOrder = orderId;
        coupon.discount = discount;
      }
      const granted =
        orders.length === 0 ? [grant(COMEBACK, at, "first_order", orderId, `first_order:${viewerId}`)] : [];
      const response: MarkedWallet<OrderResponse> = {
        orderId,
        viewerId,
        amount,
        ...money,
        couponCode: coupon?.code ?? null,
        // the bulk shop has no member price; its perks are those of the tier ordered at, as live
        perks: [...ordering.flags],
        granted: granted.map((c) => toCoupon(couponRow(shopId, viewerId, c), at)),
        wallet: WALLET_MARK,
        refunded: false,
      };
      orders.push({
        orderId,
        paidAt: at,
        amount,
        money,
        coupon,
        lines,
        response: withWallet(JSON.stringify(response), frame.walletJson(balance)),
        refundedAt: null,
        refund: null,
        redemption: coupon ? { reversedAt: null } : null,
      });
      for (const line of lines) if (!bought.includes(line.product)) bought.push(line.product);
    } else {
      const order = orders[event.order] as SeededOrder;
      const restored = order.money.pointsUsed;
      const reversed = Math.min(order.money.pointsEarned, balance.points + restored);
      const growthBefore = balance.growth;
      if (restored !== 0 || reversed !== 0 || order.money.growthEarned !== 0) {
        post(
          {
            delta: restored - reversed,
            growthDelta: -order.money.growthEarned,
            reason: "refund",
            ref: order.orderId,
            idempotencyKey: `refund:${order.orderId}`,
          },
          at,
        );
      }
      // the coupon the order consumed goes back to the wallet, as a refund does
      const back = order.coupon?.redeemedOrder === order.orderId ? order.coupon : null;
      if (back) {
        back.redeemedAt = null;
        back.redeemedOrder = null;
        back.discount = null;
        if (order.redemption) order.redemption.reversedAt = at;
      }
      const refund: MarkedWallet<RefundResponse> = {
        orderId: order.orderId,
        pointsReversed: reversed,
        pointsRestored: restored,
        growthReversed: Math.min(order.money.growthEarned, growthBefore),
        couponRestored: back?.code ?? null,
        wallet: WALLET_MARK,
      };
      order.refundedAt = at;
      order.refund = withWallet(JSON.stringify(refund), frame.walletJson(balance));
    }
  }

  out.viewers.push([shopId, viewerId, name, birthday, balance.points, balance.growth, createdAt, 0]);
  for (const coupon of held) {
    const row = couponRow(shopId, viewerId, coupon);
    out.coupons.push([
      row.code,
      row.shop_id,
      row.viewer_id,
      row.template_id,
      row.name,
      row.kind,
      row.value,
      row.min_spend,
      row.source,
      row.source_ref,
      row.grant_key,
      row.state,
      row.issued_at,
      row.expires_at,
      row.redeemed_at,
      row.redeemed_order,
      row.discount,
    ]);
  }
  for (const order of orders) {
    const { money } = order;
    const couponCode = order.coupon?.code ?? null;
    const items = order.lines.map((l) => ({
      sku: l.product.sku,
      name: l.product.zh,
      qty: l.qty,
      price: l.product.price,
    }));
    const request = JSON.stringify({
      orderId: order.orderId,
      viewerId,
      amount: order.amount,
      items,
      couponCode,
      pointsUsed: money.pointsUsed,
      paidAt: order.paidAt,
    });
    out.orders.push([
      shopId,
      order.orderId,
      viewerId,
      order.amount,
      money.discount,
      money.pointsUsed,
      money.pointsValue,
      money.paid,
      money.pointsEarned,
      money.growthEarned,
      couponCode,
      request,
      order.response,
      order.paidAt,
      order.paidAt,
      order.refundedAt,
      order.refund,
    ]);
    items.forEach((item, line) => {
      out.order_items.push([shopId, order.orderId, line, item.sku, item.name, item.qty, item.price]);
    });
    if (order.coupon && order.redemption) {
      out.redemptions.push([
        shopId,
        order.orderId,
        order.coupon.code,
        viewerId,
        order.amount,
        money.discount,
        order.paidAt,
        order.redemption.reversedAt,
      ]);
    }
  }
  // product clicks in the last day: some of those watching lately keep looking at one product
  if (profile === "recent" && random() < 0.15) {
    const clicks = between(random, 1, 6);
    const skus = [weighted(random, PRODUCT_WEIGHTS), weighted(random, PRODUCT_WEIGHTS)];
    for (let c = 0; c < clicks; c++) {
      out.clicks.push([shopId, viewerId, (skus[c % 2] as BulkProduct).sku, Math.floor(now - random() * 20 * HOUR_MS)]);
    }
  }
  if (inLive && lastWatch !== null) {
    const watchedMs = Math.min(lastWatch - frame.liveStartedAt, between(random, 1, 150) * MINUTE_MS);
    out.live_watch.push([frame.roomId, frame.liveStartedAt, shopId, viewerId, Math.max(MINUTE_MS, watchedMs)]);
  }
}

/** Same-instant events post in a fixed order: an order before its own refund. */
const rank = (event: Event) => ["birthday", "watch", "exchange", "order", "refund"].indexOf(event.kind);

const pad = (n: number) => String(n).padStart(2, "0");

function lastWatchFor(profile: WatchProfile, inLive: boolean, frame: ShopFrame, random: Random): number | null {
  const { now, liveStartedAt } = frame;
  const daysAgo = (from: number, to: number) => Math.floor(now - (from + random() * (to - from)) * DAY_MS);
  switch (profile) {
    case "never":
      return null;
    case "recent":
      return inLive
        ? Math.floor(liveStartedAt + MINUTE_MS + random() * (now - liveStartedAt - MINUTE_MS))
        : daysAgo(0, 29.5);
    case "dormant30":
      return daysAgo(30.5, 59.5);
    case "dormant60":
      return daysAgo(60.5, 89.5);
    case "dormant90":
      return daysAgo(90.5, 365);
  }
}

/** A viewer's watch counters as the beats would have left them, and the points those blocks paid. */
function watchState(lastWatch: number, random: Random, frame: ShopFrame) {
  const { config } = frame;
  const totalMs = Math.floor(Math.exp(random() * 7) * MINUTE_MS);
  const blockMs = config.watch.blockSeconds * 1000;
  const blocks = Math.floor(totalMs / blockMs);
  const points = blocks * config.watch.pointsPerBlock;
  const dayPoints = Math.min(config.watch.dailyCap, points, between(random, 0, 12) * config.watch.pointsPerBlock);
  const chests = Math.floor(totalMs / (config.chest.everySeconds * 1000));
  const day = frame.dayKey(lastWatch);
  return {
    blocks,
    points,
    row: [lastWatch, totalMs % blockMs, totalMs, day, dayPoints, blocks, chests, lastWatch] as const,
  };
}

/** One to three lines; a returning buyer often buys again what they bought before. */
function orderLines(random: Random, bought: readonly BulkProduct[]) {
  const count = weighted(random, [
    [1, 0.6],
    [2, 0.3],
    [3, 0.1],
  ] as const);
  const lines: { product: BulkProduct; qty: number }[] = [];
  for (let i = 0; i < count; i++) {
    const again = bought.length > 0 && random() < 0.5;
    const product = again
      ? (bought[between(random, 0, bought.length - 1)] as BulkProduct)
      : weighted(random, PRODUCT_WEIGHTS);
    if (lines.some((l) => l.product === product)) continue;
    lines.push({
      product,
      qty: weighted(random, [
        [1, 0.85],
        [2, 0.1],
        [3, 0.05],
      ] as const),
    });
  }
  return lines;
}

/** Whole hundreds of points, within the cap, what the coupon left to pay, and the balance. */
function pointsToSpend(amount: number, discount: number, balance: Balance, config: ShopConfig): number {
  const centsAllowed = Math.min(pointsCapCents(amount, config), amount - discount);
  const points = Math.min(balance.points, Math.floor((centsAllowed * config.pointsPerYuan) / 100));
  return Math.floor(points / 100) * 100;
}

/** The most recent birthday week (it starts three days before) that began after the viewer joined. */
function lastBirthdayWeek(birthday: string, createdAt: number, now: number): { at: number; year: number } | null {
  const [month, day] = birthday.split("-").map(Number) as [number, number];
  const year = new Date(now).getUTCFullYear();
  for (const y of [year, year - 1]) {
    // shop time is UTC+8: the week starts at local midnight three days before the birthday
    const at = Date.UTC(y, month - 1, day) - 3 * DAY_MS - 8 * HOUR_MS;
    if (at <= now) return at >= createdAt ? { at, year: y } : null;
  }
  return null;
}

function couponRow(shopId: string, viewerId: string, c: HeldCoupon): CouponRow {
  return {
    code: c.code,
    shop_id: shopId,
    viewer_id: viewerId,
    template_id: c.template.id,
    name: JSON.stringify({ "zh-CN": c.template.zh, en: c.template.en }),
    kind: c.template.kind,
    value: c.template.value,
    min_spend: c.template.minSpend,
    source: c.source,
    source_ref: c.sourceRef,
    grant_key: c.grantKey,
    // an unused coupon past its expiry stays "issued": the store shows it expired by its date
    state: c.redeemedOrder === null ? "issued" : "redeemed",
    issued_at: c.issuedAt,
    expires_at: c.expiresAt,
    redeemed_at: c.redeemedAt,
    redeemed_order: c.redeemedOrder,
    discount: c.discount,
  };
}
