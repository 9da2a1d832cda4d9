import type {
  Chest,
  CouponView,
  LedgerEntry,
  PointReason,
  PublicConfig,
  ShopConfig,
  ViewerResponse,
  ViewerSegments,
  Wallet,
  WalletUpdate,
} from "../../protocol/index.js";
import { tierStatus } from "../domain/tiers.js";
import type { WatchState } from "../shared/watch-state.js";
import type { ChestRow, LedgerRow, ViewerRow } from "../store/schema.js";

// The viewer's own figures: wallet, chest, ledger, watching, and the rules the widget shows.

export function toWallet(viewer: Pick<ViewerRow, "points" | "growth">, config: ShopConfig): Wallet {
  return { points: viewer.points, growth: viewer.growth, tier: tierStatus(viewer.growth, config.tiers) };
}

/** The wallet push after a ledger change: the balance it left and the change that caused it. */
export function toWalletUpdate(wallet: Wallet, entry: { delta: number; reason: PointReason }): WalletUpdate {
  return { wallet, delta: entry.delta, reason: entry.reason };
}

export function toChest(chest: ChestRow | undefined, now: number): Chest | null {
  if (!chest || chest.claimed_at !== null || chest.expires_at < now) return null;
  return { id: chest.id, points: chest.points, expiresAt: chest.expires_at };
}

export function toPublicConfig(config: ShopConfig): PublicConfig {
  return {
    tiers: config.tiers,
    memberDays: config.memberDays,
    watch: config.watch,
    chest: config.chest,
    pointsPerYuan: config.pointsPerYuan,
  };
}

export function toLedgerEntry(row: LedgerRow): LedgerEntry {
  return {
    id: row.id,
    delta: row.delta,
    growthDelta: row.growth_delta,
    reason: row.reason as LedgerEntry["reason"],
    ref: row.ref,
    idempotencyKey: row.idempotency_key,
    note: row.note,
    pointsAfter: row.points_after,
    growthAfter: row.growth_after,
    createdAt: row.created_at,
  };
}

/** What the shop API tells of a viewer's watching: all of it, and today's points. */
export function toWatchSummary(watch: WatchState): { totalSeconds: number; todayPoints: number } {
  return { totalSeconds: Math.floor(watch.totalMs / 1000), todayPoints: watch.dayPoints };
}

/** `GET /v1/viewers/:id`: the viewer as the shop's backend knows them, with what they hold and watched. */
export function toViewerResponse(
  view: {
    row: Pick<ViewerRow, "viewer_id" | "name" | "birthday" | "created_at">;
    wallet: Wallet;
    watch: WatchState;
    coupons: CouponView[];
  },
  segments: ViewerSegments,
): ViewerResponse {
  return {
    viewerId: view.row.viewer_id,
    name: view.row.name,
    birthday: view.row.birthday,
    wallet: view.wallet,
    watch: toWatchSummary(view.watch),
    createdAt: view.row.created_at,
    coupons: view.coupons,
    segments,
  };
}
