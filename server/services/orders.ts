import {
  EncoreError,
  MAX_ORDER_CENTS,
  type OrderBody,
  type OrderCampaign,
  type OrderResponse,
  type QuoteInput,
  type QuoteResponse,
  type RedeemBody,
  type RedeemResponse,
  type RefundResponse,
  ServerEvent,
} from "../../protocol/index.js";
import { toCoupon, toCouponRedeemedBody, toWallet } from "../adapters.js";
import { boostAt, type CampaignRule } from "../domain/campaigns.js";
import { discountFor, type HeldCoupon, redemptionRefusal } from "../domain/coupons.js";
import { amountRefusal, canonicalOrder, itemsRefusal, memberDiscountOf, orderMoney } from "../domain/orders.js";
import { tierIndexFor } from "../domain/tiers.js";
import { findCoupon, updateCoupon } from "../store/coupons.js";
import { type Executor, idempotentTransaction } from "../store/executor.js";
import {
  countViewerOrders,
  findOrder,
  findRedemption,
  insertOrder,
  insertRedemption,
  markOrderRefunded,
  reverseRedemption,
  updateRedemption,
} from "../store/orders.js";
import type { CouponRow, ViewerRow } from "../store/schema.js";
import { ensureViewer, findViewer } from "../store/viewers.js";
import { campaignRules } from "./campaigns.js";
import type { Context } from "./context.js";
import { announcePosted, type Posted, postChange } from "./points.js";
import { announceRewards, progressReferral } from "./referrals.js";
import { grantBirthdayCoupon, grantTrigger } from "./repurchase.js";
import { ordersChanged } from "./rollups.js";
import type { Shop } from "./shops.js";
import { enqueueWebhook } from "./webhooks.js";

type OrderInput = Required<Pick<OrderBody, "pointsUsed">> & Omit<OrderBody, "pointsUsed">;

const held = (row: CouponRow): HeldCoupon => ({
  viewerId: row.viewer_id,
  kind: row.kind === "percent" ? "percent" : "amount",
  value: row.value,
  minSpend: row.min_spend,
  state: row.state,
  expiresAt: row.expires_at,
  redeemedOrder: row.redeemed_order,
});

interface Redeemed {
  coupon: CouponRow;
  discount: number;
  /** false when the checkout already redeemed it for this order at this amount */
  changed: boolean;
}

/**
 * Applies a coupon to an order inside the caller's transaction: refused with its code, or
 * redeemed once. The amount it is given is the order's member price (the value less the tier's
 * share): the coupon's minimum spend and its discount are reckoned on what the viewer pays for. A coupon the checkout already redeemed for this order is held to the amount the
 * order reports now: its minimum spend must still be met, and the discount (and the redemption's
 * record of it) follows the final amount, so a discount never exceeds the order it is on.
 */
async function redeemInto(
  trx: Executor,
  ctx: Context,
  shopId: string,
  code: string,
  order: { orderId: string; viewerId: string; amount: number; memberDiscount: number },
  now: number,
): Promise<Redeemed> {
  const coupon = await findCoupon(trx, shopId, code, ctx.store.dialect);
  // Another shop's coupon is, from this shop's side, one that does not exist.
  if (!coupon) throw new EncoreError("coupon_not_found", `no coupon ${code}`);
  const refusal = redemptionRefusal(held(coupon), order, now);
  if (refusal) throw new EncoreError(refusal, `coupon ${code} cannot be used on this order`);
  const discount = discountFor(held(coupon), order.amount);
  if (coupon.state === "redeemed") {
    const previous = await findRedemption(trx, shopId, order.orderId);
    if (discount === (coupon.discount ?? 0) && previous?.amount === order.amount) {
      return { coupon, discount, changed: false };
    }
    await updateCoupon(trx, code, { discount });
    await updateRedemption(trx, shopId, order.orderId, {
      amount: order.amount,
      discount,
      member_discount: order.memberDiscount,
    });
    return { coupon: { ...coupon, discount }, discount, changed: true };
  }
  const redeemed = { state: "redeemed" as const, redeemed_at: now, redeemed_order: order.orderId, discount };
  await updateCoupon(trx, code, redeemed);
  await enqueueWebhook(trx, shopId, "coupon.redeemed", toCouponRedeemedBody(coupon, order, discount, now), now);
  await insertRedemption(trx, {
    shop_id: shopId,
    order_id: order.orderId,
    code,
    viewer_id: order.viewerId,
    amount: order.amount,
    discount,
    member_discount: order.memberDiscount,
    created_at: now,
    reversed_at: null,
  });
  return { coupon: { ...coupon, ...redeemed }, discount, changed: true };
}

/** A viewer's growth now; one the shop has not seen yet has none. */
async function growthOf(trx: Executor, ctx: Context, shopId: string, viewerId: string): Promise<number> {
  return (await findViewer(trx, shopId, viewerId, ctx.store.dialect))?.growth ?? 0;
}

function requireAmount(amount: number): void {
  const refusal = amountRefusal(amount);
  if (refusal) {
    throw new EncoreError(refusal, `amounts are whole numbers of cents from 0 to ${MAX_ORDER_CENTS}`);
  }
}

/** What one order step works with: the order's transaction, the shop, the request and its time. */
interface OrderStep {
  trx: Executor;
  ctx: Context;
  shop: Shop;
  body: OrderInput;
  now: number;
}

type Balance = { points: number; growth: number };
type Tier = Shop["config"]["tiers"][number];

/** The tier a viewer orders at (by their growth before the order): its member price and its perks apply. */
function orderingTier(config: Shop["config"], growth: number): Tier {
  return config.tiers[tierIndexFor(growth, config.tiers)] as Tier;
}

/** An order's value at the viewer's member price. */
function memberPriced(amount: number, tier: Tier): { priced: number; memberDiscount: number } {
  const memberDiscount = memberDiscountOf(amount, tier.memberPricePercent);
  return { priced: amount - memberDiscount, memberDiscount };
}
type OrderMoney = Exclude<ReturnType<typeof orderMoney>, string>;

function checkOrderInput(body: OrderInput): void {
  requireAmount(body.amount);
  if (itemsRefusal(body.items)) {
    throw new EncoreError("amount_invalid", `the items' qty × price add up to more than ${MAX_ORDER_CENTS} cents`);
  }
}

/** The answer already given for this orderId, when the same order is reported again. */
async function replayedOrder({ trx, ctx, shop, body }: OrderStep, request: string): Promise<OrderResponse | null> {
  const existing = await findOrder(trx, shop.id, body.orderId, ctx.store.dialect);
  if (!existing) return null;
  if (existing.request !== request) {
    throw new EncoreError("order_conflict", `order ${body.orderId} was reported with different details`);
  }
  // an answer stored before member prices and perks existed had neither
  const first = JSON.parse(existing.response) as Partial<OrderResponse> &
    Omit<OrderResponse, "memberDiscount" | "perks">;
  return { ...first, memberDiscount: first.memberDiscount ?? 0, perks: first.perks ?? [] };
}

/** Viewer ids belong to the shop: an order for one we have not seen creates them. */
async function orderViewer({ trx, ctx, shop, body, now }: OrderStep): Promise<ViewerRow> {
  await ensureViewer(trx, shop.id, body.viewerId, {}, now);
  const viewer = await findViewer(trx, shop.id, body.viewerId, ctx.store.dialect);
  if (!viewer) throw new EncoreError("viewer_not_found", `no viewer ${body.viewerId}`);
  return viewer;
}

/**
 * The order's coupon, redeemed into it. The checkout may have redeemed a coupon for this orderId
 * already: the order must name it, or that coupon would stay spent on an order that says it did
 * not use it.
 */
async function redeemOrderCoupon(
  { trx, ctx, shop, body, now }: OrderStep,
  price: { priced: number; memberDiscount: number },
): Promise<Redeemed | null> {
  const atCheckout = await findRedemption(trx, shop.id, body.orderId);
  if (atCheckout && (atCheckout.code !== body.couponCode || atCheckout.viewer_id !== body.viewerId)) {
    throw new EncoreError(
      "order_conflict",
      `order ${body.orderId} redeemed another coupon at checkout; report the order with that couponCode`,
    );
  }
  if (!body.couponCode) return null;
  const order = {
    orderId: body.orderId,
    viewerId: body.viewerId,
    amount: price.priced,
    memberDiscount: price.memberDiscount,
  };
  return redeemInto(trx, ctx, shop.id, body.couponCode, order, now);
}

/** What is paid in money and in points, and what it earns: refused past the points cap or the balance. */
function settleMoney(
  config: Shop["config"],
  body: Pick<OrderInput, "amount" | "pointsUsed">,
  viewer: Balance,
  tier: Tier,
  discount: number,
  campaignMultiplier: number,
): OrderMoney {
  const money = orderMoney(
    {
      amount: body.amount,
      memberDiscount: memberPriced(body.amount, tier).memberDiscount,
      discount,
      pointsUsed: body.pointsUsed,
      balance: viewer.points,
      // a campaign running when the order was paid multiplies on top of the tier
      multiplier: tier.multiplier * campaignMultiplier,
    },
    config,
  );
  if (money === "points_cap") {
    throw new EncoreError("points_cap", `points may pay at most ${config.pointsSpendCapPercent}% of an order`);
  }
  if (money === "insufficient_points") {
    throw new EncoreError("insufficient_points", `the balance is ${viewer.points} points`);
  }
  return money;
}

/** The points spent and the points and growth earned, each its own ledger row (a tier change rides on them). */
async function creditPointsAndGrowth({ trx, ctx, shop, body, now }: OrderStep, money: OrderMoney): Promise<Posted[]> {
  const post = (delta: number, growthDelta: number, reason: "spend" | "order", key: string) =>
    postChange(
      trx,
      ctx.store.dialect,
      shop.id,
      body.viewerId,
      { delta, growthDelta, reason, ref: body.orderId, idempotencyKey: `order:${body.orderId}:${key}` },
      now,
    );
  const posted: Posted[] = [];
  if (money.pointsUsed > 0) posted.push(await post(-money.pointsUsed, 0, "spend", "spend"));
  if (money.pointsEarned > 0 || money.growthEarned > 0) {
    posted.push(await post(money.pointsEarned, money.growthEarned, "order", "earn"));
  }
  return posted;
}

/** The repurchase triggers an order fires: the first-order coupon, and the birthday coupon when due. */
async function grantOrderTriggers(
  { trx, shop, body, now }: OrderStep,
  viewer: ViewerRow,
  firstOrder: boolean,
  balance: Balance,
): Promise<CouponRow[]> {
  const granted: CouponRow[] = [];
  if (firstOrder) {
    const coupon = await grantTrigger(trx, shop, "firstOrderTemplateId", {
      viewerId: body.viewerId,
      viewerGrowth: balance.growth,
      source: "first_order",
      sourceRef: body.orderId,
      grantKey: `first_order:${body.viewerId}`,
      now,
    });
    if (coupon) granted.push(coupon);
  }
  const birthday = await grantBirthdayCoupon(trx, shop, { ...viewer, growth: balance.growth }, now);
  if (birthday) granted.push(birthday);
  return granted;
}

/** The order, its lines and the answer it got, so a replay gets the same answer. */
async function recordOrder(
  { trx, shop, body, now }: OrderStep,
  money: OrderMoney,
  request: string,
  response: OrderResponse,
): Promise<void> {
  await insertOrder(
    trx,
    {
      shop_id: shop.id,
      order_id: body.orderId,
      viewer_id: body.viewerId,
      amount: body.amount,
      discount: money.discount,
      points_used: money.pointsUsed,
      points_value: money.pointsValue,
      paid: money.paid,
      points_earned: money.pointsEarned,
      growth_earned: money.growthEarned,
      coupon_code: body.couponCode ?? null,
      request,
      response: JSON.stringify(response),
      paid_at: body.paidAt,
      created_at: now,
      refunded_at: null,
      refund: null,
    },
    body.items.map((item, line) => ({
      shop_id: shop.id,
      order_id: body.orderId,
      line,
      sku: item.sku,
      name: item.name ?? null,
      qty: item.qty,
      price: item.price,
    })),
  );
  // the buyer's roll-up and the shop's totals move in the same transaction as the order
  await ordersChanged(
    trx,
    shop.id,
    { came: [{ viewer_id: body.viewerId, paid_at: body.paidAt, paid: money.paid }] },
    now,
  );
}

/** The campaign whose order multiplier applies when the order was paid, or null. */
function orderCampaign(rules: CampaignRule[], paidAt: number, timeZone: string): OrderCampaign | null {
  const { order, orderCampaign: run } = boostAt(rules, paidAt, timeZone);
  return run ? { id: run.id, name: run.name, multiplier: order } : null;
}

/** The `order.credited` webhook, queued in the order's transaction so it goes out only if the order holds. */
async function queueOrderCredited(
  { trx, shop, body, now }: OrderStep,
  money: OrderMoney,
  balance: Balance,
  tier: string,
  perks: Tier["flags"],
  campaign: OrderCampaign | null,
): Promise<void> {
  await enqueueWebhook(
    trx,
    shop.id,
    "order.credited",
    {
      orderId: body.orderId,
      viewerId: body.viewerId,
      amount: body.amount,
      memberDiscount: money.memberDiscount,
      paid: money.paid,
      pointsEarned: money.pointsEarned,
      pointsUsed: money.pointsUsed,
      growthEarned: money.growthEarned,
      couponCode: body.couponCode ?? null,
      points: balance.points,
      growth: balance.growth,
      tier,
      perks: [...perks],
      campaign,
    },
    now,
  );
}

/**
 * A paid order: the coupon consumed, points spent (within the cap and the balance), points and
 * growth earned from what was paid in money, the first-order and birthday coupons, and the
 * `order.credited` webhook, all in one transaction. Idempotent on orderId.
 */
export async function placeOrder(ctx: Context, shop: Shop, body: OrderInput): Promise<OrderResponse> {
  checkOrderInput(body);
  const now = ctx.clock.now();
  const { config } = shop;
  const request = canonicalOrder(body);
  const outcome = await idempotentTransaction(ctx.store.db, async (trx) => {
    const step: OrderStep = { trx, ctx, shop, body, now };
    const replayed = await replayedOrder(step, request);
    if (replayed) return { response: replayed, posted: [], coupons: [], rewards: null };
    const viewer = await orderViewer(step);
    const tier = orderingTier(config, viewer.growth);
    const firstOrder = (await countViewerOrders(trx, shop.id, body.viewerId)) === 0;
    const used = await redeemOrderCoupon(step, memberPriced(body.amount, tier));
    const campaign = orderCampaign(await campaignRules(trx, shop), body.paidAt, config.timezone);
    const money = settleMoney(config, body, viewer, tier, used?.discount ?? 0, campaign?.multiplier ?? 1);
    const posted = await creditPointsAndGrowth(step, money);
    const balance = posted.at(-1)?.after ?? { points: viewer.points, growth: viewer.growth };
    const granted = await grantOrderTriggers(step, viewer, firstOrder, balance);
    // a first order may be what completes the viewer's referral (and is the funnel's last step)
    const rewards = firstOrder
      ? await progressReferral(trx, ctx.store.dialect, shop, body.viewerId, { kind: "first_order" }, now)
      : null;
    const response: OrderResponse = {
      orderId: body.orderId,
      viewerId: body.viewerId,
      amount: body.amount,
      ...money,
      couponCode: body.couponCode ?? null,
      perks: [...tier.flags],
      granted: granted.map((c) => toCoupon(c, now)),
      wallet: toWallet(balance, config),
      refunded: false,
      campaign,
    };
    await recordOrder(step, money, request, response);
    await queueOrderCredited(step, money, balance, response.wallet.tier.key, tier.flags, campaign);
    const changedCoupons = used?.changed ? [used.coupon, ...granted] : granted;
    return { response, posted, coupons: changedCoupons, rewards };
  });
  // committed: now the viewer hears of the points, the tier and the coupons
  for (const posted of outcome.posted) announcePosted(ctx.notifier, config, shop.id, posted);
  for (const coupon of outcome.coupons) {
    ctx.notifier.toViewer(shop.id, coupon.viewer_id, ServerEvent.coupon, toCoupon(coupon, now));
  }
  if (outcome.rewards) announceRewards(ctx, shop, outcome.rewards, now);
  return outcome.response;
}

/**
 * Reverses an order through the ledger: the points it spent come back, the points and growth it
 * earned go (points never below zero: what the viewer already spent stays spent), and a coupon
 * it consumed is back in the wallet. Replays return the first answer.
 */
export async function refundOrder(ctx: Context, shop: Shop, orderId: string): Promise<RefundResponse> {
  const now = ctx.clock.now();
  const { store } = ctx;
  const outcome = await store.db.transaction().execute(async (trx) => {
    const order = await findOrder(trx, shop.id, orderId, store.dialect);
    if (!order) throw new EncoreError("order_not_found", `no order ${orderId}`);
    if (order.refund !== null)
      return { response: JSON.parse(order.refund) as RefundResponse, posted: null, coupon: null };
    const viewer = await findViewer(trx, shop.id, order.viewer_id, store.dialect);
    if (!viewer) throw new EncoreError("viewer_not_found", `no viewer ${order.viewer_id}`);
    const restored = order.points_used;
    const reversed = Math.min(order.points_earned, viewer.points + restored);
    const growth = order.growth_earned;
    let posted: Posted | null = null;
    if (restored !== 0 || reversed !== 0 || growth !== 0) {
      posted = await postChange(
        trx,
        store.dialect,
        shop.id,
        order.viewer_id,
        {
          delta: restored - reversed,
          growthDelta: -growth,
          reason: "refund",
          ref: orderId,
          idempotencyKey: `refund:${orderId}`,
        },
        now,
      );
    }
    let coupon: CouponRow | null = null;
    if (order.coupon_code) {
      const used = await findCoupon(trx, shop.id, order.coupon_code, store.dialect);
      if (used && used.state === "redeemed" && used.redeemed_order === orderId) {
        const back = { state: "issued" as const, redeemed_at: null, redeemed_order: null, discount: null };
        await updateCoupon(trx, used.code, back);
        await reverseRedemption(trx, shop.id, orderId, now);
        coupon = { ...used, ...back };
      }
    }
    const balance = posted?.after ?? { points: viewer.points, growth: viewer.growth };
    const response: RefundResponse = {
      orderId,
      pointsReversed: reversed,
      pointsRestored: restored,
      growthReversed: Math.min(growth, viewer.growth),
      couponRestored: coupon?.code ?? null,
      wallet: toWallet(balance, shop.config),
    };
    await markOrderRefunded(trx, shop.id, orderId, JSON.stringify(response), now);
    await ordersChanged(trx, shop.id, { went: [order] }, now);
    await enqueueWebhook(
      trx,
      shop.id,
      "order.refunded",
      {
        orderId,
        viewerId: order.viewer_id,
        pointsReversed: response.pointsReversed,
        pointsRestored: response.pointsRestored,
        growthReversed: response.growthReversed,
        couponRestored: response.couponRestored,
        points: balance.points,
        growth: balance.growth,
        tier: response.wallet.tier.key,
      },
      now,
    );
    return { response, posted, coupon };
  });
  if (outcome.posted) announcePosted(ctx.notifier, shop.config, shop.id, outcome.posted);
  if (outcome.coupon) {
    ctx.notifier.toViewer(shop.id, outcome.coupon.viewer_id, ServerEvent.coupon, toCoupon(outcome.coupon, now));
  }
  return outcome.response;
}

/**
 * Redeems a coupon at the shop's checkout and answers with the discount. Idempotent on orderId:
 * the same order asking again gets the first answer; the coupon cannot serve a second order.
 */
export async function redeemCoupon(ctx: Context, shop: Shop, code: string, body: RedeemBody): Promise<RedeemResponse> {
  requireAmount(body.amount);
  const now = ctx.clock.now();
  const { store } = ctx;
  const outcome = await idempotentTransaction(store.db, async (trx) => {
    const previous = await findRedemption(trx, shop.id, body.orderId);
    if (previous && (previous.code !== code || previous.viewer_id !== body.viewerId)) {
      throw new EncoreError("order_conflict", `order ${body.orderId} already redeemed another coupon`);
    }
    if (previous?.reversed_at != null) {
      throw new EncoreError("order_conflict", `order ${body.orderId} was refunded; redeem under a new order`);
    }
    // an order already reported is paid: a coupon it did not use cannot be redeemed for it now
    const reported = previous ? undefined : await findOrder(trx, shop.id, body.orderId);
    if (reported) {
      throw new EncoreError("order_conflict", `order ${body.orderId} was already reported without this coupon`);
    }
    // a replay is held to the member price the first answer was reckoned on
    const { priced, memberDiscount } = previous
      ? { priced: previous.amount, memberDiscount: previous.member_discount }
      : memberPriced(body.amount, orderingTier(shop.config, await growthOf(trx, ctx, shop.id, body.viewerId)));
    const order = { orderId: body.orderId, viewerId: body.viewerId, amount: priced, memberDiscount };
    return { ...(await redeemInto(trx, ctx, shop.id, code, order, now)), memberDiscount };
  });
  const coupon = toCoupon(outcome.coupon, now);
  if (outcome.changed) ctx.notifier.toViewer(shop.id, outcome.coupon.viewer_id, ServerEvent.coupon, coupon);
  return { code, orderId: body.orderId, memberDiscount: outcome.memberDiscount, discount: outcome.discount, coupon };
}

/**
 * What an order would come to for this viewer now, before they pay: the member price of their
 * tier, the coupon (checked as the order would check it, not redeemed) and the points, with what
 * the order would earn. Nothing is written; the order itself applies the same rules when reported.
 */
export async function quoteOrder(ctx: Context, shop: Shop, body: QuoteInput): Promise<QuoteResponse> {
  requireAmount(body.amount);
  const now = ctx.clock.now();
  const { config } = shop;
  const { db, dialect } = ctx.store;
  const viewer = await findViewer(db, shop.id, body.viewerId, dialect);
  const balance = { points: viewer?.points ?? 0, growth: viewer?.growth ?? 0 };
  const tier = orderingTier(config, balance.growth);
  const { priced } = memberPriced(body.amount, tier);
  let discount = 0;
  if (body.couponCode) {
    const coupon = await findCoupon(db, shop.id, body.couponCode, dialect);
    if (!coupon) throw new EncoreError("coupon_not_found", `no coupon ${body.couponCode}`);
    // no order exists yet: a coupon already redeemed is used, whichever order it went to
    const refusal = redemptionRefusal(held(coupon), { orderId: "", viewerId: body.viewerId, amount: priced }, now);
    if (refusal) throw new EncoreError(refusal, `coupon ${body.couponCode} cannot be used on this order`);
    discount = discountFor(held(coupon), priced);
  }
  const campaign = orderCampaign(await campaignRules(db, shop), now, config.timezone);
  const money = settleMoney(config, body, balance, tier, discount, campaign?.multiplier ?? 1);
  return {
    viewerId: body.viewerId,
    amount: body.amount,
    tier: tier.key,
    memberPricePercent: tier.memberPricePercent,
    ...money,
    perks: [...tier.flags],
    campaign,
  };
}
