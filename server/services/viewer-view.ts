import type { CouponView, ViewerResponse, Wallet } from "../../protocol/index.js";
import { EncoreError } from "../../protocol/index.js";
import { toCoupon, toLedgerEntry, toViewerResponse, toWallet } from "../adapters.js";
import { EMPTY_WATCH } from "../domain/watch.js";
import type { WatchState } from "../shared/watch-state.js";
import { listViewerCoupons } from "../store/coupons.js";
import type { Executor } from "../store/executor.js";
import type { ViewerRow } from "../store/schema.js";
import { findViewer, listLedger } from "../store/viewers.js";
import { findWatchState } from "../store/watch.js";
import type { Context } from "./context.js";
import { viewerSegments } from "./repurchase.js";
import type { Shop } from "./shops.js";

/** One viewer as every client sees them: the widget's snapshot and the shop API read the same. */
export interface ViewerView {
  /** undefined for a viewer the shop has not credited yet: their wallet is empty */
  row: ViewerRow | undefined;
  wallet: Wallet;
  watch: WatchState;
  coupons: CouponView[];
}

export async function viewerView(db: Executor, shop: Shop, viewerId: string, now: number): Promise<ViewerView> {
  const row = await findViewer(db, shop.id, viewerId);
  const watch = await findWatchState(db, shop.id, viewerId);
  return {
    row,
    wallet: toWallet(row ?? { points: 0, growth: 0 }, shop.config),
    watch: watch ?? EMPTY_WATCH,
    coupons: (await listViewerCoupons(db, shop.id, viewerId)).map((c) => toCoupon(c, now)),
  };
}

/** `GET /v1/viewers/:id`: the same view, with what the shop's backend wants besides. */
export async function viewerProfile(ctx: Context, shop: Shop, viewerId: string): Promise<ViewerResponse> {
  const now = ctx.clock.now();
  const { db } = ctx.store;
  const view = await viewerView(db, shop, viewerId, now);
  if (!view.row) throw new EncoreError("viewer_not_found", `no viewer ${viewerId}`);
  return toViewerResponse({ ...view, row: view.row }, await viewerSegments(db, shop, viewerId, now));
}

/** A viewer's ledger entries, newest first. */
export async function viewerLedger(ctx: Context, shopId: string, viewerId: string, limit: number) {
  return (await listLedger(ctx.store.db, shopId, viewerId, limit)).map(toLedgerEntry);
}
