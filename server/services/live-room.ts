import {
  type CouponTemplate,
  EncoreError,
  type HostStats,
  type Product,
  type RoomState,
  type WinnersPage,
} from "../../protocol/index.js";
import { toProduct, toRoomState, toTemplate, toWinner } from "../adapters.js";
import { listTemplates } from "../store/coupons.js";
import { sampleViewers } from "../store/insight.js";
import { findOffer, offerWinners, pointsIssuedSince, setRoomLive } from "../store/offers.js";
import { findFeaturedProduct, setRoomProduct } from "../store/products.js";
import type { Context } from "./context.js";
import { requireProduct } from "./products.js";
import { enqueueLiveStarted } from "./reminders.js";
import { requireRoom } from "./shops.js";

/** The live panel's winners list keeps this many, newest first; the rest are a host:winners:get away. */
const WINNERS_SHOWN = 50;
/** Winners per host:winners:get page. */
export const WINNERS_PAGE = 500;

/** Going live twice keeps the first start, so "points issued this live" counts the whole live. */
export async function setLive(ctx: Context, roomId: string, live: boolean): Promise<RoomState> {
  const now = ctx.clock.now();
  return ctx.store.db.transaction().execute(async (trx) => {
    const room = await requireRoom(trx, roomId);
    const changing = (room.live === 1) !== live;
    if (changing) await setRoomLive(trx, roomId, live, now);
    const after = await requireRoom(trx, roomId);
    // the reminder subscribers hear of it exactly when the room goes live, in the same commit
    if (changing && live) await enqueueLiveStarted(trx, after, now);
    return toRoomState(after);
  });
}

/** The host presents a product of the room's shop's catalogue (by sku), or nothing (null). */
export async function featureProduct(ctx: Context, roomId: string, sku: string | null): Promise<Product | null> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const room = await requireRoom(trx, roomId);
    const product = sku === null ? null : await requireProduct(trx, room.shop_id, sku);
    await setRoomProduct(
      trx,
      sku === null ? { room_id: roomId, sku: null } : { room_id: roomId, sku, featured_at: ctx.clock.now() },
    );
    return product ? toProduct(product) : null;
  });
}

export async function featuredProduct(ctx: Context, roomId: string): Promise<Product | null> {
  const row = await findFeaturedProduct(ctx.store.db, roomId);
  return row ? toProduct(row) : null;
}

/**
 * The parts of the host panel that live in the database: points issued since the room went live,
 * and the newest winners of the room's latest offer, the one the panel's claims count.
 */
export async function liveTotals(
  ctx: Context,
  shopId: string,
  roomId: string,
  offerId: string | null,
): Promise<Pick<HostStats, "pointsIssuedThisLive" | "winners">> {
  const room = await requireRoom(ctx.store.db, roomId);
  const since = room.live_started_at;
  const [points, winners] = await Promise.all([
    since === null ? 0 : pointsIssuedSince(ctx.store.db, shopId, since),
    offerId === null ? [] : offerWinners(ctx.store.db, offerId, { offset: 0, limit: WINNERS_SHOWN, newestFirst: true }),
  ]);
  return { pointsIssuedThisLive: points, winners: winners.map(toWinner) };
}

/** A page of one of the room's offers' winners, in the order they won. */
export async function winnersPage(
  ctx: Context,
  shopId: string,
  roomId: string,
  request: { offerId: string; offset: number },
): Promise<WinnersPage> {
  const offer = await findOffer(ctx.store.db, shopId, request.offerId);
  if (!offer || offer.room_id !== roomId)
    throw new EncoreError("offer_none", `no offer ${request.offerId} in this room`);
  const winners = await offerWinners(ctx.store.db, offer.id, {
    offset: request.offset,
    limit: WINNERS_PAGE,
    newestFirst: false,
  });
  return { offerId: offer.id, total: offer.claimed, offset: request.offset, winners: winners.map(toWinner) };
}

/** The shop's templates as the console lists them, with what each has issued so far. */
export async function shopTemplates(ctx: Context, shopId: string): Promise<CouponTemplate[]> {
  return (await listTemplates(ctx.store.db, shopId)).map(toTemplate);
}

/** A viewer count for the dashboard, kept only while the room is live. */
export async function recordViewers(ctx: Context, roomId: string, viewers: number): Promise<void> {
  const room = await requireRoom(ctx.store.db, roomId);
  if (room.live === 1) await sampleViewers(ctx.store.db, roomId, viewers, ctx.clock.now());
}
