import { EncoreError, type ReferralCard, type ReferralView, ServerEvent } from "../../protocol/index.js";
import { toCoupon } from "../adapters.js";
import {
  decideReferral,
  newReferralCode,
  qualifies,
  type ReferralProgress,
  type ReferralRefusal,
  referralMonth,
  rewardKeys,
} from "../domain/referrals.js";
import { findTemplate } from "../store/coupons.js";
import type { Dialect } from "../store/database.js";
import { type Executor, idempotentTransaction } from "../store/executor.js";
import {
  countInvitedInMonth,
  findCode,
  findCodeOf,
  findReferral,
  hasActivity,
  insertCode,
  insertReferral,
  inviterCounts,
  markCompleted,
  markFirstOrder,
} from "../store/referrals.js";
import type { CouponRow, ReferralRow } from "../store/schema.js";
import { findViewer } from "../store/viewers.js";
import type { Context } from "./context.js";
import { issueCoupons } from "./coupons.js";
import { announcePosted, type Posted, postChange } from "./points.js";
import type { Shop } from "./shops.js";
import { enqueueWebhook } from "./webhooks.js";

const REFUSALS: Record<ReferralRefusal, string> = {
  referrals_off: "this shop has referrals switched off",
  referral_unknown: "no invite has this code",
  referral_other_shop: "this invite code belongs to another shop",
  referral_self: "a viewer cannot invite themselves",
  referral_not_new: "this viewer has been active in the shop before, or was already invited",
  referral_cap: "the inviter has brought in this month's most referrals",
};

/** The viewer's invite card: their code (made on first ask, then always the same) and what it brought in. */
export async function referralCard(ctx: Context, shop: Shop, viewerId: string): Promise<ReferralCard> {
  const config = shop.config.referrals;
  if (!config.enabled) throw new EncoreError("referrals_off", REFUSALS.referrals_off);
  const { db } = ctx.store;
  let code = await findCodeOf(db, shop.id, viewerId);
  if (!code) {
    await insertCode(db, {
      code: newReferralCode(),
      shop_id: shop.id,
      viewer_id: viewerId,
      created_at: ctx.clock.now(),
    });
    code = await findCodeOf(db, shop.id, viewerId);
    if (!code) throw new Error("the invite code was not kept");
  }
  const counts = await inviterCounts(db, shop.id, viewerId);
  return {
    code: code.code,
    action: config.action,
    watchMinutes: config.watchMinutes,
    reward: config.reward,
    inviterPoints: config.inviterPoints,
    inviteePoints: config.inviteePoints,
    ...counts,
  };
}

/**
 * Attaches a viewer to the inviter whose code they arrived with, or refuses with the reason and
 * changes nothing. The same code again (the invite link reloaded) answers the first result.
 */
export async function attachReferral(ctx: Context, shop: Shop, inviteeId: string, code: string): Promise<ReferralView> {
  const now = ctx.clock.now();
  const { store } = ctx;
  // a lost race on the invitee's key (two tabs of the link at once) runs again and finds the row
  const row = await idempotentTransaction(store.db, async (trx) => {
    const owner = /^[A-Za-z0-9_-]{8,32}$/.test(code) ? await findCode(trx, code) : undefined;
    // the inviter's row first, so two invitees of one inviter count the monthly cap one after the other
    if (owner && owner.shop_id === shop.id) await findViewer(trx, shop.id, owner.viewer_id, store.dialect);
    if (!(await findViewer(trx, shop.id, inviteeId)))
      throw new EncoreError("viewer_not_found", `no viewer ${inviteeId}`);
    const existing = await findReferral(trx, shop.id, inviteeId);
    const month = referralMonth(now, shop.config.timezone);
    const decision = decideReferral({
      shopId: shop.id,
      inviteeId,
      config: shop.config.referrals,
      code: owner ? { shopId: owner.shop_id, viewerId: owner.viewer_id } : null,
      existingInviterId: existing?.inviter_id ?? null,
      inviteeHasActivity: existing ? false : await hasActivity(trx, shop.id, inviteeId),
      inviterMonthCount:
        owner && owner.shop_id === shop.id ? await countInvitedInMonth(trx, shop.id, owner.viewer_id, month) : 0,
    });
    if (decision === "replay" && existing) return existing;
    if (decision !== "attach" || !owner) {
      const refusal = decision === "attach" || decision === "replay" ? "referral_unknown" : decision;
      throw new EncoreError(refusal, REFUSALS[refusal]);
    }
    const referral: ReferralRow = {
      shop_id: shop.id,
      invitee_id: inviteeId,
      inviter_id: owner.viewer_id,
      code,
      month,
      joined_at: now,
      completed_at: null,
      first_order_at: null,
    };
    await insertReferral(trx, referral);
    return referral;
  });
  return toReferralView(row);
}

/** The same attach at a socket's join: a refused code never stops the viewer joining, it is only logged. */
export async function attachReferralAtJoin(ctx: Context, shop: Shop, inviteeId: string, code: string): Promise<void> {
  try {
    await attachReferral(ctx, shop, inviteeId, code);
  } catch (error) {
    if (!(error instanceof EncoreError)) throw error;
    ctx.log.info({ code: error.code, shopId: shop.id, viewerId: inviteeId }, "invite code refused at join");
  }
}

function toReferralView(row: ReferralRow): ReferralView {
  return {
    inviterId: row.inviter_id,
    inviteeId: row.invitee_id,
    state: row.completed_at === null ? "joined" : "completed",
    joinedAt: row.joined_at,
    completedAt: row.completed_at,
  };
}

/** What a completed referral changed, for the caller to announce after its commit. */
export interface ReferralRewards {
  posted: Posted[];
  coupons: CouponRow[];
}

const NONE: ReferralRewards = { posted: [], coupons: [] };

/**
 * Inside the caller's transaction (a beat's, an order's), after the invitee's own change: when
 * this progress is the shop's qualifying action, the referral completes once (its row is the
 * guard) and both viewers get their reward under keys used once ever; `referral.completed` is
 * queued in the same transaction. A first order is also noted for the dashboard's funnel.
 */
export async function progressReferral(
  trx: Executor,
  dialect: Dialect,
  shop: Shop,
  inviteeId: string,
  progress: ReferralProgress,
  now: number,
): Promise<ReferralRewards> {
  const config = shop.config.referrals;
  // a beat of a shop whose referrals do not count watching costs no query
  if (progress.kind === "watch" && !(config.enabled && config.action === "watch")) return NONE;
  const referral = await findReferral(trx, shop.id, inviteeId, dialect);
  if (!referral) return NONE;
  if (progress.kind === "first_order") await markFirstOrder(trx, shop.id, inviteeId, now);
  if (referral.completed_at !== null || !config.enabled || !qualifies(config, progress)) return NONE;
  if (!(await markCompleted(trx, shop.id, inviteeId, now))) return NONE;
  const keys = rewardKeys(inviteeId);
  const rewards: ReferralRewards = { posted: [], coupons: [] };
  let inviterCoupon: string | null = null;
  let inviteeCoupon: string | null = null;
  if (config.reward === "points") {
    // the inviter's row before the invitee's second change: one order of locks for every referral
    for (const [viewerId, points, key] of [
      [referral.inviter_id, config.inviterPoints, keys.inviter],
      [inviteeId, config.inviteePoints, keys.invitee],
    ] as const) {
      if (points === 0) continue;
      const change = {
        delta: points,
        growthDelta: 0,
        reason: "referral" as const,
        ref: inviteeId,
        idempotencyKey: key,
      };
      rewards.posted.push(await postChange(trx, dialect, shop.id, viewerId, change, now));
    }
  } else {
    const coupons = await grantCoupons(trx, shop, referral, now);
    inviterCoupon = coupons.inviter?.code ?? null;
    inviteeCoupon = coupons.invitee?.code ?? null;
    rewards.coupons.push(...[coupons.inviter, coupons.invitee].filter((c): c is CouponRow => c !== null));
  }
  await enqueueWebhook(
    trx,
    shop.id,
    "referral.completed",
    {
      inviterId: referral.inviter_id,
      inviteeId,
      action: config.action,
      reward: config.reward,
      inviterPoints: config.reward === "points" ? config.inviterPoints : 0,
      inviteePoints: config.reward === "points" ? config.inviteePoints : 0,
      inviterCoupon,
      inviteeCoupon,
      joinedAt: referral.joined_at,
      completedAt: now,
    },
    now,
  );
  return rewards;
}

/**
 * Both coupons through the one issuing path, keyed once per referral side. A template that is
 * gone, paused or refuses the viewer (tier, limit, stock) gives that side nothing rather than
 * undoing the invitee's beat or order; the webhook says which coupon each got.
 */
async function grantCoupons(
  trx: Executor,
  shop: Shop,
  referral: ReferralRow,
  now: number,
): Promise<{ inviter: CouponRow | null; invitee: CouponRow | null }> {
  const keys = rewardKeys(referral.invitee_id);
  const sides = [
    { viewerId: referral.inviter_id, templateId: shop.config.referrals.inviterTemplateId, grantKey: keys.inviter },
    { viewerId: referral.invitee_id, templateId: shop.config.referrals.inviteeTemplateId, grantKey: keys.invitee },
  ];
  const out: (CouponRow | null)[] = [];
  for (const side of sides) {
    const template = side.templateId ? await findTemplate(trx, shop.id, side.templateId) : undefined;
    const viewer = await findViewer(trx, shop.id, side.viewerId);
    if (template?.active !== 1 || !viewer) {
      out.push(null);
      continue;
    }
    const [issued] = await issueCoupons(trx, shop.config, [
      {
        shopId: shop.id,
        viewerId: side.viewerId,
        viewerGrowth: viewer.growth,
        template,
        source: "referral",
        sourceRef: referral.invitee_id,
        grantKey: side.grantKey,
        now,
      },
    ]);
    out.push(issued && "coupon" in issued && !issued.replayed ? issued.coupon : null);
  }
  return { inviter: out[0] ?? null, invitee: out[1] ?? null };
}

/** After the caller's commit: both viewers hear of their new points or coupon. */
export function announceRewards(ctx: Context, shop: Shop, rewards: ReferralRewards, now: number): void {
  for (const posted of rewards.posted) announcePosted(ctx.notifier, shop.config, shop.id, posted);
  for (const coupon of rewards.coupons) {
    ctx.notifier.toViewer(shop.id, coupon.viewer_id, ServerEvent.coupon, toCoupon(coupon, now));
  }
}
