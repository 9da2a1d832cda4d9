import type { Chest, PublicConfig, RoomState, ShopConfig, Wallet } from "../protocol/index.js";
import { tierStatus } from "./domain/tiers.js";
import type { ChestRow, RoomRow, ViewerRow } from "./store/schema.js";

/** Rows become wire shapes here and nowhere else; raw rows never reach a socket or a response. */
export function toWallet(viewer: Pick<ViewerRow, "points" | "growth">, config: ShopConfig): Wallet {
  const points = Number(viewer.points);
  const growth = Number(viewer.growth);
  return { points, growth, tier: tierStatus(growth, config.tiers) };
}

export function toRoomState(room: RoomRow): RoomState {
  return { id: room.id, title: room.title, live: Number(room.live) === 1 };
}

export function toChest(chest: ChestRow | undefined, now: number): Chest | null {
  if (!chest || chest.claimed_at !== null || Number(chest.expires_at) < now) return null;
  return { id: chest.id, points: Number(chest.points), expiresAt: Number(chest.expires_at) };
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
