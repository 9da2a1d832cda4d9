import type { ClaimOutcome, Snapshot } from "../../protocol/index.js";
import { toChest, toCoupon, toRoomState, toWallet } from "../adapters.js";
import { dayRoom, EMPTY_WATCH, watchStatus } from "../domain/watch.js";
import { findCoupon } from "../store/coupons.js";
import type { Executor } from "../store/executor.js";
import { findEntry } from "../store/offers.js";
import { viewerCoupons, viewerFacts } from "../store/viewer-facts.js";
import type { Context } from "./context.js";
import { armsFrom } from "./experiments.js";
import type { Identity } from "./identity.js";
import type { RoomShared } from "./join-state.js";
import { viewerCard } from "./repurchase.js";
import { guestOnStage } from "./stage.js";
import { withWatchRate } from "./watch.js";

/**
 * Everything a widget needs to draw itself, for a viewer or a guest. The room's shared part (the
 * room, its shop, campaigns, featured product, live offer, exchange catalogue, running experiment
 * and stage) comes as every join of the room reads it, kept until a write to its tables commits
 * (services/join-state.ts); only the viewer's own part is read for each snapshot.
 */
export async function buildSnapshot(ctx: Context, shared: RoomShared, identity: Identity | null): Promise<Snapshot> {
  const { room, shop, product, offer } = shared;
  const now = ctx.clock.now();
  const { db } = ctx.store;
  const base = {
    serverTime: now,
    room: toRoomState(room),
    config: shared.config,
    catalogue: shared.catalogue,
    product,
    offer,
    claim: null,
    card: null,
    reminder: false,
    inbox: null,
    campaign: shared.campaign(now).banner,
    stage: await guestOnStage(ctx, shared.stageSpot),
  };
  if (!identity) return { ...base, viewer: null, wallet: null, watch: null, chest: null, coupons: [] };
  // the viewer's own facts in one statement, then only what they decide is needed besides
  const facts = await viewerFacts(db, ctx.store.dialect, shop.id, identity.viewerId, room.id);
  const wallet = toWallet(facts.viewer ?? { points: 0, growth: 0 }, shop.config);
  const watch = facts.watch ?? EMPTY_WATCH;
  const multiplier = wallet.tier.multiplier;
  // the next block's points at the rate this viewer's experiment arm pays, if one runs
  const applied = armsFrom(shared.watchExperiment, [identity.viewerId]).get(identity.viewerId);
  const earning = withWatchRate(shop.config, applied?.arm?.pointsPerBlock);
  return {
    ...base,
    viewer: { id: identity.viewerId, name: identity.name, role: identity.role },
    wallet,
    watch: watchStatus(watch, now, earning, multiplier, shared.campaign(now).boost.watch),
    // a chest the day's watch cap can no longer pay is not on offer
    chest: dayRoom(watch, now, shop.config) > 0 ? toChest(facts.chest, now) : null,
    coupons: (await viewerCoupons(db, ctx.store.dialect, shop.id, identity.viewerId)).map((c) => toCoupon(c, now)),
    card: await viewerCard(db, shop, identity.viewerId, facts, now),
    reminder: facts.reminder,
    inbox: { unseen: facts.unseen, optedOut: facts.optedOut },
    claim: offer ? await claimSoFar(db, shop.id, offer.id, identity.viewerId, now) : null,
  };
}

/** A viewer who reloads mid-offer sees their win or their place in the draw again. */
async function claimSoFar(
  db: Executor,
  shopId: string,
  offerId: string,
  viewerId: string,
  now: number,
): Promise<ClaimOutcome | null> {
  const entry = await findEntry(db, offerId, viewerId);
  if (!entry) return null;
  if (entry.won !== 1 || entry.coupon_code === null) return { offerId, result: "entered" };
  const coupon = await findCoupon(db, shopId, entry.coupon_code);
  return coupon ? { offerId, result: "won", coupon: toCoupon(coupon, now) } : null;
}
