import type { Generated, Insertable, Selectable } from "kysely";

/**
 * Table shapes. Times are epoch milliseconds in bigint columns; flags are 0/1 integers so
 * the same rows read the same on SQLite and Postgres.
 */
export interface ShopsTable {
  id: string;
  name: string;
  secret: string;
  config: string;
  created_at: number;
}

export interface RoomsTable {
  id: string;
  shop_id: string;
  title: string;
  live: number;
  live_started_at: number | null;
  created_at: number;
}

export interface ViewersTable {
  shop_id: string;
  viewer_id: string;
  name: string | null;
  birthday: string | null;
  points: number;
  growth: number;
  created_at: number;
}

export interface LedgerTable {
  id: Generated<number>;
  shop_id: string;
  viewer_id: string;
  delta: number;
  growth_delta: number;
  reason: string;
  ref: string;
  idempotency_key: string;
  note: string | null;
  points_after: number;
  growth_after: number;
  created_at: number;
}

export interface WatchStateTable {
  shop_id: string;
  viewer_id: string;
  credited_until: number | null;
  carry_ms: number;
  total_ms: number;
  day: string;
  day_points: number;
  blocks: number;
  chests: number;
  updated_at: number;
}

export interface ChestsTable {
  id: string;
  shop_id: string;
  viewer_id: string;
  ordinal: number;
  points: number;
  appeared_at: number;
  expires_at: number;
  claimed_at: number | null;
}

export interface Database {
  shops: ShopsTable;
  rooms: RoomsTable;
  viewers: ViewersTable;
  ledger: LedgerTable;
  watch_state: WatchStateTable;
  chests: ChestsTable;
}

export type ShopRow = Selectable<ShopsTable>;
export type RoomRow = Selectable<RoomsTable>;
export type ViewerRow = Selectable<ViewersTable>;
export type LedgerRow = Selectable<LedgerTable>;
export type NewLedgerRow = Insertable<LedgerTable>;
export type WatchStateRow = Selectable<WatchStateTable>;
export type ChestRow = Selectable<ChestsTable>;
