import type { Column, Row } from "./writer.js";

/**
 * The columns the bulk seeder writes, in the order its rows carry them, in the order the tables
 * must be filled (a row's foreign keys point at tables filled before it).
 */
export const TABLES = {
  viewers: [
    ["shop_id", "text"],
    ["viewer_id", "text"],
    ["name", "text"],
    ["birthday", "text"],
    ["points", "int8"],
    ["growth", "int8"],
    ["created_at", "int8"],
    ["is_host", "int4"],
  ],
  watch_state: [
    ["shop_id", "text"],
    ["viewer_id", "text"],
    ["credited_until", "int8"],
    ["carry_ms", "int8"],
    ["total_ms", "int8"],
    ["day", "text"],
    ["day_points", "int8"],
    ["blocks", "int8"],
    ["chests", "int8"],
    ["updated_at", "int8"],
  ],
  ledger: [
    ["shop_id", "text"],
    ["viewer_id", "text"],
    ["delta", "int8"],
    ["growth_delta", "int8"],
    ["reason", "text"],
    ["ref", "text"],
    ["idempotency_key", "text"],
    ["note", "text"],
    ["points_after", "int8"],
    ["growth_after", "int8"],
    ["created_at", "int8"],
  ],
  coupons: [
    ["code", "text"],
    ["shop_id", "text"],
    ["viewer_id", "text"],
    ["template_id", "text"],
    ["name", "text"],
    ["kind", "text"],
    ["value", "int8"],
    ["min_spend", "int8"],
    ["source", "text"],
    ["source_ref", "text"],
    ["grant_key", "text"],
    ["state", "text"],
    ["issued_at", "int8"],
    ["expires_at", "int8"],
    ["redeemed_at", "int8"],
    ["redeemed_order", "text"],
    ["discount", "int8"],
  ],
  orders: [
    ["shop_id", "text"],
    ["order_id", "text"],
    ["viewer_id", "text"],
    ["amount", "int8"],
    ["discount", "int8"],
    ["points_used", "int8"],
    ["points_value", "int8"],
    ["paid", "int8"],
    ["points_earned", "int8"],
    ["growth_earned", "int8"],
    ["coupon_code", "text"],
    ["request", "text"],
    ["response", "text"],
    ["paid_at", "int8"],
    ["created_at", "int8"],
    ["refunded_at", "int8"],
    ["refund", "text"],
  ],
  order_items: [
    ["shop_id", "text"],
    ["order_id", "text"],
    ["line", "int4"],
    ["sku", "text"],
    ["name", "text"],
    ["qty", "int4"],
    ["price", "int8"],
  ],
  redemptions: [
    ["shop_id", "text"],
    ["order_id", "text"],
    ["code", "text"],
    ["viewer_id", "text"],
    ["amount", "int8"],
    ["discount", "int8"],
    ["created_at", "int8"],
    ["reversed_at", "int8"],
  ],
  clicks: [
    ["shop_id", "text"],
    ["viewer_id", "text"],
    ["sku", "text"],
    ["at", "int8"],
  ],
  live_watch: [
    ["room_id", "text"],
    ["live_started_at", "int8"],
    ["shop_id", "text"],
    ["viewer_id", "text"],
    ["watched_ms", "int8"],
  ],
} as const satisfies Record<string, readonly Column[]>;

export type TableName = keyof typeof TABLES;
export const TABLE_ORDER = Object.keys(TABLES) as TableName[];

/** The rows of one chunk of viewers, by table. */
export type Batch = Record<TableName, Row[]>;

export const emptyBatch = (): Batch =>
  Object.fromEntries(TABLE_ORDER.map((table) => [table, [] as Row[]])) as unknown as Batch;
