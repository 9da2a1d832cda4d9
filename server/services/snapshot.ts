import type { Snapshot } from "../../protocol/index.js";
import { toCatalogue, toChest, toCoupon, toPublicConfig, toRoomState, toWallet } from "../adapters.js";
import { tierStatus } from "../domain/tiers.js";
import { EMPTY_WATCH, watchStatus } from "../domain/watch.js";
import { hasReminder } from "../store/activity.js";
import { listTemplates, listViewerCoupons } from "../store/coupons.js";
import type { RoomRow } from "../store/schema.js";
import { findViewer } from "../store/viewers.js";
import { findWatchState, latestChest } from "../store/watch.js";
import type { Context } from "./context.js";
import type { Identity } from "./identity.js";
import { viewerCard } from "./repurchase.js";
import type { Shop } from "./shops.js";

/** Everything a widget needs to draw itself, for a viewer or a guest. */
export async function buildSnapshot(
  ctx: Context,
  shop: Shop,
  room: RoomRow,
  identity: Identity | null,
): Promise<Snapshot> {
  const now = ctx.clock.now();
  const { db } = ctx.store;
  const base = {
    serverTime: now,
    room: toRoomState(room),
    config: toPublicConfig(shop.config),
    catalogue: toCatalogue(await listTemplates(db, shop.id)),
    product: null,
    offer: null,
    claim: null,
    card: null,
    reminder: false,
  };
  if (!identity) return { ...base, viewer: null, wallet: null, watch: null, chest: null, coupons: [] };
  const viewer = await findViewer(db, shop.id, identity.viewerId);
  const balance = viewer ?? { points: 0, growth: 0 };
  const watch = (await findWatchState(db, shop.id, identity.viewerId)) ?? EMPTY_WATCH;
  const multiplier = tierStatus(Number(balance.growth), shop.config.tiers).multiplier;
  return {
    ...base,
    viewer: { id: identity.viewerId, name: identity.name, role: identity.role },
    wallet: toWallet(balance, shop.config),
    watch: watchStatus(watch, now, shop.config, multiplier),
    chest: toChest(await latestChest(db, shop.id, identity.viewerId), now),
    coupons: (await listViewerCoupons(db, shop.id, identity.viewerId)).map((c) => toCoupon(c, now)),
    card: await viewerCard(db, shop, identity.viewerId, now),
    reminder: await hasReminder(db, room.id, identity.viewerId),
  };
}
