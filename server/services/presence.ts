import { EncoreError, type GreetResult, type PresentList, ServerEvent } from "../../protocol/index.js";
import { toCoupon } from "../adapters.js";
import { limitAt, WEEK_MS } from "../domain/lifecycle/budget.js";
import { maskedName } from "../domain/moderation.js";
import { HIGH_INTENT_WINDOW_MS, presentReasons, rankPresent } from "../domain/presence.js";
import { findCouponsByGrant } from "../store/coupons.js";
import { contactsSince, presenceFacts } from "../store/presence.js";
import { findViewer } from "../store/viewers.js";
import { recordAudit } from "./audit.js";
import type { Context } from "./context.js";
import { issueCoupon, requireTemplate } from "./coupons.js";
import type { Identity } from "./identity.js";
import { featuredProduct } from "./live-room.js";
import type { Shop } from "./shops.js";

/** How many notable viewers the host's panel lists: a room of thousands still fits a glance. */
export const PRESENT_LISTED = 30;

/**
 * "Who is here": the notable viewers among those present (their sockets' identities, one entry per
 * viewer however many tabs they have), with the reasons. What the sockets do not hold is read for
 * all of them at once: a handful of queries over the set, never one per viewer.
 */
export async function presentList(
  ctx: Context,
  shop: Shop,
  roomId: string,
  identities: readonly Identity[],
): Promise<PresentList> {
  const viewers = new Map<string, Identity>();
  for (const identity of identities) {
    if (identity.role !== "host" && identity.shopId === shop.id) viewers.set(identity.viewerId, identity);
  }
  const now = ctx.clock.now();
  const featured = await featuredProduct(ctx, roomId);
  const facts = await presenceFacts(
    ctx.store.db,
    shop.id,
    [...viewers.keys()],
    featured ? { sku: featured.sku, clicksSince: now - HIGH_INTENT_WINDOW_MS } : null,
  );
  const context = { topTier: shop.config.tiers.length - 1, now, timeZone: shop.config.timezone };
  const notable = [...viewers.values()].map((identity) => {
    const name = identity.name ?? maskedName(identity.viewerId);
    const reasons = presentReasons(
      {
        viewerId: identity.viewerId,
        name,
        tier: identity.tier,
        lastWatchAt: identity.lastWatchAt,
        birthday: facts.birthdays.get(identity.viewerId) ?? null,
        firstOrderAt: facts.firstOrders.get(identity.viewerId) ?? null,
        featuredClicks: facts.clicks.get(identity.viewerId) ?? 0,
        boughtFeatured: facts.boughtFeatured.has(identity.viewerId),
      },
      context,
    );
    return { viewerId: identity.viewerId, name, tier: identity.tier, reasons };
  });
  return { present: viewers.size, viewers: rankPresent(notable, PRESENT_LISTED) };
}

/**
 * The host's one-tap greeting: the viewer hears it on every socket, and, if the host chose a
 * template, gets a coupon through the one issuing path (source `host_gift`, keyed by the tap's
 * idempotency key, so a replay issues nothing new), within the shop's contact budget.
 */
export async function greetViewer(
  ctx: Context,
  shop: Shop,
  host: Identity,
  target: Identity,
  request: { templateId: string | null; idempotencyKey: string },
): Promise<Omit<GreetResult, "viewerId">> {
  const now = ctx.clock.now();
  const { db, dialect } = ctx.store;
  const grantKey = `host_gift:${request.idempotencyKey}`;
  if (request.templateId === null) return { coupon: null, replayed: false };
  const issued = await db.transaction().execute(async (trx) => {
    // the viewer's row is locked: two taps racing on two consoles count against one budget
    const viewer = await findViewer(trx, shop.id, target.viewerId, dialect);
    if (!viewer) throw new EncoreError("viewer_not_found", "that viewer is not the shop's");
    const [replay] = (await findCouponsByGrant(trx, shop.id, [grantKey])).values();
    if (replay) {
      if (replay.viewer_id !== target.viewerId || replay.template_id !== request.templateId) {
        throw new EncoreError("idempotency_conflict", "this key was used for another greeting");
      }
      return { coupon: replay, replayed: true };
    }
    const template = await requireTemplate(trx, shop.id, request.templateId as string);
    const { budget } = shop.config.automations;
    const sent = await contactsSince(trx, shop.id, target.viewerId, now - WEEK_MS);
    if (limitAt(now, sent, budget, shop.config.timezone) !== null) {
      throw new EncoreError("contact_budget", "the shop's contact budget has no room for this viewer now");
    }
    const issued = await issueCoupon(trx, shop.config, {
      shopId: shop.id,
      viewerId: target.viewerId,
      viewerGrowth: viewer.growth,
      template,
      source: "host_gift",
      sourceRef: request.idempotencyKey,
      grantKey,
      now,
    });
    await recordAudit(
      trx,
      shop.id,
      { actor: `host:${host.viewerId}`, requestId: null },
      {
        action: "coupon.grant",
        target: { kind: "coupon", id: issued.coupon.code },
        before: null,
        after: { viewerId: target.viewerId, templateId: template.id, state: "issued", note: "host greeting" },
      },
      now,
    );
    return issued;
  });
  const coupon = toCoupon(issued.coupon, now);
  if (!issued.replayed) ctx.notifier.toViewer(shop.id, target.viewerId, ServerEvent.coupon, coupon);
  return { coupon, replayed: issued.replayed };
}
