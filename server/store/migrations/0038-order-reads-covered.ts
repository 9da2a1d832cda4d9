import { type Kysely, type Migration, sql } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0038_order_reads_covered";

/**
 * The two indexes a sweep reads orders by now hold what it reads, so it no longer looks each
 * order up in the table. An order's row is over a kilobyte (its stored request and answer, for
 * replays), so a handful share a page, and every order a sweep read by these indexes was a page of
 * its own: a chunk's standing orders and the buyers' spend by viewer (`orders_viewer`), the order
 * lines paid within a replenishment window by time (`orders_recent`). Measured on a copy of a
 * million members and two million orders on SQLite: a chunk's orders in half the time, the spend
 * by viewer in two fifths, the lines of a window in three fifths.
 *
 * Same names and the same leading columns, so every plan that used them uses them still. Postgres
 * keeps the extra columns out of the key (INCLUDE): they are read, never searched.
 */
export function migration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.dropIndex("orders_viewer").execute();
      await db.schema.dropIndex("orders_recent").execute();
      if (dialect === "postgres") {
        await sql`create index orders_viewer on orders (shop_id, viewer_id, paid_at) include (refunded_at, paid, coupon_code, order_id)`.execute(
          db,
        );
        await sql`create index orders_recent on orders (shop_id, paid_at) include (refunded_at, viewer_id, order_id)`.execute(
          db,
        );
        return;
      }
      await db.schema
        .createIndex("orders_viewer")
        .on("orders")
        .columns(["shop_id", "viewer_id", "paid_at", "refunded_at", "paid", "coupon_code", "order_id"])
        .execute();
      await db.schema
        .createIndex("orders_recent")
        .on("orders")
        .columns(["shop_id", "paid_at", "refunded_at", "viewer_id", "order_id"])
        .execute();
    },
  };
}
