import type { Kysely, Migration } from "kysely";
import { rebuildCouponCounts } from "../coupon-counts.js";
import type { Dialect } from "../database.js";
import { rebuildIntent } from "../intent-rebuild.js";

export const name = "0033_counted_rollups";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // One row per viewer and sku they clicked: the latest click, the HIGH_INTENT_CLICKS-th latest (high intent
      // is three clicks within the window, so the pair is in it while that click is),
      // and whether a standing order of theirs holds the sku. Kept with every click, order,
      // refund and import, so the high-intent count and list are a range of one index.
      await db.schema
        .createTable("intent_pairs")
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("sku", "text", (c) => c.notNull())
        .addColumn("last_at", "bigint", (c) => c.notNull())
        .addColumn("nth_at", "bigint")
        .addColumn("bought", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("intent_pairs_pk", ["shop_id", "viewer_id", "sku"])
        .execute();
      await db.schema
        .createIndex("intent_pairs_window")
        .on("intent_pairs")
        .columns(["shop_id", "bought", "nth_at", "viewer_id"])
        .execute();
      await rebuildIntent(db);

      // Coupons issued and redeemed per source, in a few shards per shop and source (a coupon's
      // shard is a hash of its code) so a claim storm's transactions do not queue on one row;
      // the dashboard sums them.
      await db.schema
        .createTable("coupon_counts")
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("shard", "integer", (c) => c.notNull())
        .addColumn("issued", "bigint", (c) => c.notNull())
        .addColumn("redeemed", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("coupon_counts_pk", ["shop_id", "source", "shard"])
        .execute();
      await rebuildCouponCounts(db);
    },
  };
}
